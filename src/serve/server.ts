import { existsSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { loadScenarioSync } from '../scenario/read-file.js';
import type { Scenario } from '../scenario/scenario.js';
import { buildApp } from './app.js';
import { type ExerciseLinks, LiveExercises, type SeatLink } from './live.js';
import type { RateLimit } from './rate-limit.js';
import { ExerciseStore } from './store.js';

/** A server that cannot start as asked: a host that is not loopback. */
export class ServeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ServeError';
  }
}

/** Options of `startServer`: the scenario (a file or loaded), the database and where to listen. */
export interface ServeOptions {
  /** The scenario file to serve (read with `loadScenarioSync`), unless `scenario` is given. */
  readonly file?: string | undefined;
  readonly scenario?: Scenario | undefined;
  /** The what-if of the first exercise, made on a fresh database. */
  readonly whatIf?: string | null | undefined;
  /** The port; 0 picks a free one. */
  readonly port: number;
  /** A loopback address: 127.0.0.1 (the default), ::1 or localhost. */
  readonly host?: string | undefined;
  /** The SQLite file: created if absent, resumed if it holds exercises of the same scenario. */
  readonly db: string;
  /** The request limit per token (the protocol's 20/s, bursts of 40, by default). */
  readonly rateLimit?: RateLimit | undefined;
  /** Called with errors the server did not expect. */
  readonly onInternalError?: ((error: unknown) => void) | undefined;
}

/** A running exercise server. */
export interface RunningServer {
  /** Its origin, e.g. `http://127.0.0.1:4700`. */
  readonly url: string;
  /** The facilitator's console link (with the token in the fragment). */
  readonly facilitator: string;
  /** The join links of the first exercise's seats. */
  readonly seats: readonly SeatLink[];
  /** The links of every exercise, oldest first. */
  readonly exercises: readonly (ExerciseLinks & { readonly id: string })[];
  /** The Fastify app (for `inject` in tests). */
  readonly app: FastifyInstance;
  /** Stops listening, closes the sockets and the database. */
  close(): Promise<void>;
}

const loopback = new Set(['127.0.0.1', '::1', 'localhost']);

/** The folder of the pages, beside this file (src/serve/public, or dist/serve/public once built). */
const publicDir = fileURLToPath(new URL('./public/', import.meta.url));

/**
 * Starts an exercise server. On a fresh database it creates exercise `ex1` of the scenario (the what-if
 * applied); on an existing one it resumes every exercise from its log. Throws a `ServeError` for a host
 * that is not loopback, a `StoreError` for a database of another scenario, a `ScenarioError` for a bad
 * file and an `ExerciseError` for an unknown what-if.
 */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  if (!loopback.has(host))
    throw new ServeError(
      `the server listens on loopback only (127.0.0.1, ::1 or localhost), not ${host}; put a reverse proxy in front to share it`,
    );
  const scenario = options.scenario ?? loadScenarioSync(options.file ?? '');
  const fresh = !existsSync(options.db);
  const store = new ExerciseStore(options.db, scenario.hash);
  let live: LiveExercises;
  try {
    live = new LiveExercises(scenario, store);
    if (live.all().length === 0)
      live.create(
        options.whatIf === undefined || options.whatIf === null ? {} : { whatIf: options.whatIf },
        new Date().toISOString(),
      );
  } catch (error) {
    store.close();
    // A database made just now for an exercise that could not be opened (an unknown what-if) is removed.
    if (fresh) for (const end of ['', '-wal', '-shm']) rmSync(`${options.db}${end}`, { force: true });
    throw error;
  }
  let base = '';
  const app = await buildApp({
    live,
    publicDir,
    base: () => base,
    rateLimit: options.rateLimit,
    onInternalError: options.onInternalError,
  });
  try {
    await app.listen({ port: options.port, host: host === 'localhost' ? '127.0.0.1' : host });
  } catch (error) {
    live.close();
    store.close();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  base = `http://${host === '::1' ? '[::1]' : host}:${port}`;
  const exercises = live.all().map((ex) => ({ id: ex.id, ...live.links(ex.id, base) }));
  return {
    url: base,
    facilitator: `${base}/console#${live.facilitatorToken}`,
    seats: exercises[0]?.seats ?? [],
    exercises,
    app,
    async close() {
      live.close();
      await app.close();
      // Commands answered before the close are in the store already; any still queued are written now.
      await live.settled();
      store.close();
    },
  };
}
