import { chmodSync, closeSync, openSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { ExerciseOptions } from '../exercise/exercise.js';
import type { ExerciseEvent } from '../exercise/exercise-types.js';
import { type Grant, tokenHash } from './auth.js';

/** A database that cannot serve: made for another scenario, or not an exercise database at all. */
export class StoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreError';
  }
}

/** One exercise as the store keeps it: its options and its log, in order. */
export interface StoredExercise {
  readonly id: string;
  readonly createdAt: string;
  readonly options: ExerciseOptions;
  readonly events: readonly ExerciseEvent[];
}

/** A token and what it grants, as the store keeps it (the token itself, so links can be printed again). */
export interface StoredToken {
  readonly token: string;
  readonly grant: Grant;
}

const schema = `
CREATE TABLE IF NOT EXISTS exercises (
  id TEXT PRIMARY KEY,
  created_at TEXT NOT NULL,
  options TEXT NOT NULL,
  scenario_hash TEXT NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS tokens (
  hash TEXT PRIMARY KEY,
  token TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL CHECK (role IN ('facilitator', 'seat')),
  exercise TEXT REFERENCES exercises (id),
  seat TEXT
) STRICT;
CREATE TABLE IF NOT EXISTS events (
  exercise TEXT NOT NULL REFERENCES exercises (id),
  seq INTEGER NOT NULL,
  at TEXT NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (exercise, seq)
) STRICT;
CREATE TRIGGER IF NOT EXISTS events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'the exercise log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'the exercise log is append-only'); END;
`;

/**
 * The exercise database: one SQLite file in WAL mode with `synchronous = FULL`, written by this process
 * only. Every accepted command is appended in a transaction before the server answers, so a
 * server killed at any moment loses nothing it has answered. The log is append-only: triggers refuse
 * any UPDATE or DELETE of an event.
 */
export class ExerciseStore {
  readonly #db: Database.Database;
  readonly #scenarioHash: string;
  #insertEvent: Database.Statement | undefined;

  /**
   * Opens (or creates, mode 0600) the database at `file` for the scenario whose hash is `scenarioHash`.
   * Throws a `StoreError` if the file holds exercises of another scenario or is not an exercise database.
   */
  constructor(file: string, scenarioHash: string) {
    this.#scenarioHash = scenarioHash;
    // Create the file ourselves so that it is never readable by others, tokens being in it.
    try {
      closeSync(openSync(file, 'a', 0o600));
      chmodSync(file, 0o600);
    } catch (error) {
      throw new StoreError(`cannot open the database ${file}: ${(error as NodeJS.ErrnoException).code}`);
    }
    try {
      this.#db = new Database(file, { timeout: 2000 });
      this.#db.pragma('journal_mode = WAL');
      this.#db.pragma('synchronous = FULL');
      this.#db.pragma('foreign_keys = ON');
      this.#db.exec(schema);
    } catch (error) {
      throw new StoreError(
        `${file} is not an exercise database (${(error as Error).message}); give another --db file`,
      );
    }
    const other = this.#db
      .prepare<[string], { scenario_hash: string }>(
        'SELECT scenario_hash FROM exercises WHERE scenario_hash <> ? LIMIT 1',
      )
      .get(scenarioHash);
    if (other !== undefined) {
      this.#db.close();
      throw new StoreError(
        `${file} holds exercises of another scenario (or of another version of this one); serve that scenario, or give another --db file`,
      );
    }
  }

  /** The server's facilitator token, made and kept on first use. */
  facilitatorToken(make: () => string): string {
    const row = this.#db
      .prepare<[], { token: string }>("SELECT token FROM tokens WHERE role = 'facilitator' LIMIT 1")
      .get();
    if (row) return row.token;
    const token = make();
    this.#db
      .prepare("INSERT INTO tokens (hash, token, role) VALUES (?, ?, 'facilitator')")
      .run(tokenHash(token), token);
    return token;
  }

  /** Every token and its grant. */
  tokens(): StoredToken[] {
    return this.#db
      .prepare<[], { token: string; role: string; exercise: string | null; seat: string | null }>(
        'SELECT token, role, exercise, seat FROM tokens ORDER BY rowid',
      )
      .all()
      .map((r) => ({
        token: r.token,
        grant:
          r.role === 'facilitator'
            ? { role: 'facilitator' }
            : { role: 'seat', exercise: r.exercise ?? '', seat: r.seat ?? '' },
      }));
  }

  /** Records a new exercise and its seats' tokens, in one transaction. */
  createExercise(
    id: string,
    createdAt: string,
    options: ExerciseOptions,
    seats: readonly { readonly seat: string; readonly token: string }[],
  ): void {
    const insertExercise = this.#db.prepare(
      'INSERT INTO exercises (id, created_at, options, scenario_hash) VALUES (?, ?, ?, ?)',
    );
    const insertToken = this.#db.prepare(
      "INSERT INTO tokens (hash, token, role, exercise, seat) VALUES (?, ?, 'seat', ?, ?)",
    );
    this.#db.transaction(() => {
      insertExercise.run(id, createdAt, JSON.stringify(options), this.#scenarioHash);
      for (const s of seats) insertToken.run(tokenHash(s.token), s.token, id, s.seat);
    })();
  }

  /**
   * Appends accepted commands to their exercises' logs, durably, in one transaction (one sync to disk
   * for all of them: the server groups the commands that arrive together).
   */
  append(events: readonly { readonly exercise: string; readonly event: ExerciseEvent }[]): void {
    this.#insertEvent ??= this.#db.prepare(
      'INSERT INTO events (exercise, seq, at, body) VALUES (?, ?, ?, ?)',
    );
    const insert = this.#insertEvent;
    this.#db.transaction(() => {
      for (const { exercise, event } of events)
        insert.run(exercise, event.seq, event.at, JSON.stringify(event));
    })();
  }

  /** Every exercise with its log, oldest exercise first. */
  exercises(): StoredExercise[] {
    const rows = this.#db
      .prepare<[], { id: string; created_at: string; options: string }>(
        'SELECT id, created_at, options FROM exercises ORDER BY rowid',
      )
      .all();
    const events = this.#db.prepare<[string], { body: string }>(
      'SELECT body FROM events WHERE exercise = ? ORDER BY seq',
    );
    return rows.map((r) => ({
      id: r.id,
      createdAt: r.created_at,
      options: JSON.parse(r.options) as ExerciseOptions,
      events: events.all(r.id).map((e) => JSON.parse(e.body) as ExerciseEvent),
    }));
  }

  /** Closes the database (the WAL is checkpointed). */
  close(): void {
    if (this.#db.open) this.#db.close();
  }
}
