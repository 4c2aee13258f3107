import type { TraceEntry } from '../agents/trace.js';
import { describeMove, ruleOf } from '../machines/compose-world.js';
import type { WorldContext } from '../model/context.js';
import { namer } from '../regions/queries.js';
import { scenarioWorld } from '../scenario/world.js';
import { humanDate } from '../sim/calendar.js';
import type { RunResult } from '../sim/run-scenario.js';

/** One line of the narrated timeline. */
export interface TimelineItem {
  readonly seq: number;
  readonly date: string;
  readonly day: number;
  readonly actor: string;
  readonly actorName: string;
  readonly origin: TraceEntry['origin'];
  /** The move as data: its type, its actor and its payload fields. */
  readonly move: TraceEntry['move'];
  /** The inject the move came from, if any. */
  readonly inject?: string | undefined;
  /** What happened, in a sentence. */
  readonly text: string;
  readonly accepted: boolean;
  readonly refusal?:
    | { readonly rule: string; readonly code: string; readonly ruleText: string; readonly reason: string }
    | undefined;
  readonly changes: readonly string[];
  readonly sources: readonly string[];
  readonly framing?: string | undefined;
  readonly because?: string | undefined;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The timeline of a run: each attempted move with what it changed, its rule if refused, its sources. */
export function timeline(result: RunResult): TimelineItem[] {
  const ctx: WorldContext = result.world.context;
  const n = namer(ctx);
  const world = scenarioWorld(result.scenario.data);
  return result.trace.map((e, i) => {
    const prev = result.trace[i - 1];
    const sameInject = e.inject !== undefined && prev?.inject?.id === e.inject.id && prev.day === e.day;
    return {
      seq: e.seq,
      date: e.date,
      day: e.day,
      actor: e.move.by,
      actorName: n(e.move.by),
      origin: e.origin,
      move: e.move,
      ...(e.inject ? { inject: e.inject.id } : {}),
      text: e.inject && !sameInject ? e.inject.text : capitalise(describeMove(e.move, ctx, world)),
      accepted: e.accepted,
      ...(e.refusal
        ? {
            refusal: {
              rule: e.refusal.rule,
              code: e.refusal.code,
              ruleText: ruleOf(e.refusal.rule, world).text,
              reason: e.refusal.reason,
            },
          }
        : {}),
      changes: e.changes.map((c) => `${c.region}: ${c.from} → ${c.to}`),
      sources: sameInject ? [] : (e.inject?.sources ?? []),
      ...(e.inject?.framing && !sameInject ? { framing: e.inject.framing } : {}),
      ...(e.policy?.rule ? { because: e.policy.rule } : {}),
    };
  });
}

/** "25 Nov 2020" for an item. */
export function itemDate(item: TimelineItem): string {
  return humanDate(item.date);
}
