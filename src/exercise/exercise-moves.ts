import { describeMove } from '../machines/compose-world.js';
import { scenarioWorld } from '../scenario/world.js';
import { decisionOf, type Exercise } from './exercise-state.js';
import type { MoveOption } from './exercise-types.js';

const moveCache = new WeakMap<object, Map<string, { legal: MoveOption[]; refused: MoveOption[] }>>();

/** One actor's moves on the decision world, judged once per world. */
export function actorMoves(ex: Exercise, actor: string): { legal: MoveOption[]; refused: MoveOption[] } {
  const { world } = decisionOf(ex);
  let byActor = moveCache.get(world);
  if (!byActor) {
    byActor = new Map();
    moveCache.set(world, byActor);
  }
  const hit = byActor.get(actor);
  if (hit) return hit;
  const w = scenarioWorld(ex.base.scenario.data);
  const found = { legal: [] as MoveOption[], refused: [] as MoveOption[] };
  for (const move of w.candidateMoves(world.context, actor)) {
    const verdict = ex.base.stepper.check(world, move);
    const label = describeMove(move, world.context, w);
    (verdict.accepted ? found.legal : found.refused).push({
      move,
      label: label.charAt(0).toUpperCase() + label.slice(1),
      refusal: verdict.accepted ? null : verdict.refusal,
    });
  }
  byActor.set(actor, found);
  return found;
}

/** The moves of one seat's actors now, legal first, each refused one with its rule and reason. */
export function seatMoves(ex: Exercise, actors: readonly string[]): MoveOption[] {
  if (ex.state.run.finished || ex.state.phase === 'ended') return [];
  const all = actors.map((a) => actorMoves(ex, a));
  return [...all.flatMap((m) => m.legal), ...all.flatMap((m) => m.refused)];
}
