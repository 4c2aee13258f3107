import type { TimelineItem } from '../core.js';
import { humanDate } from './format.js';

/** Props of the timeline panel. */
export interface TimelineViewProps {
  readonly items: readonly TimelineItem[];
  /** The day shown: its moves are marked, later days are hidden. */
  readonly day: number;
}

/** The run's timeline up to the day shown: each move, what it changed, its rule if refused, its sources. */
export function TimelineView({ items, day }: TimelineViewProps) {
  const shown = items.filter((item) => item.day <= day);
  const days = [...new Set(shown.map((item) => item.date))];
  return (
    <section className="panel timeline" aria-labelledby="timeline-title">
      <h2 id="timeline-title">Timeline</h2>
      {days.length === 0 && <p>Nothing has happened yet.</p>}
      <ol className="days">
        {days.map((date) => (
          <li key={date} className={shown.find((i) => i.date === date)!.day === day ? 'today' : ''}>
            <h3>{humanDate(date)}</h3>
            <ul>
              {shown
                .filter((item) => item.date === date)
                .map((item) => (
                  <TimelineEntry key={item.seq} item={item} />
                ))}
            </ul>
          </li>
        ))}
      </ol>
    </section>
  );
}

function TimelineEntry({ item }: { readonly item: TimelineItem }) {
  return (
    <li className={item.accepted ? 'move' : 'move refused'}>
      <div>
        {!item.accepted && <span title="refused">✗ </span>}
        <b>{item.actorName}</b>: {item.text}
        {item.framing && <i className="framing"> [{item.framing}]</i>}
      </div>
      {item.refusal && (
        <div className="refusal">
          refused under <b title={item.refusal.ruleText}>{item.refusal.rule}</b>: {item.refusal.reason}
        </div>
      )}
      {item.changes.map((change) => (
        <div key={change} className="change">
          → {change}
        </div>
      ))}
      {item.because && <div className="because">(policy rule: {item.because})</div>}
      <Sources urls={item.sources} />
    </li>
  );
}

/** A move's sources, each a link that opens in a new tab. */
export function Sources({ urls }: { readonly urls: readonly string[] }) {
  return urls.map((url) => (
    <div key={url} className="source">
      source:{' '}
      <a href={url} target="_blank" rel="noreferrer">
        {url}
      </a>
    </div>
  ));
}
