import {
  type Exercise,
  ExerciseError,
  type ExerciseOptions,
  exerciseCommand,
  openExercise,
  replayExercise,
} from '../exercise/exercise.js';
import type { ExerciseEvent, ExerciseRefusal, Principal } from '../exercise/exercise-types.js';
import type { Scenario } from '../scenario/scenario.js';
import { type Grant, newToken, TokenTable } from './auth.js';
import { type ExerciseStore, StoreError } from './store.js';

/** A seat's join link. */
export interface SeatLink {
  readonly seat: string;
  readonly name: string;
  readonly link: string;
}

/** The links of one exercise: the facilitator's console and each seat's page. */
export interface ExerciseLinks {
  readonly console: string;
  readonly seats: readonly SeatLink[];
}

/** What happens when an exercise's log grows: its id and the new last seq. */
export type ChangeListener = (exercise: string, seq: number) => void;

/** The answer to a command: accepted with its seq, or refused. */
export type Applied =
  | { readonly ok: true; readonly seq: number }
  | { readonly ok: false; readonly refusal: ExerciseRefusal };

/**
 * The exercises a server runs, live: each is the replay of its log in the store. A command is applied
 * by the core, appended to the store, and only then answered and announced to listeners. A round
 * with a deadline has a timer that resolves it as the system when the deadline passes.
 */
export class LiveExercises {
  readonly scenario: Scenario;
  readonly tokens = new TokenTable();
  readonly facilitatorToken: string;
  readonly #store: ExerciseStore;
  readonly #exercises = new Map<string, Exercise>();
  readonly #seatTokens = new Map<string, Map<string, string>>();
  readonly #timers = new Map<string, NodeJS.Timeout>();
  readonly #listeners = new Set<ChangeListener>();
  /** Events applied in memory and not yet in the store, and each exercise as it last was in the store. */
  #queue: { readonly exercise: string; readonly event: ExerciseEvent }[] = [];
  #durable = new Map<string, Exercise>();
  #flush: Promise<void> | null = null;
  #closed = false;

  /**
   * Rebuilds every exercise of `store` from its log (throws a `StoreError` when a log does not replay),
   * and schedules the deadlines, resolving at once the rounds whose deadline passed while the server was
   * down.
   */
  constructor(scenario: Scenario, store: ExerciseStore) {
    this.scenario = scenario;
    this.#store = store;
    this.facilitatorToken = store.facilitatorToken(newToken);
    for (const { token, grant } of store.tokens()) {
      this.tokens.add(token, grant);
      if (grant.role === 'seat') this.#seatTokensOf(grant.exercise).set(grant.seat, token);
    }
    for (const stored of store.exercises()) {
      try {
        this.#exercises.set(stored.id, replayExercise(scenario, stored.options, stored.events));
      } catch (error) {
        if (error instanceof ExerciseError)
          throw new StoreError(`exercise ${stored.id} of the database does not replay: ${error.message}`);
        throw error;
      }
    }
    for (const id of this.#exercises.keys()) this.#schedule(id);
  }

  /** The exercises, oldest first. */
  all(): Exercise[] {
    return [...this.#exercises.values()];
  }

  /** The exercise `id`, or undefined. */
  get(id: string): Exercise | undefined {
    return this.#exercises.get(id);
  }

  /** What a token grants, or null when the server does not know it. */
  grant(token: string): Grant | null {
    return this.tokens.grant(token);
  }

  /**
   * Creates an exercise of the served scenario with the next free id (`ex1`, `ex2`, ...) and a token per
   * seat. Throws an `ExerciseError` for bad options (an unknown what-if).
   */
  create(options: Omit<ExerciseOptions, 'id'>, at: string): Exercise {
    let n = this.#exercises.size + 1;
    while (this.#exercises.has(`ex${n}`)) n++;
    const id = `ex${n}`;
    const full: ExerciseOptions = { ...options, id };
    const ex = openExercise(this.scenario, full);
    const seats = ex.seats.map((s) => ({ seat: s.id, token: newToken() }));
    this.#store.createExercise(id, at, full, seats);
    for (const s of seats) {
      this.tokens.add(s.token, { role: 'seat', exercise: id, seat: s.seat });
      this.#seatTokensOf(id).set(s.seat, s.token);
    }
    this.#exercises.set(id, ex);
    this.#schedule(id);
    return ex;
  }

  /** The console and seat links of exercise `id`, made on `base` (`http://127.0.0.1:4700`). */
  links(id: string, base: string): ExerciseLinks {
    const ex = this.#exercises.get(id);
    const tokens = this.#seatTokens.get(id);
    return {
      console: `${base}/console#${this.facilitatorToken}`,
      seats: (ex?.seats ?? []).map((s) => ({
        seat: s.id,
        name: s.name,
        link: `${base}/seat#${tokens?.get(s.id) ?? ''}`,
      })),
    };
  }

  /**
   * Applies `input` (untrusted JSON) to exercise `id` as `by`. The command takes effect in memory at once
   * (the next command sees it), and the promise resolves once it is in the store: the commands that
   * arrive together are appended in one transaction (group commit), then listeners hear of them. If the
   * store cannot be written, the exercises go back to their last durable state and the promises reject.
   */
  command(id: string, by: Principal, input: unknown): Promise<Applied> {
    const ex = this.#exercises.get(id);
    if (!ex)
      return Promise.resolve({
        ok: false,
        refusal: { code: 'bad-command', status: 400, message: `there is no exercise ${id}` },
      });
    const result = exerciseCommand(ex, by, input, new Date().toISOString());
    if (!result.ok) return Promise.resolve(result);
    if (!this.#durable.has(id)) this.#durable.set(id, ex);
    this.#exercises.set(id, result.exercise);
    this.#queue.push({ exercise: id, event: result.event });
    const seq = result.event.seq;
    return this.#flushSoon().then(() => ({ ok: true, seq }));
  }

  /**
   * Resolves once every command applied so far is in the store. Reads wait for it, so that no answer
   * shows what a crash could still lose.
   */
  async settled(): Promise<void> {
    // Checked again after each wait: commands applied meanwhile are in the next flush.
    while (this.#flush !== null) await this.#flush.catch(() => {});
  }

  /** Appends the queued events in one transaction, on the next turn of the event loop. */
  #flushSoon(): Promise<void> {
    this.#flush ??= new Promise<void>((resolve, reject) => {
      setImmediate(() => {
        const batch = this.#queue;
        const durable = this.#durable;
        this.#queue = [];
        this.#durable = new Map();
        this.#flush = null;
        try {
          this.#store.append(batch);
        } catch (error) {
          for (const [id, ex] of durable) this.#exercises.set(id, ex);
          reject(error);
          return;
        }
        const last = new Map<string, number>();
        for (const { exercise, event } of batch) last.set(exercise, event.seq);
        for (const [id, seq] of last) {
          this.#schedule(id);
          for (const listen of this.#listeners)
            try {
              listen(id, seq);
            } catch {
              // A listener that fails (a socket gone bad) must not hold back the answers.
            }
        }
        resolve();
      });
    });
    return this.#flush;
  }

  /** Calls `listener` after each append; returns a function that stops it. */
  onChange(listener: ChangeListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Stops the deadline timers (the store is closed by its owner). */
  close(): void {
    this.#closed = true;
    for (const t of this.#timers.values()) clearTimeout(t);
    this.#timers.clear();
    this.#listeners.clear();
  }

  #seatTokensOf(id: string): Map<string, string> {
    let m = this.#seatTokens.get(id);
    if (!m) {
      m = new Map();
      this.#seatTokens.set(id, m);
    }
    return m;
  }

  /** (Re)arms the timer of exercise `id`'s open round, if it has a deadline. */
  #schedule(id: string): void {
    const old = this.#timers.get(id);
    if (old) clearTimeout(old);
    this.#timers.delete(id);
    const deadline = this.#exercises.get(id)?.header.deadline ?? null;
    if (this.#closed || deadline === null) return;
    const delay = Math.max(0, Date.parse(deadline) - Date.now());
    const timer = setTimeout(
      () => {
        this.#timers.delete(id);
        if (this.#closed) return;
        // Refused only if the round was resolved or paused meanwhile: nothing to do then. A store that
        // cannot be written (a full disk) leaves the round open; the facilitator can resolve it by hand.
        try {
          this.command(id, { role: 'system' }, { type: 'round.resolve' });
        } catch {
          // The next command will meet the same error and report it.
        }
      },
      Math.min(delay, 2 ** 31 - 1),
    );
    timer.unref();
    this.#timers.set(id, timer);
  }
}
