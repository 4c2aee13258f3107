import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { parse } from 'yaml';
import { candidateMoves } from '../../src/machines/compose-world.js';
import type { WorldContext, WorldState } from '../../src/model/context.js';
import { CLOCK, type WorldEvent } from '../../src/regions/events.js';
import { loadScenarioSync } from '../../src/scenario/read-file.js';
import type { Scenario } from '../../src/scenario/scenario.js';
import { applyWhatIf } from '../../src/scenario/what-if.js';
import { scenarioWorld as composedWorld } from '../../src/scenario/world.js';
import { initialContext, initialValue } from '../../src/sim/initial-world.js';
import type { StepOutcome, Stepper } from '../../src/steppers/stepper.js';
import { createXStateStepper } from '../../src/steppers/xstate-stepper.js';
import { smallContext, startValue } from '../support/world.js';

/**
 * The fast-check seed of every property: `FC_SEED` from the environment, which the global setup sets
 * (random and printed locally, fixed in CI); a constant when a file runs without it.
 */
export const seed: number = process.env.FC_SEED === undefined ? 20201125 : Number(process.env.FC_SEED);
if (!Number.isSafeInteger(seed)) throw new Error(`FC_SEED must be an integer, got "${process.env.FC_SEED}"`);

/** The repository root, so scenario paths do not depend on the working directory. */
export const root = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Every scenario file shipped under `scenarios/`, and the composed-world examples under
 * `examples/worlds/`, relative to the root, so a new file is covered.
 */
export function scenarioFiles(dir?: string): string[] {
  if (dir === undefined)
    return [...scenarioFiles(join(root, 'scenarios')), ...scenarioFiles(join(root, 'examples/worlds'))];
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...scenarioFiles(path));
    else if (/\.(ya?ml|json)$/.test(entry.name) && !entry.name.endsWith('.schema.json'))
      out.push(relative(root, path));
  }
  return out.sort();
}

/**
 * The what-ifs a shipped file declares itself. A file that `extends:` another is a small change to it (a
 * what-if or a question): the what-ifs it inherits are covered by the file it extends.
 */
export function ownWhatIfs(file: string, scenario: Scenario): string[] {
  const raw = parse(readFileSync(join(root, file), 'utf8')) as { extends?: string; whatIfs?: object } | null;
  return Object.keys((raw?.extends !== undefined ? raw.whatIfs : scenario.data.whatIfs) ?? {});
}

/** Whether a shipped file extends another. */
export function extendsAnother(file: string): boolean {
  const raw = parse(readFileSync(join(root, file), 'utf8')) as { extends?: string } | null;
  return raw?.extends !== undefined;
}

/** Load a shipped scenario by its path relative to the root. */
export function loadShipped(file: string): Scenario {
  return loadScenarioSync(join(root, file));
}

/**
 * One step of a generated event stream, as indices resolved against the world as it stands when the
 * step runs (the candidate moves depend on the state):
 * - `legal`: the `move`-th move among the `actor`-th actor's candidate moves that the rules accept,
 * - `any`: the `move`-th of all its candidate moves, legal or not,
 * - `advance`: a legal move, by any actor, of one of the types that move the story on (`storyMoves`),
 * - `tick`: the clock ends the day,
 * - `bad`: a deliberately wrong event (unknown actor, wrong role, impersonation, unknown type...).
 */
export type StepSpec =
  | { readonly kind: 'legal'; readonly actor: number; readonly move: number }
  | { readonly kind: 'any'; readonly actor: number; readonly move: number }
  | { readonly kind: 'advance'; readonly actor: number; readonly move: number }
  | { readonly kind: 'tick' }
  | { readonly kind: 'bad'; readonly variant: number; readonly actor: number; readonly move: number };

const index = fc.nat({ max: 1 << 20 });

/** One step: mostly moves (legal ones favoured so that deep states are reached), some ticks and bad events. */
export const stepSpec: fc.Arbitrary<StepSpec> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('legal' as const), actor: index, move: index }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('advance' as const), actor: index, move: index }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('any' as const), actor: index, move: index }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'tick' as const }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('bad' as const), variant: index, actor: index, move: index }),
  },
);

/** An event stream over a world, as step specs to resolve while stepping. */
export function eventStream(maxLength = 80): fc.Arbitrary<StepSpec[]> {
  return fc.array(stepSpec, { minLength: 1, maxLength, size: 'max' });
}

const pick = <T>(list: readonly T[], i: number): T | undefined =>
  list.length === 0 ? undefined : list[i % list.length];

const UNKNOWN = 'atlantis';

/**
 * Move types that move a region on, for `advance` steps; the ones the deepest states need (convening,
 * signing, replacing or closing the format) appear more than once so that those states are reached.
 */
export const storyMoves: readonly WorldEvent['type'][] = [
  'talks.urge',
  'talks.convene',
  'talks.convene',
  'talks.convene',
  'settlement.sign',
  'settlement.sign',
  'settlement.sign',
  'settlement.sign',
  'format.propose',
  'format.endorse',
  'format.replace',
  'format.replace',
  'format.consult',
  'format.consult',
  'format.close',
  'format.close',
  'mediator.appoint',
  'mediator.accept',
  'mediator.accept',
  'mediator.exclude',
  'mediator.resign',
  'recognition.grant',
  'ceasefire.violate',
  'ceasefire.broker',
  'monitoring.consent',
  'monitoring.openCentre',
  'access.request',
  'access.grant',
];

/** Events that break a role rule, built from the world's own actors (none when no actor fits). */
function wrongRoleEvents(ctx: WorldContext): WorldEvent[] {
  const actors = Object.values(ctx.actors);
  const active = ctx.formats[ctx.activeFormat]!;
  const entity = actors.find((a) => a.kind === 'de-facto-authority')?.id ?? UNKNOWN;
  const out: Record<string, unknown>[] = [];
  for (const a of actors) {
    if (a.kind !== 'state') out.push({ type: 'recognition.grant', by: a.id, entity });
    if (a.kind !== 'legislature') out.push({ type: 'legislature.resolve', by: a.id, subject: 'other' });
    if (a.kind !== 'institution') out.push({ type: 'access.request', by: a.id });
    if (a.armed !== true) out.push({ type: 'ceasefire.violate', by: a.id });
    if (!active.parties.includes(a.id)) {
      out.push({ type: 'settlement.sign', by: a.id, text: 'final settlement', status: 'final' });
      out.push({ type: 'talks.boycott', by: a.id });
    }
    if (!active.mediators.includes(a.id)) out.push({ type: 'talks.convene', by: a.id });
    if (active.appointedBy !== a.id) {
      const mediator = actors.find((m) => m.kind === 'state' && !active.mediators.includes(m.id))?.id;
      if (mediator) out.push({ type: 'mediator.appoint', by: a.id, mediator });
    }
    if (active.auspices !== a.id) out.push({ type: 'format.close', by: a.id });
  }
  return out as WorldEvent[];
}

/** Resolve a step spec against the current world into one event. */
export function resolveStep(stepper: Stepper, state: WorldState, spec: StepSpec): WorldEvent {
  if (spec.kind === 'tick') return { type: 'clock.dayElapsed', by: CLOCK };
  const ctx = state.context;
  const ids = Object.keys(ctx.actors);
  const by = pick(ids, spec.actor)!;
  const candidates = candidateMoves(ctx, by, stepper.world);
  if (spec.kind === 'any') return pick(candidates, spec.move)!;
  if (spec.kind === 'advance') {
    const all = ids.flatMap((id) => (id === by ? candidates : candidateMoves(ctx, id, stepper.world)));
    for (let k = 0; k < storyMoves.length; k++) {
      const type = storyMoves[(spec.move + k) % storyMoves.length]!;
      let legal = all.filter((m) => m.type === type && stepper.check(state, m).accepted);
      // Advancing a settlement means countersigning the text someone has signed, when someone has.
      const signed = ctx.signatures.at(-1);
      const counter =
        signed &&
        legal.filter(
          (m) =>
            JSON.stringify([(m as { text?: unknown }).text, (m as { status?: unknown }).status]) ===
              JSON.stringify([signed.text, signed.status]) && m.by !== signed.by,
        );
      if (type === 'settlement.sign' && counter && counter.length > 0) legal = counter;
      if (legal.length > 0) return pick(legal, spec.actor)!;
    }
    return pick(candidates, spec.move)!;
  }
  if (spec.kind === 'legal') {
    // Pick the event type first, then a legal payload of it (trying the following types when a type has
    // none), so that rare moves such as a signature are not drowned by the many statements and visits.
    const byType = new Map<string, WorldEvent[]>();
    for (const m of candidates) byType.set(m.type, [...(byType.get(m.type) ?? []), m]);
    const groups = [...byType.values()];
    for (let k = 0; k < groups.length; k++) {
      const group = groups[(spec.move + k) % groups.length]!;
      const legal = group.filter((m) => stepper.check(state, m).accepted);
      if (legal.length > 0) return pick(legal, Math.floor(spec.move / groups.length))!;
    }
    return pick(candidates, spec.move)!;
  }
  const move = pick(candidates, spec.move)!;
  switch (spec.variant % 6) {
    case 0:
      return { ...move, by: UNKNOWN };
    case 1:
      return { type: 'clock.dayElapsed', by };
    case 2:
      return { ...move, by: CLOCK };
    case 3:
      return { ...move, by: pick(ids, spec.move + 1)! };
    case 4:
      return { type: 'talks.dance', by } as unknown as WorldEvent;
    default:
      return pick(wrongRoleEvents(ctx), spec.move) ?? { ...move, by: UNKNOWN };
  }
}

/** One step of a walk: the world before (and a deep copy taken before stepping), the event, the outcome. */
export interface Step {
  readonly index: number;
  readonly before: WorldState;
  readonly copy: { readonly value: unknown; readonly context: unknown };
  readonly event: WorldEvent;
  readonly outcome: StepOutcome;
}

/** Step a world through a stream, resolving each spec against the world as it stands. */
export function* walk(stepper: Stepper, initial: WorldState, specs: readonly StepSpec[]): Generator<Step> {
  let state = initial;
  for (const [index, spec] of specs.entries()) {
    const event = resolveStep(stepper, state, spec);
    const copy = structuredClone({ value: state.value, context: state.context });
    const outcome = stepper.step(state, event);
    yield { index, before: state, copy, event, outcome };
    state = outcome.state;
  }
}

/** A world to walk: a name, a stepper and its initial state. */
export interface WorldFixture {
  readonly name: string;
  readonly stepper: Stepper;
  readonly initial: WorldState;
}

/** The small hand-built world of `test/support/world.ts`. */
export function smallWorld(stepper: Stepper = createXStateStepper()): WorldFixture {
  return { name: 'small world', stepper, initial: stepper.initial(startValue, smallContext()) };
}

/** A scenario's initial world. */
export function scenarioWorld(
  scenario: Scenario,
  stepper: Stepper = createXStateStepper(composedWorld(scenario.data)),
): WorldFixture {
  const name = `${scenario.file.startsWith(root) ? relative(root, scenario.file) : scenario.file}${scenario.whatIf ? ` (what-if ${scenario.whatIf})` : ''}`;
  return {
    name,
    stepper,
    initial: stepper.initial(initialValue(scenario.data), initialContext(scenario.data)),
  };
}

/** The flagship scenario. */
export const flagshipFile = 'scenarios/karabakh/format-week-2020.yaml';

/** The initial worlds of every shipped scenario and each what-if it declares (inherited ones once). */
export function shippedWorlds(): WorldFixture[] {
  const out: WorldFixture[] = [];
  for (const file of scenarioFiles()) {
    const scenario = loadShipped(file);
    out.push(scenarioWorld(scenario));
    for (const name of ownWhatIfs(file, scenario)) out.push(scenarioWorld(applyWhatIf(scenario, name)));
  }
  return out;
}
