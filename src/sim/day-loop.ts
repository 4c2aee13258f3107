import { scriptedPolicy } from '../agents/builtin-policies.js';
import type { Decision, Intent } from '../agents/policy.js';
import { openRng, seedRng } from '../agents/rng.js';
import type { TraceEntry } from '../agents/trace.js';
import { evaluate } from '../model/predicate.js';
import { CLOCK, type WorldEvent } from '../regions/events.js';
import type { StepOutcome } from '../steppers/stepper.js';
import { dateOf } from './calendar.js';
import { Day, DayView } from './day.js';
import { computeOutcome } from './outcome.js';
import { checkMovesOfDay } from './reaction-limit.js';
import type { PendingMove, RunState } from './run-state.js';
import type { RunResult } from './run-types.js';
import type { Runner } from './runner.js';
import { brokenInvariants } from './world-invariants.js';

// The day loop of a run: one day's injects, policies and moves, and the start and end of a run.

/** Where a move came from, as its trace entry records it. */
type Origin = Pick<TraceEntry, 'origin' | 'inject' | 'policy'>;

function entryOf(
  state: RunState,
  date: string,
  seq: number,
  move: WorldEvent,
  outcome: StepOutcome,
  extra: Origin,
) {
  // Literal objects in the trace's key order: a refused move's refusal sits before its changes.
  const { accepted, rules, changes } = outcome;
  const refusal = outcome.refusal;
  const entry: { -readonly [K in keyof TraceEntry]: TraceEntry[K] } = refusal
    ? { seq, day: state.day, date, origin: extra.origin, move, accepted, rules, refusal, changes }
    : { seq, day: state.day, date, origin: extra.origin, move, accepted, rules, changes };
  if (extra.inject) entry.inject = extra.inject;
  if (extra.policy) entry.policy = extra.policy;
  return entry;
}

function apply(r: Runner, state: RunState, day: Day, move: WorldEvent, extra: Origin) {
  const before = day.world;
  const outcome = r.stepper.step(before, move);
  const date = r.dates[state.day] ?? dateOf(r.data.calendar.start, state.day);
  const entry = entryOf(state, date, day.trace.length, move, outcome, extra);
  day.push(entry);
  day.world = outcome.state;
  // A step that changes no region reaches no new region state.
  if (outcome.changes.length > 0) day.reach(r.reachedKeys(day.world.value));
  // The world's invariants (its modules' and I11): the machine should make them impossible to break.
  const step = {
    before,
    event: move,
    accepted: outcome.accepted,
    after: day.world,
    changes: outcome.changes,
  };
  for (const broken of brokenInvariants(step, r.invariants))
    if (!day.violations.some((v) => v.invariant === broken.id))
      day.violations.push({
        invariant: broken.id,
        text: `${broken.text}: ${broken.detail}`,
        day: state.day,
        seq: entry.seq,
      });
  for (const inv of r.data.invariants) {
    if (day.violations.some((v) => v.invariant === inv.id)) continue;
    if (!evaluate(inv.holds, day)) {
      day.violations.push({ invariant: inv.id, text: inv.text, day: state.day, seq: entry.seq });
    }
  }
}

/**
 * A decision that a policy returned as a promise. The day waits for it in `runScenarioAsync`; a
 * synchronous run stops with an `AsyncPolicyError`.
 */
interface Awaiting {
  readonly actor: string;
  readonly policy: string;
  readonly decision: PromiseLike<Decision>;
}

/** Thrown when a policy decides asynchronously in a run that cannot wait (`runScenario`, batches, play). */
export class AsyncPolicyError extends Error {
  override readonly name = 'AsyncPolicyError';
}

const isThenable = (x: unknown): x is PromiseLike<Decision> =>
  typeof x === 'object' && x !== null && typeof (x as { then?: unknown }).then === 'function';

/** Simulate one day, synchronously. */
function advance(r: Runner, state: RunState, plain: boolean): RunState {
  const steps = daySteps(r, state, plain);
  const next = steps.next();
  if (next.done) return next.value;
  // The promise is not awaited; keep its rejection from going unhandled.
  Promise.resolve(next.value.decision).catch(() => {});
  throw new AsyncPolicyError(
    `auspices: the policy "${next.value.policy}" of ${next.value.actor} returned a promise from decide(), and this run cannot wait for it; run the scenario with runScenarioAsync, or make decide() return its decision`,
  );
}

/** Simulate one day, waiting for policies that decide asynchronously. */
async function advanceAsync(r: Runner, state: RunState, plain: boolean): Promise<RunState> {
  const steps = daySteps(r, state, plain);
  let next = steps.next();
  while (!next.done) next = steps.next(await next.value.decision);
  return next.value;
}

/**
 * Simulate one day: injects, simultaneous decisions, moves in fixed order, the clock. A decision that is a
 * promise is yielded, and the day goes on with the decision it resolves to.
 */
function* daySteps(r: Runner, state: RunState, plain: boolean): Generator<Awaiting, RunState, Decision> {
  const day = new Day(r, state);
  // News for today's decisions: yesterday's policy moves and everything since.
  const yesterday = day.trace.findIndex((e) => e.day === state.day - 1 && e.origin === 'policy');
  const newsFrom = yesterday >= 0 ? yesterday : day.trace.length;
  const fired = new Set(state.firedInjects);
  const firedBefore = fired.size;
  // 1. Injects due today, in file order.
  for (const { inject, day: dated, moves, record } of r.injects) {
    const due =
      dated !== undefined
        ? dated === state.day
        : !fired.has(inject.id) && inject.when !== undefined && evaluate(inject.when, day);
    if (!due) continue;
    if (inject.date === undefined) fired.add(inject.id);
    for (const move of moves) apply(r, state, day, move, { origin: 'inject', inject: record });
  }
  // 2. Every agent decides on the same snapshot.
  const rng = openRng(state.rng);
  // Yesterday's memories, copied only when a policy returns a memory that is not the one it was given.
  let memory: Record<string, readonly string[]> | undefined;
  // Each actor's intents of the day, in cast order.
  const intentsOf: (readonly Intent[])[] = [];
  // A trace entry's seq is its index in the trace.
  const news = day.trace.slice(newsFrom);
  let today = 0;
  for (const { actor, policy, params } of r.cast) {
    const before = (memory ?? state.memory)[actor];
    if (policy === scriptedPolicy) {
      // The built-in `scripted` policy decides nothing and keeps its memory, whatever it sees.
      if (before === undefined) {
        memory ??= { ...state.memory };
        memory[actor] = NO_MEMORY;
      }
      intentsOf.push(NO_INTENTS);
      continue;
    }
    const view = new DayView(r, state, day, actor, news);
    const given = policy.decide({ view, rng, params, memory: before ?? NO_MEMORY });
    const decision = isThenable(given) ? yield { actor, policy: policy.name, decision: given } : given;
    if (decision.memory !== before) {
      memory ??= { ...state.memory };
      memory[actor] = decision.memory;
    }
    const intents = decision.intents.length ? [...decision.intents] : NO_INTENTS;
    intentsOf.push(intents);
    for (const intent of intents) if (intent.after === 0) today++;
  }
  const injected = day.trace.length - state.trace.length;
  const dueToday = state.pending.length === 0 ? 0 : state.pending.filter((p) => p.due === state.day).length;
  if (injected + dueToday + today > r.maxMoves)
    checkMovesOfDay(r.data, r.scenario.whatIf, r.warnings, {
      day: state.day,
      date: r.dates[state.day] ?? dateOf(r.data.calendar.start, state.day),
      limit: r.maxMoves,
      injected,
      due: state.pending.filter((p) => p.due === state.day),
      decided: r.cast.map((c, i) => [c.actor, c.policy.name, intentsOf[i]!] as const),
    });
  // 3. Moves apply in actor order: moves due from earlier days first, then today's.
  const pending: PendingMove[] = [];
  for (let i = 0; i < r.cast.length; i++) {
    const { actor, policy } = r.cast[i]!;
    if (dueToday > 0)
      for (const p of state.pending)
        if (p.due === state.day && p.move.by === actor)
          apply(r, state, day, p.move, { origin: 'policy', policy: { name: p.policy, rule: p.because } });
    for (const intent of intentsOf[i]!) {
      const move = { ...intent.move, by: actor } as WorldEvent;
      if (intent.after > 0)
        pending.push({ due: state.day + intent.after, move, policy: policy.name, because: intent.because });
      else
        apply(r, state, day, move, { origin: 'policy', policy: { name: policy.name, rule: intent.because } });
    }
  }
  const stillPending =
    state.pending.length === 0 && pending.length === 0
      ? state.pending
      : [...state.pending.filter((p) => p.due > state.day), ...pending];
  // 4. The clock ticks.
  const end = r.data.end !== undefined && evaluate(r.data.end, day);
  const lastDay = state.day >= r.horizon;
  const ticked = end || lastDay ? day.world : r.stepper.step(day.world, DAY_ELAPSED).state;
  // Eventless transitions the new day enables (a custom region's `dayAtLeast`) are reached too.
  if (ticked.value !== day.world.value) day.reach(r.reachedKeys(ticked.value));
  const next = {
    day: end || lastDay ? state.day : state.day + 1,
    world: ticked,
    rng: rng.save(),
    pending: stillPending,
    memory: memory ?? state.memory,
    // The sets only grow: when they did not, yesterday's lists still say the same.
    firedInjects:
      fired.size === firedBefore && firedBefore === state.firedInjects.length
        ? state.firedInjects
        : [...fired],
    trace: day.trace,
    reached: day.reachedList(state.reached),
    violations: day.violations,
    finished: end || lastDay,
    endReason: end ? ('end-condition' as const) : lastDay ? ('horizon' as const) : null,
  };
  // A state of exactly the fields a run writes is written out as a literal; any other keeps its extra
  // fields and their order, as a spread does.
  return plain
    ? {
        version: state.version,
        scenario: state.scenario,
        seed: state.seed,
        engine: state.engine,
        day: next.day,
        world: next.world,
        rng: next.rng,
        pending: next.pending,
        memory: next.memory,
        firedInjects: next.firedInjects,
        trace: next.trace,
        reached: next.reached,
        violations: next.violations,
        finished: next.finished,
        endReason: next.endReason,
      }
    : { ...state, ...next };
}

/** The fields of a run state, in the order a run writes them. */
const STATE_FIELDS: readonly (keyof RunState)[] = [
  'version',
  'scenario',
  'seed',
  'engine',
  'day',
  'world',
  'rng',
  'pending',
  'memory',
  'firedInjects',
  'trace',
  'reached',
  'violations',
  'finished',
  'endReason',
];

/** Whether a state has exactly the fields a run writes, in that order (a saved run may carry others). */
function isPlain(state: RunState): boolean {
  const keys = Object.keys(state);
  return keys.length === STATE_FIELDS.length && keys.every((k, i) => k === STATE_FIELDS[i]);
}

const NO_MEMORY: readonly string[] = [];
const NO_INTENTS: readonly Intent[] = [];

/** The clock's move at the end of each day. Moves are plain data that no stepper changes. */
const DAY_ELAPSED: WorldEvent = { type: 'clock.dayElapsed', by: CLOCK };

/** The state of a run that has not started. */
export function startState(r: Runner, seed: number): RunState {
  const { world, reached } = r.start();
  return {
    version: 1,
    scenario: { id: r.data.id, hash: r.scenario.hash, whatIf: r.scenario.whatIf },
    seed,
    engine: r.stepper.engine,
    day: 0,
    world,
    rng: seedRng(seed),
    pending: [],
    memory: {},
    firedInjects: [],
    trace: [],
    reached,
    violations: [],
    finished: false,
    endReason: null,
  };
}

export function finish(r: Runner, state: RunState): RunResult {
  return {
    scenario: r.scenario,
    seed: state.seed,
    trace: state.trace,
    outcome: computeOutcome(r.data, state),
    world: state.world,
    state,
  };
}

/** Run days until the end (or past `untilDay`), yielding the state after each day. */
export function* days(
  r: Runner,
  state: RunState,
  untilDay: number | undefined,
): Generator<RunState, RunState> {
  let current = state;
  // The days a run writes keep the fields of the state it started from.
  const plain = isPlain(state);
  while (!current.finished && (untilDay === undefined || current.day <= untilDay)) {
    current = advance(r, current, plain);
    yield current;
  }
  return current;
}

/** Run days until the end (or past `untilDay`), waiting for policies that decide asynchronously. */
export async function daysAsync(r: Runner, state: RunState, untilDay: number | undefined): Promise<RunState> {
  let current = state;
  const plain = isPlain(state);
  while (!current.finished && (untilDay === undefined || current.day <= untilDay))
    current = await advanceAsync(r, current, plain);
  return current;
}
