import type { Scenario } from '../scenario/scenario.js';
import { applyWhatIf } from '../scenario/what-if.js';
import { dayIndex } from './calendar.js';
import { days, daysAsync, finish, startState } from './day-loop.js';
import { type Engine, engines } from './engines.js';
import type { RunState } from './run-state.js';
import type { RunOptions, RunResult } from './run-types.js';
import { type Runner, runner } from './runner.js';
import { parseSavedRun } from './saved-run.js';

export { AsyncPolicyError } from './day-loop.js';
export { type Engine, engines, stepperFor } from './engines.js';
export type { RunOptions, RunResult } from './run-types.js';

/** Drain a generator of steps: the synchronous API runs the steps of its `*Steps` variant to the end. */
export function drain<T>(steps: Generator<unknown, T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/**
 * Run a scenario day by day from its start to its end date (or its `end` condition).
 * Deterministic: the same scenario, what-if and seed give the same trace (I9).
 *
 * @example
 * ```ts
 * import { loadScenario, runScenario, narrate } from 'auspices';
 * const scenario = await loadScenario('scenarios/karabakh/format-week-2020.yaml');
 * const result = runScenario(scenario, { seed: 7, whatIf: 'france-recognises' });
 * console.log(narrate(result));
 * ```
 */
export function runScenario(scenario: Scenario, options: RunOptions = {}): RunResult {
  return drain(runScenarioSteps(scenario, options));
}

/**
 * `runScenario` one day at a time: yields after each simulated day and returns the result. For callers
 * that must stay responsive during a long run (the command line stops on Ctrl-C between two days).
 */
export function* runScenarioSteps(
  scenario: Scenario,
  options: RunOptions = {},
): Generator<RunState, RunResult, undefined> {
  const plan = planRun(scenario, options);
  if (!plan.history) return finish(plan.r, yield* days(plan.r, plan.start, options.untilDay));
  const history = yield* days(plan.history.r, plan.start, plan.history.until);
  return finish(plan.r, yield* days(plan.r, plan.history.branch(history), options.untilDay));
}

/**
 * `runScenario` for policies that decide asynchronously: a policy's `decide` may return a promise (an
 * agent that asks a language model, a person at another screen), and the day waits for it. Decisions
 * are still taken one actor after another, in the scenario's order, on the same snapshot of the day, so
 * a run is as deterministic as its policies.
 *
 * @example
 * ```ts
 * import { createPolicyRegistry, definePolicy, loadScenario, runScenarioAsync } from 'auspices';
 * const patient = definePolicy({
 *   name: 'patient',
 *   description: 'Thinks it over, then passes.',
 *   parseParams: () => ({}),
 *   decide: async ({ memory }) => ({ intents: [], memory }),
 * });
 * const scenario = await loadScenario('scenarios/karabakh/format-week-2020.yaml');
 * const result = await runScenarioAsync(scenario, { policies: createPolicyRegistry([patient]) });
 * ```
 */
export async function runScenarioAsync(scenario: Scenario, options: RunOptions = {}): Promise<RunResult> {
  const plan = planRun(scenario, options);
  if (!plan.history) return finish(plan.r, await daysAsync(plan.r, plan.start, options.untilDay));
  const history = await daysAsync(plan.history.r, plan.start, plan.history.until);
  return finish(plan.r, await daysAsync(plan.r, plan.history.branch(history), options.untilDay));
}

/**
 * What a run does: the runner of the scenario (and what-if) and its start; for a branch from history,
 * first the scenario as written up to the day before `at`, then the state the what-if takes over.
 */
interface RunPlan {
  readonly r: Runner;
  readonly start: RunState;
  readonly history?: {
    readonly r: Runner;
    readonly until: number;
    readonly branch: (s: RunState) => RunState;
  };
}

const resolvedWhatIfs = new WeakMap<Scenario, Map<string, Scenario>>();

/** A scenario with a what-if applied, once per scenario and what-if: batches run the same variant many times. */
function withWhatIf(scenario: Scenario, name: string): Scenario {
  let byName = resolvedWhatIfs.get(scenario);
  if (!byName) {
    byName = new Map();
    resolvedWhatIfs.set(scenario, byName);
  }
  let resolved = byName.get(name);
  if (!resolved) {
    resolved = applyWhatIf(scenario, name);
    byName.set(name, resolved);
  }
  return resolved;
}

function planRun(scenario: Scenario, options: RunOptions): RunPlan {
  if (options.seed !== undefined && !Number.isSafeInteger(options.seed)) {
    throw new Error(
      `auspices: runScenario: seed ${options.seed} is not an integer; pass a whole number such as 7`,
    );
  }
  const resolved = options.whatIf ? withWhatIf(scenario, options.whatIf) : scenario;
  const r = runner(resolved, options, scenario);
  const seed = options.seed ?? resolved.data.seed;
  const at = options.at === undefined ? 0 : branchDay(scenario, options.at, options.whatIf);
  if (at === 0) return { r, start: startState(r, seed) };
  // History until the day before `at`, on the scenario as written, then the what-if from `at` on.
  const base = runner(scenario, options);
  if (base.world.key !== r.world.key)
    throw new RangeError(
      `auspices: runScenario: what-if "${options.whatIf}" changes the world itself (its regions, rules or live formats), so it cannot take over from history on a given day; run it from the start, without \`at\``,
    );
  return {
    r,
    start: startState(base, seed),
    history: {
      r: base,
      until: at - 1,
      branch: (history) => ({
        ...history,
        scenario: { id: resolved.data.id, hash: resolved.hash, whatIf: resolved.whatIf, branchedAt: at },
      }),
    },
  };
}

/** The day a branch starts, checked: a day number from 0 or an ISO date inside the calendar. */
function branchDay(scenario: Scenario, at: number | string, whatIf: string | undefined): number {
  const { start, end } = scenario.data.calendar;
  const last = dayIndex(start, end);
  if (!whatIf)
    throw new Error('auspices: runScenario: `at` branches a what-if from history; name the what-if too');
  const day = typeof at === 'number' ? at : /^\d{4}-\d{2}-\d{2}$/.test(at) ? dayIndex(start, at) : Number.NaN;
  if (!Number.isSafeInteger(day) || day < 0 || day > last)
    throw new RangeError(
      `auspices: runScenario: at ${JSON.stringify(at)} is not a day of the scenario; give a day number from 0 to ${last} or a date from ${start} to ${end}`,
    );
  return day;
}

/**
 * Continue a saved run of the same scenario (and what-if). The continuation is identical to an
 * uninterrupted run (I10).
 */
export function resumeRun(
  scenario: Scenario,
  saved: string,
  options: Omit<RunOptions, 'seed' | 'whatIf'> = {},
): RunResult {
  const state = parseSavedRun(saved);
  const resolved = state.scenario.whatIf ? withWhatIf(scenario, state.scenario.whatIf) : scenario;
  if (resolved.hash !== state.scenario.hash) {
    throw new Error(
      `auspices: resumeRun: the saved run belongs to scenario ${state.scenario.id} with hash ${state.scenario.hash}, but this scenario hashes to ${resolved.hash}; resume with the scenario the run started from`,
    );
  }
  const engine =
    options.engine ?? (engines.includes(state.engine as Engine) ? (state.engine as Engine) : undefined);
  const r = runner(resolved, { ...options, engine }, scenario);
  return finish(r, drain(days(r, state, options.untilDay)));
}
