import type { PolicyRegistry } from '../agents/registry.js';
import type { TraceEntry } from '../agents/trace.js';
import type { WorldState } from '../model/context.js';
import type { Scenario } from '../scenario/scenario.js';
import type { Stepper } from '../steppers/stepper.js';
import type { Engine } from './engines.js';
import type { Outcome } from './outcome.js';
import type { RunState } from './run-state.js';

/** Options of `runScenario`. */
export interface RunOptions {
  /** The seed of the run's generator; defaults to the scenario's `seed`. */
  readonly seed?: number | undefined;
  /** A named what-if of the scenario to apply before running. */
  readonly whatIf?: string | undefined;
  /** Policies by name; defaults to the built-ins. */
  readonly policies?: PolicyRegistry | undefined;
  /**
   * The engine that steps the world: `kernel`, the compiled kernel (the default), or `xstate`, the
   * reference stepper on XState's interpreter; differential tests hold them to the same traces.
   */
  readonly engine?: Engine | undefined;
  /** A stepper of your own; overrides `engine`. */
  readonly stepper?: Stepper | undefined;
  /** Stop after this day (inclusive) without finishing, e.g. to persist mid-run. */
  readonly untilDay?: number | undefined;
  /**
   * Branch from history: run the scenario as written up to the day before `at` (a day number, 0 at the
   * start date, or an ISO date), then let `whatIf` take over from that day. Needs `whatIf`.
   */
  readonly at?: number | string | undefined;
  /**
   * The most moves one day may make (injects, moves due that day and the policies' moves of the day);
   * default `maxMovesPerDay` (1,000). A day that would make more throws a `ReactionLimitError`.
   */
  readonly maxMovesPerDay?: number | undefined;
}

/** The result of a run. */
export interface RunResult {
  readonly scenario: Scenario;
  readonly seed: number;
  readonly trace: readonly TraceEntry[];
  readonly outcome: Outcome;
  readonly world: WorldState;
  /** The run's full state, which `saveRun` persists and `resumeRun` continues. */
  readonly state: RunState;
}
