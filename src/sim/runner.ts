import type { Policy } from '../agents/policy.js';
import { createPolicyRegistry, type PolicyRegistry } from '../agents/registry.js';
import type { World } from '../machines/compose-world.js';
import { maxMovesPerDay } from '../scenario/check-cycles.js';
import type { Scenario } from '../scenario/scenario.js';
import type { ScenarioData } from '../scenario/schema.js';
import { scenarioWorld } from '../scenario/world.js';
import type { Stepper } from '../steppers/stepper.js';
import { dateOf, dayIndex } from './calendar.js';
import { type Engine, stepperFor } from './engines.js';

/** The options of `runScenario` that make its runner. */
export interface RunnerOptions {
  readonly policies?: PolicyRegistry | undefined;
  readonly engine?: Engine | undefined;
  readonly stepper?: Stepper | undefined;
  readonly maxMovesPerDay?: number | undefined;
}

/** What a run needs of its scenario, resolved once: the world, the stepper, the policies, the calendar. */
export interface Runner {
  readonly scenario: Scenario;
  readonly data: ScenarioData;
  readonly world: World;
  readonly stepper: Stepper;
  readonly policies: ReadonlyMap<string, { policy: Policy<unknown>; params: unknown }>;
  readonly horizon: number;
  /** The date of each day of the calendar, and the day of each dated inject (by inject index). */
  readonly dates: readonly string[];
  readonly injectDays: readonly (number | undefined)[];
  readonly maxMoves: number;
  /** The validation warnings of the scenario as loaded, which locate rules for a `ReactionLimitError`. */
  readonly warnings: Scenario['warnings'];
}

/** Resolve a policy and its parameters for every actor, in scenario order. */
function bindPolicies(data: ScenarioData, registry: PolicyRegistry) {
  const out = new Map<string, { policy: Policy<unknown>; params: unknown }>();
  for (const [id, actor] of Object.entries(data.actors)) {
    const name = actor.policy ?? 'scripted';
    const policy = registry.get(name);
    if (!policy)
      throw new Error(
        `auspices: actor "${id}" uses policy "${name}", which is not registered; pass it in options.policies`,
      );
    out.set(id, {
      policy,
      params: policy.parseParams(name === 'rules' ? { rules: actor.rules ?? [] } : actor.params),
    });
  }
  return out;
}

/**
 * The runner of a scenario (what-if applied). `loaded` is the scenario as loaded, whose validation
 * warnings locate the rules a `ReactionLimitError` names.
 */
export function runner(scenario: Scenario, options: RunnerOptions, loaded: Scenario = scenario): Runner {
  const data = scenario.data;
  const world = scenarioWorld(data);
  return {
    scenario,
    data,
    world,
    stepper: options.stepper ?? stepperFor(world, options.engine ?? 'kernel'),
    policies: bindPolicies(data, options.policies ?? createPolicyRegistry()),
    horizon: dayIndex(data.calendar.start, data.calendar.end),
    dates: Array.from({ length: dayIndex(data.calendar.start, data.calendar.end) + 1 }, (_, d) =>
      dateOf(data.calendar.start, d),
    ),
    injectDays: data.injects.map((i) =>
      i.date === undefined ? undefined : dayIndex(data.calendar.start, i.date),
    ),
    maxMoves: options.maxMovesPerDay ?? maxMovesPerDay,
    warnings: loaded.warnings,
  };
}
