import { concepts as allConcepts, type Concept, stabilityFor } from './concepts.js';
import type { GraphModel } from './graph-model.js';
import { coalitionPlayers, individualPlayers, type Player } from './players.js';
import type { SanctionReading } from './reach.js';

export interface StabilityOptions {
  /** Concepts to compute; all by default. */
  readonly concepts?: readonly Concept[] | undefined;
  /** How far the opponents may go to sanction; `legal` (the textbook definition) by default. */
  readonly sanctions?: SanctionReading | undefined;
  /** Also analyse the model's coalitions, each moving as one. */
  readonly coalitions?: boolean | undefined;
}

/** Which states are stable for whom, under one set of players. */
export interface PlayerStability {
  readonly players: readonly Player[];
  /** Per concept, per player: 1 where the state is stable for that player. */
  readonly stable: Readonly<Partial<Record<Concept, readonly Uint8Array[]>>>;
  /** Per concept: 1 where the state is stable for every player (an equilibrium). */
  readonly equilibria: Readonly<Partial<Record<Concept, Uint8Array>>>;
}

export interface StabilityResult extends PlayerStability {
  readonly model: GraphModel;
  readonly concepts: readonly Concept[];
  readonly sanctions: SanctionReading;
  /**
   * With `coalitions`: stability for the coalitions, each moving as one. A state is a coalition
   * equilibrium when it is an equilibrium for the decision makers alone and for the coalitions.
   */
  readonly coalition?: PlayerStability | undefined;
}

function stabilityOf(
  model: GraphModel,
  players: readonly Player[],
  wanted: readonly Concept[],
  reading: SanctionReading,
): PlayerStability {
  const perPlayer = players.map((_, i) => stabilityFor(model, players, i, wanted, reading));
  const stable: Partial<Record<Concept, Uint8Array[]>> = {};
  const equilibria: Partial<Record<Concept, Uint8Array>> = {};
  for (const c of wanted) {
    const rows = perPlayer.map((p) => p[c] as Uint8Array);
    stable[c] = rows;
    const eq = new Uint8Array(model.size);
    for (let s = 0; s < model.size; s++)
      eq[s] = !model.unexpanded?.[s] && rows.every((r) => r[s] === 1) ? 1 : 0;
    equilibria[c] = eq;
  }
  return { players, stable, equilibria };
}

/** Analyses a graph model under the stability concepts asked for. */
export function analyseStability(model: GraphModel, options: StabilityOptions = {}): StabilityResult {
  const wanted = allConcepts.filter((c) => (options.concepts ?? allConcepts).includes(c));
  const sanctions = options.sanctions ?? 'legal';
  const individual = stabilityOf(model, individualPlayers(model), wanted, sanctions);
  let coalition: PlayerStability | undefined;
  if (options.coalitions) {
    const groups = model.coalitions ?? model.dms.map((_, d) => [d]);
    const grouped = stabilityOf(model, coalitionPlayers(model, groups), wanted, sanctions);
    const equilibria: Partial<Record<Concept, Uint8Array>> = {};
    for (const c of wanted) {
      const a = individual.equilibria[c] as Uint8Array;
      const b = grouped.equilibria[c] as Uint8Array;
      equilibria[c] = a.map((v, s) => (v && b[s] ? 1 : 0));
    }
    coalition = { ...grouped, equilibria };
  }
  return { model, concepts: wanted, sanctions, ...individual, coalition };
}

/** The states marked in a 0/1 array. */
export function statesIn(marks: Uint8Array): number[] {
  const out: number[] = [];
  marks.forEach((v, s) => {
    if (v) out.push(s);
  });
  return out;
}

/**
 * The shortest path from `from` to each state, by unilateral moves (`improving`: only moves the mover
 * prefers, as a conflict evolves by improvements). Each step names the mover.
 */
export function pathsFrom(
  model: GraphModel,
  from: number,
  kind: 'moves' | 'improving',
): { readonly parent: Int32Array; readonly mover: Int32Array } {
  const players = individualPlayers(model);
  const parent = new Int32Array(model.size).fill(-2);
  const mover = new Int32Array(model.size).fill(-1);
  parent[from] = -1;
  const queue = [from];
  for (let head = 0; head < queue.length; head++) {
    const s = queue[head] as number;
    players.forEach((p, d) => {
      const moves = kind === 'moves' ? p.moves : p.improving;
      for (let k = moves.offsets[s] as number; k < (moves.offsets[s + 1] as number); k++) {
        const t = moves.targets[k] as number;
        if (parent[t] !== -2) continue;
        parent[t] = s;
        mover[t] = d;
        queue.push(t);
      }
    });
  }
  return { parent, mover };
}

/** The steps of the path to `to` found by `pathsFrom`, or null when it cannot be reached. */
export function pathTo(
  paths: { readonly parent: Int32Array; readonly mover: Int32Array },
  to: number,
): { readonly mover: number; readonly state: number }[] | null {
  if (paths.parent[to] === -2) return null;
  const steps: { mover: number; state: number }[] = [];
  for (let s = to; (paths.parent[s] as number) >= 0; s = paths.parent[s] as number)
    steps.unshift({ mover: paths.mover[s] as number, state: s });
  return steps;
}
