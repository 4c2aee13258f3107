import type { WorldEvent } from '../regions/events.js';
import type { Scenario } from '../scenario/scenario.js';
import { dateOf, dayIndex } from '../sim/calendar.js';
import type { RunState } from '../sim/run-state.js';
import type { Stepper } from '../steppers/stepper.js';
import { decisionPoint, type InjectControl, roundScenario } from './exercise-round.js';
import type {
  ExerciseEvent,
  ExerciseHeader,
  ExercisePhase,
  MessageView,
  SeatHolder,
  SeatInfo,
} from './exercise-types.js';

/** How an exercise is made: its id, title, what-if and seed. */
export interface ExerciseOptions {
  readonly id: string;
  readonly title?: string | undefined;
  readonly whatIf?: string | null | undefined;
  readonly seed?: number | undefined;
}

/** What stays the same for a whole exercise. */
export interface ExerciseBase {
  readonly scenario: Scenario;
  readonly seed: number;
  readonly stepper: Stepper;
  readonly seatSpecs: readonly {
    readonly id: string;
    readonly name: string;
    readonly actors: readonly string[];
    readonly brief?: string | undefined;
  }[];
}

/** The state a command changes: plain data, rebuilt from the log. */
export interface ExerciseState {
  readonly phase: ExercisePhase;
  /** The phase to return to on resume, while paused. */
  readonly resumeTo: ExercisePhase | null;
  readonly round: number;
  readonly roundDays: number | null;
  readonly deadline: string | null;
  /** While paused: the milliseconds left before the deadline. */
  readonly remainingMs: number | null;
  readonly holders: Readonly<Record<string, SeatHolder>>;
  readonly joined: Readonly<Record<string, string>>;
  readonly submissions: Readonly<Record<string, readonly WorldEvent[]>>;
  readonly messages: readonly MessageView[];
  readonly injects: InjectControl;
  readonly run: RunState;
  /** The submissions of each round resolved, by round number (from 1), for the review. */
  readonly rounds: readonly {
    readonly round: number;
    readonly day: number;
    readonly days: number;
    readonly submissions: Readonly<Record<string, readonly WorldEvent[]>>;
  }[];
}

/** A live exercise: an immutable value; every accepted command gives a new one. */
export interface Exercise {
  readonly id: string;
  readonly options: ExerciseOptions;
  /** The resolved scenario (what-if applied): the historical record the exercise is set against. */
  readonly scenario: Scenario;
  readonly header: ExerciseHeader;
  readonly seats: readonly SeatInfo[];
  /** Every accepted command, in order: the exercise is rebuilt from these. */
  readonly events: readonly ExerciseEvent[];
  /** @internal */
  readonly base: ExerciseBase;
  /** @internal */
  readonly state: ExerciseState;
}

/** The decision point of a run, cached while the run, the injects and the holders stay the same. */
const decisions = new WeakMap<
  RunState,
  { injects: InjectControl; holders: ExerciseState['holders']; value: ReturnType<typeof decisionPoint> }
>();

/**
 * The world the seats decide on now, with the day's injects. Messages and submissions do not change it,
 * so it is computed once per round, inject decision or change of holders.
 */
export function decisionOf(ex: {
  readonly base: ExerciseBase;
  readonly state: ExerciseState;
}): ReturnType<typeof decisionPoint> {
  const { run, injects, holders } = ex.state;
  const cached = decisions.get(run);
  if (cached && cached.injects === injects && cached.holders === holders) return cached.value;
  const scenario = roundScenario(ex.base.scenario, seatPlans(ex), injects, run.day);
  const value = decisionPoint(scenario, run, ex.base.stepper);
  decisions.set(run, { injects, holders, value });
  return value;
}

/** The seats with their current holders. */
export function seatPlans(ex: { readonly base: ExerciseBase; readonly state: ExerciseState }) {
  return ex.base.seatSpecs.map((s) => ({
    id: s.id,
    actors: s.actors,
    holder: ex.state.holders[s.id] ?? { kind: 'person' as const },
  }));
}

function header(
  options: ExerciseOptions,
  base: ExerciseBase,
  state: ExerciseState,
  seq: number,
): ExerciseHeader {
  const data = base.scenario.data;
  return {
    id: options.id,
    title: options.title ?? data.title,
    scenario: data.id,
    whatIf: base.scenario.whatIf,
    phase: state.phase,
    round: state.round,
    roundDays: state.roundDays,
    deadline: state.phase === 'round' ? state.deadline : null,
    day: state.run.day,
    date: dateOf(data.calendar.start, Math.min(state.run.day, lastDay(base))),
    finished: state.run.finished,
    seq,
  };
}

function lastDay(base: ExerciseBase): number {
  const { start, end } = base.scenario.data.calendar;
  return dayIndex(start, end);
}

/** The exercise value for a state and log. */
export function exerciseOf(
  options: ExerciseOptions,
  base: ExerciseBase,
  state: ExerciseState,
  events: readonly ExerciseEvent[],
): Exercise {
  return {
    id: options.id,
    options,
    scenario: base.scenario,
    header: header(options, base, state, events.at(-1)?.seq ?? 0),
    seats: base.seatSpecs.map((s) => ({
      id: s.id,
      name: s.name,
      actors: s.actors,
      holder: state.holders[s.id] ?? { kind: 'person' },
      joinedAs: state.joined[s.id] ?? null,
    })),
    events,
    base,
    state,
  };
}
