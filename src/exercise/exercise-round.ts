import { type ActorView, definePolicy, type Policy } from '../agents/policy.js';
import { createPolicyRegistry } from '../agents/registry.js';
import type { TraceEntry } from '../agents/trace.js';
import type { WorldState } from '../model/context.js';
import type { WorldEvent } from '../regions/events.js';
import type { Scenario } from '../scenario/scenario.js';
import type { Inject, ScenarioData } from '../scenario/schema.js';
import { dateOf, dayIndex } from '../sim/calendar.js';
import { resumeRun } from '../sim/run-scenario.js';
import type { RunState } from '../sim/run-state.js';
import { saveRun } from '../sim/saved-run.js';
import type { Stepper } from '../steppers/stepper.js';
import type { SeatHolder } from './exercise-types.js';

/** A contingency inject the facilitator added: it fires on the first day of the next round resolved. */
interface AddedInject {
  readonly id: string;
  readonly text: string;
  readonly by: string;
  readonly moves: readonly WorldEvent[];
  readonly source?: string | undefined;
}

/** What the facilitator decided about the scenario's injects. */
export interface InjectControl {
  readonly held: readonly string[];
  /** Released (or added) and not yet fired, in the order they were released. */
  readonly released: readonly string[];
  readonly skipped: readonly string[];
  /** Released or added injects that fired, with the day they fired. */
  readonly firedAt: Readonly<Record<string, number>>;
  /** The facilitator's order for injects due on the same day (ids), or empty for the file's order. */
  readonly order: readonly string[];
  readonly added: readonly AddedInject[];
}

/** The seats as the round needs them: each seat's actors and holder. */
export interface SeatPlan {
  readonly id: string;
  readonly actors: readonly string[];
  readonly holder: SeatHolder;
}

/** The policy names a seat may be given: the pack's own policy for its actors, or a built-in one. */
export const seatPolicies = ['scenario', 'scripted', 'random'] as const;

/** The actors whose moves come from seats (some seat holding them is a person or an agent). */
function seatedActors(seats: readonly SeatPlan[]): Set<string> {
  const out = new Set<string>();
  for (const s of seats) if (s.holder.kind !== 'policy') for (const a of s.actors) out.add(a);
  return out;
}

/** The actors every seat of which is held by a policy, with the first such seat's policy. */
function policyActors(seats: readonly SeatPlan[], human: ReadonlySet<string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const s of seats)
    if (s.holder.kind === 'policy')
      for (const a of s.actors) if (!human.has(a) && !out.has(a)) out.set(a, s.holder.policy);
  return out;
}

/**
 * The scenario the next round runs: seated actors follow the `human` policy (their submissions). Injects
 * are the facilitator's: they fire on their day, a seated actor's too, unless held or skipped; released
 * and added ones are dated to `day`; injects due the same day fire in the facilitator's order.
 */
export function roundScenario(
  base: Scenario,
  seats: readonly SeatPlan[],
  control: InjectControl,
  day: number,
): Scenario {
  const data = base.data;
  const human = seatedActors(seats);
  const byPolicy = policyActors(seats, human);
  const actors: ScenarioData['actors'] = { ...data.actors };
  for (const [id, spec] of Object.entries(data.actors)) {
    if (human.has(id)) {
      const { rules: _r, params: _p, ...rest } = spec;
      actors[id] = { ...rest, policy: 'human' };
      continue;
    }
    const policy = byPolicy.get(id);
    if (policy && policy !== 'scenario' && policy !== spec.policy) {
      const { rules: _r, params: _p, ...rest } = spec;
      actors[id] = { ...rest, policy };
    }
  }
  const today = dateOf(data.calendar.start, day);
  const released = new Set(control.released);
  const out: Inject[] = [];
  for (const inject of data.injects) {
    if (control.skipped.includes(inject.id) || control.held.includes(inject.id)) continue;
    if (control.firedAt[inject.id] !== undefined) continue;
    const kept = inject;
    if (released.has(inject.id)) {
      const { when: _w, ...dated } = kept;
      out.push({ ...dated, date: today });
    } else out.push(kept);
  }
  for (const a of control.added) {
    if (!released.has(a.id) || control.skipped.includes(a.id) || control.held.includes(a.id)) continue;
    const moves = a.moves;
    out.push({
      id: a.id,
      date: today,
      by: a.by,
      do: moves as unknown as Inject['do'],
      text: a.text,
      hypothetical: true,
      ...(a.source ? { source: a.source } : {}),
    });
  }
  const rank = (id: string) => {
    const i = control.order.indexOf(id);
    return i < 0 ? control.order.length : i;
  };
  const dayOf = (i: Inject) => (i.date === undefined ? -1 : dayIndex(data.calendar.start, i.date));
  const ordered = out
    .map((inject, i) => ({ inject, i }))
    .sort((a, b) => {
      const da = dayOf(a.inject);
      const db = dayOf(b.inject);
      if (da !== db || da < 0) return a.i - b.i;
      return rank(a.inject.id) - rank(b.inject.id) || a.i - b.i;
    })
    .map((x) => x.inject);
  return { ...base, data: { ...data, actors, injects: ordered }, whatIf: null };
}

/** The `human` policy of a round: each seated actor's submitted moves, on the round's first day only. */
function seatPolicy(moves: ReadonlyMap<string, readonly WorldEvent[]>, firstDay: number): Policy<unknown> {
  return definePolicy<unknown>({
    name: 'human',
    description: "The moves the exercise's seats submitted for the round.",
    parseParams: () => ({}),
    decide: ({ view, memory }: { view: ActorView; memory: readonly string[] }) => ({
      intents: view.day === firstDay ? (moves.get(view.actor) ?? []).map((move) => ({ move, after: 0 })) : [],
      memory,
    }),
  });
}

/** Policies in which the seated actors pass: for the exercise's start. */
export function idlePolicies() {
  return createPolicyRegistry([seatPolicy(new Map(), -1)]);
}

/** Run `days` days from `state` with the seats' moves on the first: the state after the round. */
export function runRound(
  scenario: Scenario,
  state: RunState,
  stepper: Stepper,
  moves: ReadonlyMap<string, readonly WorldEvent[]>,
  days: number,
): RunState {
  const policies = createPolicyRegistry([seatPolicy(moves, state.day)]);
  return resumeRun(scenario, saveRun(state), { policies, stepper, untilDay: state.day + days - 1 }).state;
}

/** The world at the seats' decision point of `state.day`: after the day's injects, before any move. */
export function decisionPoint(
  scenario: Scenario,
  state: RunState,
  stepper: Stepper,
): { readonly world: WorldState; readonly news: readonly TraceEntry[] } {
  if (state.finished) return { world: state.world, news: [] };
  let seen: ActorView | undefined;
  const probe = definePolicy<unknown>({
    name: 'human',
    description: 'Looks at the world and passes.',
    parseParams: () => ({}),
    decide: ({ view, memory }) => {
      seen ??= view;
      return { intents: [], memory };
    },
  });
  const after = resumeRun(scenario, saveRun(state), {
    policies: createPolicyRegistry([probe]),
    stepper,
    untilDay: state.day,
  }).state;
  if (seen) return { world: seen.world, news: seen.news.filter((e) => e.day === state.day) };
  // No actor follows a seat: the day's injects are the trace entries of that day before any policy move.
  const today = after.trace.filter((e) => e.day === state.day && e.origin === 'inject');
  return { world: state.world, news: today };
}
