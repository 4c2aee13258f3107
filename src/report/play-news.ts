import type { TraceEntry } from '../agents/trace.js';
import { describeMove, ruleOf, type World } from '../machines/compose-world.js';
import type { WorldContext } from '../model/context.js';
import type { PlaySession, RecordedMove } from '../play/play.js';
import type { WorldEvent } from '../regions/events.js';
import { namer } from '../regions/queries.js';
import { scenarioWorld } from '../scenario/world.js';
import { humanDate } from '../sim/calendar.js';
import { wrapText } from './text-width.js';

/** One item of a player's news: a move someone made, accepted or refused with its rule. */
export interface NewsItem {
  readonly date: string;
  /** Whether the player made it. */
  readonly own: boolean;
  /** What happened: the actor and the inject's text for an inject's first move, else a sentence for the move. */
  readonly text: string;
  readonly accepted: boolean;
  readonly refusal?:
    | { readonly rule: string; readonly ruleText: string; readonly code: string; readonly reason: string }
    | undefined;
  /** Region changes, `region: from → to`. */
  readonly changes: readonly string[];
  readonly sources: readonly string[];
  readonly framing?: string | undefined;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A move as a sentence ("Azerbaijan demands that France be excluded as a mediator"). */
export function moveText(move: WorldEvent, ctx: WorldContext, world?: World): string {
  return capitalise(describeMove(move, ctx, world));
}

/** Trace entries as news items: an inject's text and sources once, then a sentence for each move. */
export function newsItems(
  entries: readonly TraceEntry[],
  ctx: WorldContext,
  actor: string,
  world?: World,
): NewsItem[] {
  return entries.map((e, i) => {
    const prev = entries[i - 1];
    const first = e.inject !== undefined && !(prev?.inject?.id === e.inject.id && prev.day === e.day);
    return {
      date: e.date,
      own: e.move.by === actor && e.origin === 'policy',
      text: first ? `${namer(ctx)(e.move.by)}: ${e.inject!.text}` : moveText(e.move, ctx, world),
      accepted: e.accepted,
      ...(e.refusal
        ? {
            refusal: {
              rule: e.refusal.rule,
              ruleText: ruleOf(e.refusal.rule, world).text,
              code: e.refusal.code,
              reason: e.refusal.reason,
            },
          }
        : {}),
      changes: e.changes.map((c) => `${c.region}: ${c.from} → ${c.to}`),
      sources: first ? e.inject!.sources : [],
      ...(first && e.inject!.framing ? { framing: e.inject!.framing } : {}),
    };
  });
}

/** "In history, on 12 Dec 2020, Azerbaijan: ..." lines for record entries, with their sources; moves in the words of `world`. */
export function recordLines(record: readonly RecordedMove[], ctx: WorldContext, world?: World): string[] {
  const out: string[] = [];
  for (const r of record) {
    const when = r.date ? `on ${humanDate(r.date)}` : 'now that its condition holds';
    const where = r.hypothetical ? 'In this what-if' : 'In history';
    out.push(`${where}, ${when}: ${r.text}`);
    for (const m of r.moves) out.push(`  move: ${moveText(m, ctx, world)}`);
    if (r.framing) out.push(`  framing: ${r.framing}`);
    for (const s of r.sources) out.push(`  source: ${s}`);
  }
  return out;
}

/** What a line of a player's news shows, for a terminal that colours it: a refused move, a region change, a source. */
export type NewsTone = 'plain' | 'refused' | 'change' | 'source';

/** One line of a player's news and its tone. */
export interface NewsLine {
  readonly text: string;
  readonly tone: NewsTone;
}

/**
 * The day's news for a player as lines, each with its tone, wrapped to `width` (default 80): what happened
 * since the last turn, and for a refused move the specific reason, then the rule it applies. Source URLs
 * are never broken.
 */
export function newsTonedLines(session: PlaySession, width = 80): NewsLine[] {
  const ctx = session.world.context;
  // The scenario's own world: its words for moves and its text for rules, as in `run`'s timeline.
  const world = scenarioWorld(session.played.data);
  const out: NewsLine[] = [];
  const push = (tone: NewsTone, lines: readonly string[]) => {
    for (const text of lines) out.push({ text, tone });
  };
  for (const item of newsItems(session.news, ctx, session.actor, world)) {
    const who = item.own ? 'you: ' : '';
    const framing = item.framing ? ` [${item.framing}]` : '';
    const tone = item.accepted ? 'plain' : 'refused';
    push(tone, wrapText(`${item.accepted ? '  ' : '✗ '}${who}${item.text}${framing}`, width, '    '));
    if (item.refusal) {
      push(tone, wrapText(`    refused: ${item.refusal.reason}`, width, '      '));
      push(tone, wrapText(`    rule ${item.refusal.rule}: ${item.refusal.ruleText}`, width, '      '));
    }
    if (item.changes.length) push('change', wrapText(`    → ${item.changes.join('; ')}`, width, '      '));
    push(
      'source',
      item.sources.map((s) => `    source: ${s}`),
    );
  }
  return out;
}

/**
 * The day's news for a player as plain lines, wrapped to `width` (default 80): what happened since the
 * last turn, and for a refused move the specific reason, then the rule it applies. Source URLs are never
 * broken.
 */
export function newsLines(session: PlaySession, width = 80): string[] {
  return newsTonedLines(session, width).map((line) => line.text);
}
