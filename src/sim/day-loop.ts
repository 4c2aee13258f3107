import type { ActorView, Decision, Intent } from '../agents/policy.js';
import { openRng, seedRng } from '../agents/rng.js';
import type { TraceEntry } from '../agents/trace.js';
import type { WorldState } from '../model/context.js';
import { evaluate, type PredicateSubject, reachedKeys } from '../model/predicate.js';
import { CLOCK, type WorldEvent } from '../regions/events.js';
import type { Inject } from '../scenario/schema.js';
import { dateOf } from './calendar.js';
import { initialContext, initialValue } from './initial-world.js';
import { computeOutcome } from './outcome.js';
import { checkMovesOfDay } from './reaction-limit.js';
import type { PendingMove, RunState } from './run-state.js';
import type { RunResult } from './run-types.js';
import type { Runner } from './runner.js';
import { brokenInvariants, invariantsOf } from './world-invariants.js';

/** The day loop of a run: one day's injects, policies and moves, and the start and end of a run. */
const moveOf = (e: TraceEntry) => ({ type: e.move.type, by: e.move.by, accepted: e.accepted });

/** The mutable working copy of one day. */
interface Day {
  world: WorldState;
  trace: TraceEntry[];
  /** The trace's moves as predicates read them, kept beside it so no predicate copies the whole trace. */
  moves: PredicateSubject['moves'][number][];
  reached: Set<string>;
  violations: RunState['violations'][number][];
}

function subjectOf(r: Runner, day: Day): PredicateSubject {
  const { value, context } = day.world;
  return { regionPath: r.world.regionPath, value, context, reached: day.reached, moves: day.moves };
}

function apply(
  r: Runner,
  state: RunState,
  day: Day,
  move: WorldEvent,
  extra: Pick<TraceEntry, 'origin' | 'inject' | 'policy'>,
) {
  const before = day.world;
  const outcome = r.stepper.step(before, move);
  const entry: TraceEntry = {
    seq: day.trace.length,
    day: state.day,
    date: r.dates[state.day] ?? dateOf(r.data.calendar.start, state.day),
    origin: extra.origin,
    move,
    accepted: outcome.accepted,
    rules: outcome.rules,
    ...(outcome.refusal ? { refusal: outcome.refusal } : {}),
    changes: outcome.changes,
    ...(extra.inject ? { inject: extra.inject } : {}),
    ...(extra.policy ? { policy: extra.policy } : {}),
  };
  day.trace.push(entry);
  day.moves.push(moveOf(entry));
  day.world = outcome.state;
  for (const key of reachedKeys(day.world.value, r.world.tracks)) day.reached.add(key);
  // The world's invariants (its modules' and I11): the machine should make them impossible to break.
  const step = {
    before,
    event: move,
    accepted: outcome.accepted,
    after: day.world,
    changes: outcome.changes,
  };
  for (const broken of brokenInvariants(step, invariantsOf(r.world)))
    if (!day.violations.some((v) => v.invariant === broken.id))
      day.violations.push({
        invariant: broken.id,
        text: `${broken.text}: ${broken.detail}`,
        day: state.day,
        seq: entry.seq,
      });
  for (const inv of r.data.invariants) {
    if (day.violations.some((v) => v.invariant === inv.id)) continue;
    if (!evaluate(inv.holds, subjectOf(r, day))) {
      day.violations.push({ invariant: inv.id, text: inv.text, day: state.day, seq: entry.seq });
    }
  }
}

function injectMoves(inject: Inject): WorldEvent[] {
  const list = Array.isArray(inject.do) ? inject.do : [inject.do];
  return list.map((m) => ({ ...m, by: m.by ?? inject.by }) as unknown as WorldEvent);
}

function viewFor(r: Runner, state: RunState, day: Day, actor: string, news: TraceEntry[]): ActorView {
  const world = day.world;
  let legal: WorldEvent[] | undefined;
  return {
    actor,
    day: state.day,
    date: r.dates[state.day] ?? dateOf(r.data.calendar.start, state.day),
    world,
    news,
    history: day.trace,
    reached: day.reached,
    regionPath: r.world.regionPath,
    legalMoves: () => {
      legal ??= r.world
        .candidateMoves(world.context, actor)
        .filter((m) => r.stepper.check(world, m).accepted);
      return legal;
    },
  };
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
function advance(r: Runner, state: RunState): RunState {
  const steps = daySteps(r, state);
  const next = steps.next();
  if (next.done) return next.value;
  // The promise is not awaited; keep its rejection from going unhandled.
  Promise.resolve(next.value.decision).catch(() => {});
  throw new AsyncPolicyError(
    `auspices: the policy "${next.value.policy}" of ${next.value.actor} returned a promise from decide(), and this run cannot wait for it; run the scenario with runScenarioAsync, or make decide() return its decision`,
  );
}

/** Simulate one day, waiting for policies that decide asynchronously. */
async function advanceAsync(r: Runner, state: RunState): Promise<RunState> {
  const steps = daySteps(r, state);
  let next = steps.next();
  while (!next.done) next = steps.next(await next.value.decision);
  return next.value;
}

/**
 * Simulate one day: injects, simultaneous decisions, moves in fixed order, the clock. A decision that is a
 * promise is yielded, and the day goes on with the decision it resolves to.
 */
function* daySteps(r: Runner, state: RunState): Generator<Awaiting, RunState, Decision> {
  const day: Day = {
    world: state.world,
    trace: [...state.trace],
    moves: state.trace.map(moveOf),
    reached: new Set(state.reached),
    violations: [...state.violations],
  };
  // News for today's decisions: yesterday's policy moves and everything since.
  const yesterday = day.trace.findIndex((e) => e.day === state.day - 1 && e.origin === 'policy');
  const newsFrom = yesterday >= 0 ? yesterday : day.trace.length;
  const fired = new Set(state.firedInjects);
  // 1. Injects due today, in file order.
  for (const [index, inject] of r.data.injects.entries()) {
    const due =
      inject.date !== undefined
        ? r.injectDays[index] === state.day
        : !fired.has(inject.id) && inject.when !== undefined && evaluate(inject.when, subjectOf(r, day));
    if (!due) continue;
    if (inject.date === undefined) fired.add(inject.id);
    const sources = [...(inject.source ? [inject.source] : []), ...(inject.sources ?? [])];
    for (const move of injectMoves(inject)) {
      apply(r, state, day, move, {
        origin: 'inject',
        inject: { id: inject.id, text: inject.text, sources, framing: inject.framing },
      });
    }
  }
  // 2. Every agent decides on the same snapshot.
  const rng = openRng(state.rng);
  const memory: Record<string, readonly string[]> = { ...state.memory };
  const decided: [string, string, Intent[]][] = [];
  // A trace entry's seq is its index in the trace.
  const news = day.trace.slice(newsFrom);
  for (const [actor, { policy, params }] of r.policies) {
    const view = viewFor(r, state, day, actor, news);
    const given = policy.decide({ view, rng, params, memory: memory[actor] ?? [] });
    const decision = isThenable(given) ? yield { actor, policy: policy.name, decision: given } : given;
    memory[actor] = decision.memory;
    decided.push([actor, policy.name, [...decision.intents]]);
  }
  checkMovesOfDay(r.data, r.scenario.whatIf, r.warnings, {
    day: state.day,
    date: r.dates[state.day] ?? dateOf(r.data.calendar.start, state.day),
    limit: r.maxMoves,
    injected: day.trace.length - state.trace.length,
    due: state.pending.filter((p) => p.due === state.day),
    decided,
  });
  // 3. Moves apply in actor order: moves due from earlier days first, then today's.
  const pending: PendingMove[] = [];
  for (const [actor, policyName, intents] of decided) {
    const due = state.pending.filter((p) => p.due === state.day && p.move.by === actor);
    for (const p of due)
      apply(r, state, day, p.move, { origin: 'policy', policy: { name: p.policy, rule: p.because } });
    for (const intent of intents) {
      const move = { ...intent.move, by: actor } as WorldEvent;
      if (intent.after > 0)
        pending.push({ due: state.day + intent.after, move, policy: policyName, because: intent.because });
      else
        apply(r, state, day, move, { origin: 'policy', policy: { name: policyName, rule: intent.because } });
    }
  }
  const stillPending = [...state.pending.filter((p) => p.due > state.day), ...pending];
  // 4. The clock ticks.
  const end = r.data.end !== undefined && evaluate(r.data.end, subjectOf(r, day));
  const lastDay = state.day >= r.horizon;
  const ticked =
    end || lastDay ? day.world : r.stepper.step(day.world, { type: 'clock.dayElapsed', by: CLOCK }).state;
  // Eventless transitions the new day enables (a custom region's `dayAtLeast`) are reached too.
  if (ticked.value !== day.world.value)
    for (const key of reachedKeys(ticked.value, r.world.tracks)) day.reached.add(key);
  return {
    ...state,
    day: end || lastDay ? state.day : state.day + 1,
    world: ticked,
    rng: rng.save(),
    pending: stillPending,
    memory,
    firedInjects: [...fired],
    trace: day.trace,
    reached: [...day.reached].sort(),
    violations: day.violations,
    finished: end || lastDay,
    endReason: end ? 'end-condition' : lastDay ? 'horizon' : null,
  };
}

/** The state of a run that has not started. */
export function startState(r: Runner, seed: number): RunState {
  const world = r.stepper.initial(initialValue(r.data), initialContext(r.data));
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
    reached: reachedKeys(world.value, r.world.tracks).sort(),
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
  while (!current.finished && (untilDay === undefined || current.day <= untilDay)) {
    current = advance(r, current);
    yield current;
  }
  return current;
}

/** Run days until the end (or past `untilDay`), waiting for policies that decide asynchronously. */
export async function daysAsync(r: Runner, state: RunState, untilDay: number | undefined): Promise<RunState> {
  let current = state;
  while (!current.finished && (untilDay === undefined || current.day <= untilDay))
    current = await advanceAsync(r, current);
  return current;
}
