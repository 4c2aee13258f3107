import { hint } from '../scenario/issues.js';
import type { Scenario } from '../scenario/scenario.js';
import { scenarioSeats } from '../scenario/seats.js';
import { applyWhatIf } from '../scenario/what-if.js';
import { scenarioWorld } from '../scenario/world.js';
import { runScenario, stepperFor } from '../sim/run-scenario.js';
import type { RunState } from '../sim/run-state.js';
import { applyCommand } from './exercise-commands.js';
import { type InjectControl, idlePolicies, roundScenario } from './exercise-round.js';
import {
  type Exercise,
  type ExerciseBase,
  type ExerciseOptions,
  type ExerciseState,
  exerciseOf,
} from './exercise-state.js';
import {
  type Command,
  commandSchema,
  type ExerciseEvent,
  type ExerciseRefusal,
  type Principal,
  type SeatHolder,
} from './exercise-types.js';

export type { Exercise, ExerciseOptions } from './exercise-state.js';

/** The result of `exerciseCommand`: the new exercise and the event to log, or why the command was refused. */
export type CommandResult =
  | { readonly ok: true; readonly exercise: Exercise; readonly event: ExerciseEvent }
  | { readonly ok: false; readonly refusal: ExerciseRefusal };

/** Raised for an exercise that cannot be opened (an unknown what-if, a bad seed) or a log that does not replay. */
export class ExerciseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExerciseError';
  }
}

/**
 * Open an exercise of a scenario: every seat (the scenario's `seats:`, or one per actor) held by a person,
 * no round open, the world at the scenario's start.
 *
 * @example
 * ```ts
 * let ex = openExercise(scenario, { id: 'ex1' });
 * const r = exerciseCommand(ex, { role: 'facilitator' }, { type: 'round.start', days: 7 }, now); // now: an ISO time
 * if (r.ok) ex = r.exercise; // and append r.event to the log
 * ```
 */
export function openExercise(scenario: Scenario, options: ExerciseOptions): Exercise {
  if (options.seed !== undefined && !Number.isSafeInteger(options.seed))
    throw new ExerciseError(`seed ${options.seed} is not an integer; pass a whole number such as 7`);
  let resolved = scenario;
  if (options.whatIf) {
    const names = Object.keys(scenario.data.whatIfs);
    if (!Object.hasOwn(scenario.data.whatIfs, options.whatIf))
      throw new ExerciseError(
        `unknown what-if "${options.whatIf}"${hint(options.whatIf, names)}; this scenario's what-ifs are ${names.join(', ') || 'none'}`,
      );
    resolved = applyWhatIf(scenario, options.whatIf);
  }
  const seed = options.seed ?? resolved.data.seed;
  const seatSpecs = scenarioSeats(resolved.data);
  const base: ExerciseBase = {
    scenario: resolved,
    seed,
    stepper: stepperFor(scenarioWorld(resolved.data), 'kernel'),
    seatSpecs,
  };
  const injects: InjectControl = { held: [], released: [], skipped: [], firedAt: {}, order: [], added: [] };
  const holders = Object.fromEntries(seatSpecs.map((s) => [s.id, { kind: 'person' } as SeatHolder]));
  const first = roundScenario(
    resolved,
    seatSpecs.map((s) => ({ ...s, holder: holders[s.id]! })),
    injects,
    0,
  );
  const start = runScenario(first, {
    seed,
    stepper: base.stepper,
    policies: idlePolicies(),
    untilDay: -1,
  }).state;
  const run: RunState = { ...start, scenario: { ...start.scenario, hash: resolved.hash, whatIf: null } };
  const state: ExerciseState = {
    phase: 'setup',
    resumeTo: null,
    round: 0,
    roundDays: null,
    deadline: null,
    remainingMs: null,
    holders,
    joined: {},
    submissions: {},
    messages: [],
    injects,
    run,
    rounds: [],
  };
  return exerciseOf(options, base, state, []);
}

/** Whether two principals are the same facilitator, seat or system. */
function samePrincipal(a: Principal, b: Principal): boolean {
  return a.role === b.role && (a.role !== 'seat' || (b.role === 'seat' && a.seat === b.seat));
}

/**
 * A command's optional `nonce` taken out of it: a client that sends a fresh random nonce with each
 * command makes a replayed request (the same nonce from the same principal) harmless.
 */
function splitNonce(
  input: unknown,
): { readonly body: unknown; readonly nonce?: string | undefined } | { readonly refusal: ExerciseRefusal } {
  if (!input || typeof input !== 'object' || Array.isArray(input) || !Object.hasOwn(input, 'nonce'))
    return { body: input };
  const { nonce, ...body } = input as Record<string, unknown>;
  if (typeof nonce !== 'string' || !/^[A-Za-z0-9_-]{8,64}$/.test(nonce))
    return refuse(
      'bad-command',
      400,
      'a nonce is 8 to 64 letters, digits, "_" or "-"; send a fresh random one with each command',
    );
  return { body, nonce };
}

function refuse(code: ExerciseRefusal['code'], status: ExerciseRefusal['status'], message: string) {
  return { ok: false as const, refusal: { code, status, message } };
}

/**
 * Apply one command from `by`, given as untrusted JSON: parse it, check that `by` may issue it now, and
 * return the new exercise and the event to append to the log, or a refusal that says how to fix it.
 */
export function exerciseCommand(ex: Exercise, by: Principal, input: unknown, at: string): CommandResult {
  const split = splitNonce(input);
  if ('refusal' in split) return { ok: false, refusal: split.refusal };
  const { nonce } = split;
  if (nonce !== undefined && ex.events.some((e) => e.nonce === nonce && samePrincipal(e.by, by)))
    return refuse(
      'replayed',
      409,
      'this command was already applied (its nonce was used before); send a new command with a fresh nonce',
    );
  const parsed = commandSchema.safeParse(split.body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length ? ` at ${issue.path.join('.')}` : '';
    return refuse(
      'bad-command',
      400,
      `not a command${where}: ${issue.message}; see the command list in docs/exercise-protocol.md`,
    );
  }
  if (!Number.isFinite(Date.parse(at))) return refuse('bad-command', 400, `time ${at} is not an ISO time`);
  const command: Command = parsed.data;
  const applied = applyCommand(ex, by, command, at);
  if ('refusal' in applied) return { ok: false, refusal: applied.refusal };
  const event: ExerciseEvent = {
    seq: (ex.events.at(-1)?.seq ?? 0) + 1,
    at,
    by,
    command,
    ...(nonce !== undefined ? { nonce } : {}),
  };
  const events = [...ex.events, event];
  return { ok: true, event, exercise: exerciseOf(ex.options, ex.base, applied.state, events) };
}

/**
 * Rebuild an exercise from its log: open it again and apply each event in order. Every event must be
 * accepted again and carry the next seq; otherwise the log was edited or comes from another version, and
 * an `ExerciseError` says which event.
 */
export function replayExercise(
  scenario: Scenario,
  options: ExerciseOptions,
  events: readonly ExerciseEvent[],
): Exercise {
  let ex = openExercise(scenario, options);
  for (const [i, event] of events.entries()) {
    if (event.seq !== i + 1)
      throw new ExerciseError(
        `event ${i + 1} of exercise ${options.id} has seq ${event.seq}; the log was edited`,
      );
    const input = event.nonce === undefined ? event.command : { ...event.command, nonce: event.nonce };
    const r = exerciseCommand(ex, event.by, input, event.at);
    if (!r.ok)
      throw new ExerciseError(
        `event ${event.seq} of exercise ${options.id} (${event.command.type}) does not replay: ${r.refusal.message}`,
      );
    ex = r.exercise;
  }
  return ex;
}
