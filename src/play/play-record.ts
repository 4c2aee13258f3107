import type { Predicate } from '../model/predicate.js';
import type { WorldEvent } from '../regions/events.js';
import type { ScenarioData } from '../scenario/schema.js';
import { dayIndex } from '../sim/calendar.js';

/**
 * A move of the played actor in the scenario's injects: what the actor did in history (or, for a
 * `hypothetical` inject of a what-if, what the branch has it do), with the inject's text and sources.
 * In a play session these moves do not fire by themselves; the player is shown them on their day.
 */
export interface RecordedMove {
  /** The inject's id. */
  readonly inject: string;
  /** The day it is dated to (from 0 at the start date), or null for a conditional inject. */
  readonly day: number | null;
  readonly date: string | null;
  /** For a conditional inject: the condition under which it fires. */
  readonly when?: Predicate | undefined;
  readonly text: string;
  readonly sources: readonly string[];
  readonly framing?: string | undefined;
  /** True for an invented inject of a what-if, false for the historical record. */
  readonly hypothetical: boolean;
  /** The actor's moves in the inject (an inject may also carry other actors' moves, which still fire). */
  readonly moves: readonly WorldEvent[];
}

/** The played actor's moves in the scenario's injects, in file order. */
export function recordOf(data: ScenarioData, actor: string): RecordedMove[] {
  const out: RecordedMove[] = [];
  for (const inject of data.injects) {
    const list = Array.isArray(inject.do) ? inject.do : [inject.do];
    const moves = list
      .map((m) => ({ ...m, by: m.by ?? inject.by }) as unknown as WorldEvent)
      .filter((m) => m.by === actor);
    if (moves.length === 0) continue;
    out.push({
      inject: inject.id,
      day: inject.date === undefined ? null : dayIndex(data.calendar.start, inject.date),
      date: inject.date ?? null,
      ...(inject.when !== undefined ? { when: inject.when } : {}),
      text: inject.text,
      sources: [...(inject.source ? [inject.source] : []), ...(inject.sources ?? [])],
      ...(inject.framing !== undefined ? { framing: inject.framing } : {}),
      hypothetical: inject.hypothetical === true,
      moves,
    });
  }
  return out;
}
