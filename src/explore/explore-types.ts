import type { Predicate } from '../model/predicate.js';
import type { WorldEvent } from '../regions/events.js';
import type { Engine } from '../sim/run-scenario.js';
import type { PathReplay } from './explore-path.js';

/** Options of `explore`. */
export interface ExploreOptions {
  /** A named what-if of the scenario to explore instead of the scenario as written. */
  readonly whatIf?: string | undefined;
  /** Stop finding new states after this many (default 1,000,000). */
  readonly maxStates?: number | undefined;
  /**
   * Only these actors move (their candidate moves and their injects' moves); by default every actor
   * of the scenario does. Narrowing the cast answers a focused question in a much smaller space.
   */
  readonly actors?: readonly string[] | undefined;
  /** Do not look further than this many moves (day ticks included) from the start. */
  readonly depth?: number | undefined;
  /** The engine that steps the world (default `kernel`). */
  readonly engine?: Engine | undefined;
  /** Keep every edge between the states found, for `--graph` (costs memory; for small spaces). */
  readonly graph?: boolean | undefined;
  /**
   * Called every 10,000 states found and once when the search ends (`done`), while the states are still
   * held: for progress bars, and for benchmarks that measure memory per state.
   */
  readonly progress?: ((p: ExploreProgress) => void) | undefined;
  /**
   * Explore the worlds as they are, with no abstraction: every context field kept whole and the day
   * counted without a cap (default false). The abstraction (each region module's canonical form, which
   * drops what no rule, invariant or predicate reads) is what keeps the space small; this turns it off,
   * to check its answers against the full search on small questions. The space is then finite only with
   * `depth`.
   */
  readonly exact?: boolean | undefined;
  /** Replay every path found as a scenario file through `runScenario` (default true). */
  readonly replay?: boolean | undefined;
  /**
   * Asked after each state expanded: `true` stops the search there (a time limit, an interrupt), and the
   * result, with `bound: 'stopped'`, reports what was found so far.
   */
  readonly stop?: (() => boolean) | undefined;
  /**
   * Predicates to evaluate on every state found (at most 256): the result's `facts` holds, per state, a
   * bit set of those that hold. The abstraction keeps apart states they tell apart. For stability analysis.
   */
  readonly facts?: readonly Predicate[] | undefined;
  /**
   * Explore actors that the question treats alike as one (default true, false with `exact`): states
   * that differ only by swapping such actors are counted once, and each path is turned back into real
   * moves before it is reported. Off with `graph` and `facts`, whose states are the real ones.
   */
  readonly symmetry?: boolean | undefined;
}

/** Where a search stands: states found, the depth reached, states found but not yet expanded. */
export interface ExploreProgress {
  readonly states: number;
  readonly depth: number;
  readonly queued: number;
  readonly done: boolean;
}

/** A shortest path found by exploration, with its replay as a scenario. */
export interface ExplorePath {
  /** The moves in order; `clock.dayElapsed` ends a day. */
  readonly moves: readonly WorldEvent[];
  /** Days the path takes (clock ticks). */
  readonly days: number;
  /** The path as a scenario file and its run, when replayed. */
  readonly replay: PathReplay | null;
}

/** An invariant that some reachable sequence of legal moves breaks. */
export interface ExploreViolation {
  readonly invariant: string;
  readonly text: string;
  /** What broke, in a sentence (built-in invariants), or the invariant's text (the scenario's). */
  readonly detail: string;
  readonly builtIn: boolean;
  readonly path: ExplorePath;
}

/** Whether a named outcome of the scenario can happen, and the shortest way to it. */
export interface ExploreOutcome {
  readonly id: string;
  readonly text: string;
  /** `true` with a path; `false` when the whole space was seen; `null` when a bound cut it short. */
  readonly reachable: boolean | null;
  readonly path: ExplorePath | null;
}

/** A graph of the states found, for export. */
export interface ExploreGraph {
  readonly nodes: readonly { readonly id: number; readonly depth: number; readonly regions: string }[];
  readonly edges: readonly { readonly from: number; readonly to: number; readonly move: WorldEvent }[];
}

/** What `explore` found. */
export interface ExploreResult {
  readonly scenario: { readonly id: string; readonly title: string; readonly whatIf: string | null };
  readonly states: number;
  readonly edges: number;
  readonly depth: number;
  /** Why exploration stopped short of the whole space, or `null` if it saw every reachable state. */
  readonly bound: 'max-states' | 'depth' | 'stopped' | null;
  readonly limits: { readonly maxStates: number; readonly depth: number | null };
  /** The actors whose moves were tried. */
  readonly movers: readonly string[];
  /** Moves tried in each state: every actor's candidate moves, the injects' moves, the clock. */
  readonly alphabet: number;
  /** Region states (`alias:state`) seen in some state, and those of the statechart never seen. */
  readonly regionStates: { readonly reached: readonly string[]; readonly unreached: readonly string[] };
  readonly violations: readonly ExploreViolation[];
  /** The built-in invariants checked: the world's modules' and I11 (the scenario's own are in its file). */
  readonly invariantsChecked: readonly string[];
  readonly outcomes: readonly ExploreOutcome[];
  /**
   * Distinct values each field of the abstract world took (the codec's tables). On several threads or
   * shards, each keeps its own tables: the largest count any of them held. With symmetry, the tables
   * also hold the values of worlds with actors swapped that the search compared, not only kept.
   */
  readonly fieldValues: Readonly<Record<string, number>>;
  /** Refusals the move oracle answered from memory (hits) and judged afresh (misses); kernel engine only. */
  readonly verdicts: { readonly hits: number; readonly misses: number } | null;
  readonly graph: ExploreGraph | null;
  /**
   * With `facts`: per state found (by index, as in `graph`), a bit set of the facts that hold, in
   * `factWords` 32-bit words: fact `i` is bit `i % 32` of word `state * factWords + (i >> 5)`.
   */
  readonly facts: Uint32Array | null;
  /** How many 32-bit words `facts` holds per state (0 without facts). */
  readonly factWords: number;
  /**
   * Classes of actors explored as one: swapping two actors of a class changes nothing the question asks,
   * so `states` and `edges` count states up to such swaps. Empty when no actors are interchangeable.
   */
  readonly symmetry: readonly (readonly string[])[];
  /** Worker threads that searched (1 for `explore` itself; see `exploreInWorkers`). */
  readonly workers: number;
  /** Processes that searched together, each a shard (1 unless `exploreShard` joined several). */
  readonly shards: number;
}
