/**
 * A graph model of a conflict, as the Graph Model for Conflict Resolution has it: a set of states, and
 * for each decision maker the moves it can make alone from each state and how it ranks the states.
 * Moves are stored as compressed rows (CSR) and ranks as typed arrays, so that the analysis works in
 * time and memory proportional to the moves, not to states squared.
 */

/** Moves from each state: `targets[offsets[s] .. offsets[s + 1])` are the states reachable from `s`. */
export interface Moves {
  readonly offsets: Int32Array;
  readonly targets: Int32Array;
}

/** A decision maker: its unilateral moves and its preference, as a payoff per state (higher is better). */
export interface DecisionMaker {
  readonly name: string;
  readonly moves: Moves;
  readonly payoff: Float64Array;
}

/**
 * The option form of a model, when it has one: each state is a choice of options, and each option is
 * controlled by one decision maker. Simultaneous stability needs it, to combine moves made at once.
 */
export interface OptionForm {
  readonly names: readonly string[];
  /** The decision maker (index into `GraphModel.dms`) that controls each option. */
  readonly owner: Int32Array;
  /** Options that may only be taken (never dropped), and options that may only be dropped, as bit sets. */
  readonly forwardOnly: number;
  readonly backwardOnly: number;
  /** Each state's options as a bit set: option `i` taken is bit `i`. */
  readonly code: Uint32Array;
  /** The state with a given code, or -1 for an infeasible code. */
  stateOf(code: number): number;
}

export interface GraphModel {
  readonly size: number;
  readonly dms: readonly DecisionMaker[];
  readonly options?: OptionForm | undefined;
  /**
   * Moves come from a process (a scenario's statechart), not from free choices of options: a
   * coalition's moves are then its members' legal moves in turn, even when the model has an option form.
   */
  readonly byProcess?: boolean | undefined;
  /** Decision makers that act as one (indexes into `dms`), for coalition analysis. */
  readonly coalitions?: readonly (readonly number[])[] | undefined;
  /** Where the conflict starts, for status-quo analysis. */
  readonly statusQuo?: number | undefined;
  /** Without an option form, what each letter of a state's label stands for (a scenario's facts). */
  readonly facts?: readonly string[] | undefined;
  /**
   * States whose moves are not known (1), because the search that found them stopped there: they are
   * never reported as equilibria.
   */
  readonly unexpanded?: Uint8Array | undefined;
  /** A short name for a state: its Y/N pattern in option form, else its number. */
  label(state: number): string;
}

/** Builds compressed rows from a function listing each state's successors. */
export function movesOf(size: number, successors: (state: number, push: (t: number) => void) => void): Moves {
  const offsets = new Int32Array(size + 1);
  let targets = new Int32Array(Math.max(16, size * 2));
  let n = 0;
  const push = (t: number) => {
    if (n === targets.length) {
      const grown = new Int32Array(targets.length * 2);
      grown.set(targets);
      targets = grown;
    }
    targets[n++] = t;
  };
  for (let s = 0; s < size; s++) {
    offsets[s] = n;
    successors(s, push);
  }
  offsets[size] = n;
  return { offsets, targets: targets.slice(0, n) };
}

/** The moves of `moves` that `keep` accepts. */
export function filterMoves(moves: Moves, keep: (from: number, to: number) => boolean): Moves {
  const size = moves.offsets.length - 1;
  return movesOf(size, (s, push) => {
    for (let k = moves.offsets[s] as number; k < (moves.offsets[s + 1] as number); k++) {
      const t = moves.targets[k] as number;
      if (keep(s, t)) push(t);
    }
  });
}

/** The successors of `s`, as an array (for explanations and tests, not hot loops). */
export function movesFrom(moves: Moves, s: number): number[] {
  return Array.from(moves.targets.subarray(moves.offsets[s], moves.offsets[s + 1]));
}
