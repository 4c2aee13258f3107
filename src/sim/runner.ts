import type { Policy } from '../agents/policy.js';
import { createPolicyRegistry, type PolicyRegistry } from '../agents/registry.js';
import type { TraceEntry } from '../agents/trace.js';
import type { World } from '../machines/compose-world.js';
import type { WorldState, WorldValue } from '../model/context.js';
import { reachedKeys } from '../model/predicate.js';
import type { WorldEvent } from '../regions/events.js';
import { maxMovesPerDay } from '../scenario/check-cycles.js';
import type { Scenario } from '../scenario/scenario.js';
import type { Inject, ScenarioData } from '../scenario/schema.js';
import { scenarioWorld } from '../scenario/world.js';
import type { Stepper } from '../steppers/stepper.js';
import { dateOf, dayIndex } from './calendar.js';
import { type Engine, stepperFor } from './engines.js';
import { initialContext, initialValue } from './initial-world.js';
import { invariantsOf, type WorldInvariant } from './world-invariants.js';

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
  /** Each actor with its policy and the policy's parameters, in scenario order. */
  readonly cast: readonly { actor: string; policy: Policy<unknown>; params: unknown }[];
  readonly horizon: number;
  /** The date of each day of the calendar. */
  readonly dates: readonly string[];
  /** The injects in file order, each with its day (when dated), its moves and what its trace entries record. */
  readonly injects: readonly ResolvedInject[];
  readonly maxMoves: number;
  /** The validation warnings of the scenario as loaded, which locate rules for a `ReactionLimitError`. */
  readonly warnings: Scenario['warnings'];
  /** The world's invariants (its modules' and the generic ones). */
  readonly invariants: readonly WorldInvariant[];
  /** The `region:state` keys of a state value, worked out once per value object. */
  reachedKeys(value: WorldValue): readonly string[];
  /** The world at the start and its reached keys, sorted: the same for every run of the runner. */
  start(): { readonly world: WorldState; readonly reached: readonly string[] };
}

/** An inject resolved for the day loop. */
interface ResolvedInject {
  readonly inject: Inject;
  /** The day of a dated inject, from 0. */
  readonly day: number | undefined;
  /** Its moves, each with its actor. */
  readonly moves: readonly WorldEvent[];
  /** What a trace entry of its moves records about it. */
  readonly record: NonNullable<TraceEntry['inject']>;
}

function resolveInject(data: ScenarioData, inject: Inject): ResolvedInject {
  const list = Array.isArray(inject.do) ? inject.do : [inject.do];
  const sources = [...(inject.source ? [inject.source] : []), ...(inject.sources ?? [])];
  return {
    inject,
    day: inject.date === undefined ? undefined : dayIndex(data.calendar.start, inject.date),
    moves: list.map((m) => ({ ...m, by: m.by ?? inject.by }) as unknown as WorldEvent),
    record: { id: inject.id, text: inject.text, sources, framing: inject.framing },
  };
}

/** Resolve a policy and its parameters for every actor, in scenario order. */
function bindPolicies(data: ScenarioData, registry: PolicyRegistry) {
  const out: { actor: string; policy: Policy<unknown>; params: unknown }[] = [];
  for (const [id, actor] of Object.entries(data.actors)) {
    const name = actor.policy ?? 'scripted';
    const policy = registry.get(name);
    if (!policy)
      throw new Error(
        `auspices: actor "${id}" uses policy "${name}", which is not registered; pass it in options.policies`,
      );
    out.push({
      actor: id,
      policy,
      params: policy.parseParams(name === 'rules' ? { rules: actor.rules ?? [] } : actor.params),
    });
  }
  return out;
}

/** A runner made earlier, with the options it was made for. */
interface Made {
  readonly loaded: Scenario;
  readonly policies: PolicyRegistry | undefined;
  readonly engine: Engine | undefined;
  readonly stepper: Stepper | undefined;
  readonly maxMoves: number | undefined;
  readonly runner: Runner;
}

const made = new WeakMap<Scenario, Made[]>();

/**
 * The runner of a scenario (what-if applied). `loaded` is the scenario as loaded, whose validation
 * warnings locate the rules a `ReactionLimitError` names. A runner holds no run state, so runs of the same
 * scenario with the same options share one: the world, the policies and the calendar are resolved once
 * per scenario, not once per run.
 */
export function runner(scenario: Scenario, options: RunnerOptions, loaded: Scenario = scenario): Runner {
  let list = made.get(scenario);
  if (!list) {
    list = [];
    made.set(scenario, list);
  }
  const found = list.find(
    (m) =>
      m.loaded === loaded &&
      m.policies === options.policies &&
      m.engine === options.engine &&
      m.stepper === options.stepper &&
      m.maxMoves === options.maxMovesPerDay,
  );
  if (found) return found.runner;
  const r = makeRunner(scenario, options, loaded);
  // A handful of option sets per scenario in practice; a caller that keeps making new registries or
  // steppers for one scenario replaces the oldest entries rather than growing the list without end.
  if (list.length >= 16) list.shift();
  list.push({
    loaded,
    policies: options.policies,
    engine: options.engine,
    stepper: options.stepper,
    maxMoves: options.maxMovesPerDay,
    runner: r,
  });
  return r;
}

function makeRunner(scenario: Scenario, options: RunnerOptions, loaded: Scenario): Runner {
  const data = scenario.data;
  const world = scenarioWorld(data);
  const stepper = options.stepper ?? stepperFor(world, options.engine ?? 'kernel');
  const keys = new WeakMap<WorldValue, readonly string[]>();
  const reachedKeysOf = (value: WorldValue) => {
    let list = keys.get(value);
    if (!list) {
      list = reachedKeys(value, world.tracks);
      keys.set(value, list);
    }
    return list;
  };
  let start: ReturnType<Runner['start']> | undefined;
  return {
    scenario,
    data,
    world,
    stepper,
    cast: bindPolicies(data, options.policies ?? createPolicyRegistry()),
    horizon: dayIndex(data.calendar.start, data.calendar.end),
    dates: Array.from({ length: dayIndex(data.calendar.start, data.calendar.end) + 1 }, (_, d) =>
      dateOf(data.calendar.start, d),
    ),
    injects: data.injects.map((i) => resolveInject(data, i)),
    maxMoves: options.maxMovesPerDay ?? maxMovesPerDay,
    warnings: loaded.warnings,
    invariants: invariantsOf(world),
    reachedKeys: reachedKeysOf,
    start() {
      if (!start) {
        const first = stepper.initial(initialValue(data), initialContext(data));
        start = { world: first, reached: [...reachedKeysOf(first.value)].sort() };
      }
      return start;
    },
  };
}
