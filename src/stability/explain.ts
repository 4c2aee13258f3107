import type { StabilityResult } from './analyse.js';
import { type Concept, conceptNames, sanctions } from './concepts.js';
import type { GraphModel } from './graph-model.js';
import { movesFrom } from './graph-model.js';
import type { Player } from './players.js';
import { type Step, sanctionPath } from './reach.js';

/** A state as people read it: its ordered number (from 1) and its label. */
export function stateName(model: GraphModel, s: number): string {
  return `state ${s + 1} (${model.label(s)})`;
}

/** A simultaneous reply that sanctions `x`: the opponents' moves and where they end, or null. */
function simultaneousSanction(
  model: GraphModel,
  p: Player,
  opponents: readonly Player[],
  s: number,
  x: number,
): { moves: Step[]; end: number } | null {
  const form = model.options;
  if (!form) return null;
  const here = form.code[s] as number;
  const search = (j: number, code: number, moves: Step[]): { moves: Step[]; end: number } | null => {
    if (j === opponents.length) {
      const t = moves.length > 0 ? form.stateOf(code >>> 0) : -1;
      return t >= 0 && sanctions(model, p.members, s, t) ? { moves, end: t } : null;
    }
    const skip = search(j + 1, code, moves);
    if (skip) return skip;
    for (const t of movesFrom((opponents[j] as Player).improving, s)) {
      const found = search(j + 1, code ^ here ^ (form.code[t] as number), [...moves, { mover: j, state: t }]);
      if (found) return found;
    }
    return null;
  };
  return search(0, form.code[x] as number, []);
}

const listed = (items: readonly string[]) =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;

/**
 * Why a state is or is not stable for a player under a concept, in sentences: each improvement the
 * player has, and the sanction that deters it or the fact that nothing does.
 */
export function explainStability(
  result: StabilityResult,
  s: number,
  playerIndex: number,
  concept: Concept,
  players: readonly Player[] = result.players,
  limit = 3,
): string {
  const { model, sanctions: reading } = result;
  const p = players[playerIndex] as Player;
  const opponents = players.filter((_, i) => i !== playerIndex);
  const name = (i: number) => (opponents[i] as Player).name;
  const here = stateName(model, s);
  const improvements = movesFrom(p.improving, s);
  const label = conceptNames[concept];
  if (improvements.length === 0)
    return `${here} is ${label} stable for ${p.name}: it has no unilateral improvement from there.`;
  if (concept === 'seqsim')
    return ['seq', 'sim']
      .map((c) => explainStability(result, s, playerIndex, c as Concept, players, limit))
      .join(' ');
  if (concept === 'nash')
    return `${here} is not Nash stable for ${p.name}: it can move to ${stateName(model, improvements[0] as number)}, which it prefers.`;
  const smrSafe = (t: number) =>
    sanctions(model, p.members, s, t) &&
    movesFrom(p.moves, t).every((u) => sanctions(model, p.members, s, u));
  const why = (x: number): string | null => {
    if (concept === 'sim') {
      const found = simultaneousSanction(model, p, opponents, s, x);
      if (!found) return null;
      const who = listed(found.moves.map((m) => `${name(m.mover)} moves to ${model.label(m.state)}`));
      return `its move to ${stateName(model, x)} is sanctioned if at the same time ${who}: together they end at ${stateName(model, found.end)}, which ${p.name} likes no more than ${here}`;
    }
    const kind = concept === 'seq' ? 'improving' : 'moves';
    const good = concept === 'smr' ? smrSafe : (t: number) => sanctions(model, p.members, s, t);
    const path = sanctionPath(opponents, x, reading, kind, good);
    if (!path) return null;
    const steps = path.map(
      (m) =>
        `${name(m.mover)}'s ${kind === 'improving' ? 'improvement' : 'move'} to ${stateName(model, m.state)}`,
    );
    const tail =
      concept === 'smr' ? `, and no move of ${p.name}'s from there gets it back above ${here}` : '';
    return `its move to ${stateName(model, x)} is sanctioned by ${steps.join(', then ')}, which ${p.name} likes no more than ${here}${tail}`;
  };
  const reasons: string[] = [];
  for (const x of improvements) {
    const r = why(x);
    if (r === null) {
      const what =
        concept === 'sim'
          ? 'no improvement the others can make at the same time'
          : concept === 'seq'
            ? "no sequence of the others' own improvements"
            : concept === 'smr'
              ? 'no sanction it cannot escape'
              : "no sequence of the others' moves";
      return `${here} is not ${label} stable for ${p.name}: it can move to ${stateName(model, x)}, which it prefers, and ${what} leaves it no better off than at ${here}.`;
    }
    if (reasons.length < limit) reasons.push(r);
  }
  const more =
    improvements.length > limit
      ? ` (and ${improvements.length - limit} more improvement${improvements.length - limit > 1 ? 's' : ''}, each sanctioned)`
      : '';
  return `${here} is ${label} stable for ${p.name}: ${reasons.join('; ')}${more}.`;
}
