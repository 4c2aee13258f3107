import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import { dateOf, humanDate } from '../sim/calendar.js';
import type { BatchSummary } from '../stats/batch.js';
import { esc, figure, interval, type PlotDocument, page, para, pct, svg, table } from './html-parts.js';
import type { LegendItem } from './legend.js';
import { mdText } from './markdown.js';
import { OUTCOME_BAR, outcomeSharePlot } from './outcome-chart.js';
import { changedIn, regionChart, unchangedLine } from './region-chart.js';

type KeyEvent = BatchSummary['keyEvents'][number];

const eventLabel = (event: KeyEvent) => `${event.region}: ${event.state}`;
const dayDate = (summary: BatchSummary, day: number) => humanDate(dateOf(summary.calendar.start, day));
/** Midnight UTC of day `day`, for Plot's time scales. */
const utc = (summary: BatchSummary, day: number) =>
  new Date(`${dateOf(summary.calendar.start, day)}T00:00:00Z`);

/** "Scenario title — what if: france-recognises", or "… — the scenario as written". */
function title(summary: BatchSummary): string {
  const branch =
    summary.whatIf === null ? 'the scenario as written' : `what if: ${summary.whatIfTitle ?? summary.whatIf}`;
  return `Batch report: ${summary.scenario.title} — ${branch}`;
}

function metaLines(summary: BatchSummary): [label: string, text: string][] {
  const { calendar: c } = summary;
  return [
    [
      'What-if',
      summary.whatIf === null
        ? 'none: the scenario as written'
        : summary.whatIfTitle
          ? `${summary.whatIfTitle} (${summary.whatIf})`
          : summary.whatIf,
    ],
    ['Runs', String(summary.runs)],
    ['Seed', String(summary.seed)],
    ['Engine', summary.engine],
    ['Calendar', `${humanDate(c.start)} to ${humanDate(c.end)} (${c.days} days)`],
    ['Scenario', `${summary.scenario.id}@${summary.scenario.hash}`],
  ];
}

function eventDays(summary: BatchSummary, event: KeyEvent): [median: string, range: string] {
  if (event.day === null) return ['never', 'never'];
  const { median, p10, p90 } = event.day;
  return [dayDate(summary, median), `${dayDate(summary, p10)} to ${dayDate(summary, p90)}`];
}

function movesLine(summary: BatchSummary): string {
  const m = summary.moves;
  return `On average a run attempted ${m.total} moves: ${m.accepted} accepted, ${m.refused} refused.`;
}

const NO_RUNS = 'This batch has no runs, so there is nothing to report yet.';
const NO_OUTCOMES = 'The scenario names no outcomes.';
const NO_EVENTS = 'No run entered a new region state during the calendar.';
const NO_VIOLATIONS = 'No scenario invariant was broken in any run.';

/**
 * Render a batch summary as a Markdown report for a trainer: what was run (what-if, runs, seed, engine,
 * calendar), how often each named outcome was reached with its 95% interval, when each region state was
 * first entered (median and 10th to 90th percentile dates), the final region states, the average moves
 * per run and the invariants broken.
 *
 * @example
 * ```ts
 * const batch = summaryAccumulator(scenario.data, meta);
 * for (let i = 0; i < 40; i++) batch.add(batchRecord(runScenario(scenario, { seed: runSeed(7, i) }), i));
 * console.log(renderBatchMarkdown(batch.summary()));
 * ```
 */
export function renderBatchMarkdown(summary: BatchSummary): string {
  // Every text from the scenario (titles, outcomes, regions, states, invariants) is data, not markup.
  const cell = mdText;
  const out = [`# ${mdText(title(summary))}`, ''];
  for (const [label, text] of metaLines(summary)) out.push(`- **${label}**: ${cell(text)}`);
  out.push('');
  if (summary.runs === 0) return `${[...out, NO_RUNS].join('\n')}\n`;

  out.push('## Named outcomes', '');
  if (summary.outcomes.length === 0) out.push(NO_OUTCOMES);
  else {
    out.push('| outcome | runs reached | share | 95% interval |', '|---|---:|---:|---|');
    for (const o of summary.outcomes)
      out.push(`| ${cell(o.text)} | ${o.reached} | ${pct(o.share)} | ${interval(o.ci95)} |`);
  }

  out.push('', '## Key events', '');
  if (summary.keyEvents.every((e) => e.day === null)) out.push(NO_EVENTS);
  else {
    out.push(
      'The first day each region state was entered, over the runs that entered it.',
      '',
      '| event | runs | share | median date | 10th to 90th percentile |',
      '|---|---:|---:|---|---|',
    );
    for (const e of summary.keyEvents) {
      const [median, range] = eventDays(summary, e);
      out.push(`| ${cell(eventLabel(e))} | ${e.runs} | ${pct(e.share)} | ${median} | ${range} |`);
    }
  }

  out.push('', '## Final region states', '', '| region | state | runs | share |', '|---|---|---:|---:|');
  for (const [region, states] of Object.entries(summary.finalRegions))
    for (const [state, runs] of Object.entries(states))
      out.push(`| ${cell(region)} | ${cell(state)} | ${runs} | ${pct(runs / summary.runs)} |`);

  out.push('', '## Moves per run', '', movesLine(summary), '', '## Invariants', '');
  const broken = Object.entries(summary.violations);
  if (broken.length === 0) out.push(NO_VIOLATIONS);
  else {
    out.push('| invariant broken | runs | share |', '|---|---:|---:|');
    for (const [id, runs] of broken) out.push(`| ${cell(id)} | ${runs} | ${pct(runs / summary.runs)} |`);
  }
  return `${out.join('\n')}\n`;
}

/** The keys of the outcome chart: the bar, and the interval's line. */
const OUTCOME_LEGEND: readonly LegendItem[] = [
  { mark: 'swatch', colour: OUTCOME_BAR, label: 'share of runs reaching the outcome' },
  { mark: 'line', colour: 'currentColor', label: '95% interval (Wilson)' },
];

const EVENT_DOT = '#3b6ea5';

function outcomeChart(summary: BatchSummary, document: PlotDocument): string {
  const label = 'Share of runs reaching each named outcome, with its 95% interval';
  return figure(
    label,
    `${label}. The bar is the share of the ${summary.runs} runs that reached the outcome at the end; the thin line with end ticks spans the 95% interval (Wilson); the percentage is printed beside it.`,
    OUTCOME_LEGEND,
    svg(document, outcomeSharePlot(summary)),
  );
}

function eventChart(summary: BatchSummary, document: PlotDocument): string {
  const events = summary.keyEvents
    .filter((e) => e.day !== null)
    .sort((a, b) => a.day!.median - b.day!.median || (eventLabel(a) < eventLabel(b) ? -1 : 1))
    .map((e) => ({
      label: eventLabel(e),
      median: utc(summary, e.day!.median),
      p10: utc(summary, e.day!.p10),
      p90: utc(summary, e.day!.p90),
    }));
  const cells = summary.keyEvents.flatMap((e) =>
    e.histogram.flatMap((runs, day) =>
      runs > 0 ? [{ label: eventLabel(e), date: utc(summary, day), runs }] : [],
    ),
  );
  const label = 'When each key event first happened, over the runs that reached it';
  return figure(
    label,
    `${label}. One row per region state entered in at least one run; a dot's area is the number of runs that first entered the state on that date (the number above it); the line spans the 10th to 90th percentile dates and the tall tick marks the median date.`,
    [
      { mark: 'dot', colour: EVENT_DOT, label: 'runs that first entered the state that day (area)' },
      { mark: 'line', colour: 'currentColor', label: '10th to 90th percentile' },
      { mark: 'tick', colour: 'currentColor', label: 'median date' },
    ],
    svg(document, {
      ariaLabel: label,
      width: 760,
      height: 50 + 36 * events.length,
      marginLeft: 200,
      marginRight: 30,
      x: {
        type: 'utc',
        domain: [utc(summary, 0), utc(summary, summary.calendar.days - 1)],
        grid: true,
        label: 'date',
      },
      y: { domain: events.map((e) => e.label), label: null },
      r: { range: [2, 9] },
      marks: [
        Plot.ruleY(events, { y: 'label', x1: 'p10', x2: 'p90', strokeWidth: 2, strokeOpacity: 0.5 }),
        Plot.tickX(events, { x: 'median', y: 'label', strokeWidth: 2, insetTop: 4, insetBottom: 4 }),
        Plot.dot(cells, {
          x: 'date',
          y: 'label',
          r: 'runs',
          fill: EVENT_DOT,
          fillOpacity: 0.7,
          title: (c: { label: string; date: Date; runs: number }) =>
            `${c.label}: ${c.runs} run(s) on ${humanDate(c.date.toISOString().slice(0, 10))}`,
        }),
        Plot.text(cells, { x: 'date', y: 'label', text: 'runs', dy: -14, fontSize: 9 }),
      ],
    }),
  );
}

/**
 * Render a batch summary as a self-contained HTML page: the content of {@link renderBatchMarkdown} plus
 * SVG charts drawn with Observable Plot (the share reaching each outcome with its 95% interval, when each
 * key event first happened, and the share of runs in each region state day by day). The page loads
 * nothing: no script, stylesheet, font or image; every text from the summary is escaped.
 *
 * @example
 * ```ts
 * const html = renderBatchHtml(batch.summary());
 * ```
 */
export function renderBatchHtml(summary: BatchSummary): string {
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  const body = [
    `<h1>${esc(title(summary))}</h1>`,
    `<dl>${metaLines(summary)
      .map(([l, t]) => `<dt>${esc(l)}</dt><dd>${esc(t)}</dd>`)
      .join('')}</dl>`,
  ];
  const p = para;
  if (summary.runs === 0) body.push(p(NO_RUNS));
  else {
    body.push('<h2>Named outcomes</h2>');
    if (summary.outcomes.length === 0) body.push(p(NO_OUTCOMES));
    else
      body.push(
        outcomeChart(summary, document),
        table(
          ['outcome', 'runs reached', 'share', '95% interval'],
          summary.outcomes.map((o) => [o.text, String(o.reached), pct(o.share), interval(o.ci95)]),
          [1, 2],
        ),
      );
    body.push('<h2>Key events</h2>');
    if (summary.keyEvents.every((e) => e.day === null)) body.push(p(NO_EVENTS));
    else
      body.push(
        eventChart(summary, document),
        table(
          ['event', 'runs', 'share', 'median date', '10th to 90th percentile'],
          summary.keyEvents.map((e) => [
            eventLabel(e),
            String(e.runs),
            pct(e.share),
            ...eventDays(summary, e),
          ]),
          [1, 2],
        ),
      );
    body.push('<h2>Region states day by day</h2>');
    for (const region of Object.keys(summary.daily))
      if (changedIn([summary], region)) body.push(regionChart(summary, region, document));
    const unchanged = unchangedLine([summary], ['this batch']);
    if (unchanged) body.push(unchanged);
    body.push(
      '<h2>Final region states</h2>',
      table(
        ['region', 'state', 'runs', 'share'],
        Object.entries(summary.finalRegions).flatMap(([region, states]) =>
          Object.entries(states).map(([state, runs]) => [
            region,
            state,
            String(runs),
            pct(runs / summary.runs),
          ]),
        ),
        [2, 3],
      ),
      '<h2>Moves per run</h2>',
      p(movesLine(summary)),
      '<h2>Invariants</h2>',
    );
    const broken = Object.entries(summary.violations);
    body.push(
      broken.length === 0
        ? p(NO_VIOLATIONS)
        : table(
            ['invariant broken', 'runs', 'share'],
            broken.map(([id, runs]) => [id, String(runs), pct(runs / summary.runs)]),
            [1, 2],
          ),
    );
  }
  return page(title(summary), body);
}
