import { filterMoves, type GraphModel, type Moves, movesOf } from './graph-model.js';
import { maskOf, optionMoves } from './option-model.js';

/**
 * Whoever moves as one in an analysis: a decision maker alone, or a coalition of them. A coalition's
 * unilateral moves are what its members can reach together; it improves only when every member
 * prefers the new state (Kilgour, Hipel, Fang and Peng 2001).
 */
export interface Player {
  readonly name: string;
  readonly members: readonly number[];
  readonly moves: Moves;
  /** The moves every member strictly prefers: the player's unilateral improvements. */
  readonly improving: Moves;
}

/** Whether every member of `members` strictly prefers `to` over `from`. */
export function improves(model: GraphModel, members: readonly number[], from: number, to: number): boolean {
  for (const m of members) {
    const payoff = (model.dms[m] as { payoff: Float64Array }).payoff;
    if (!((payoff[to] as number) > (payoff[from] as number))) return false;
  }
  return true;
}

/**
 * States a group reaches by moves of its members in turn, no member moving twice in a row: a
 * coalition's moves in a model without option form.
 */
function groupMoves(model: GraphModel, members: readonly number[]): Moves {
  return movesOf(model.size, (s, push) => {
    const seen = new Set<number>([s]);
    const queue: [number, number][] = [[s, -1]];
    const visited = new Set<string>();
    while (queue.length > 0) {
      const [state, last] = queue.shift() as [number, number];
      for (const m of members) {
        if (m === last) continue;
        const moves = (model.dms[m] as { moves: Moves }).moves;
        for (let k = moves.offsets[state] as number; k < (moves.offsets[state + 1] as number); k++) {
          const t = moves.targets[k] as number;
          const key = `${t}:${m}`;
          if (visited.has(key)) continue;
          visited.add(key);
          if (!seen.has(t)) {
            seen.add(t);
            push(t);
          }
          queue.push([t, m]);
        }
      }
    }
  });
}

function player(model: GraphModel, members: readonly number[]): Player {
  const name = members.map((m) => (model.dms[m] as { name: string }).name).join(' + ');
  let moves: Moves;
  if (members.length === 1) moves = (model.dms[members[0] as number] as { moves: Moves }).moves;
  else if (model.options && !model.byProcess)
    moves = optionMoves(model.options, maskOf(model.options, members));
  else moves = groupMoves(model, members);
  return { name, members, moves, improving: filterMoves(moves, (s, t) => improves(model, members, s, t)) };
}

/** Each decision maker alone. */
export function individualPlayers(model: GraphModel): Player[] {
  return model.dms.map((_, d) => player(model, [d]));
}

/** The players of a coalition structure: each group moves as one. */
export function coalitionPlayers(model: GraphModel, groups: readonly (readonly number[])[]): Player[] {
  return groups.map((g) => player(model, g));
}
