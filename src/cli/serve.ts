import { type Command, InvalidArgumentError } from '@commander-js/extra-typings';
import { ExerciseError } from '../exercise/exercise.js';
import { loadScenarioSync } from '../scenario/read-file.js';
import type { RunningServer } from '../serve/server.js';
import { CliError } from './cli-error.js';
import type { CliIo } from './io.js';

/** `--port`: 0 (a free port) to 65535. */
function parsePort(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 65_535)
    throw new InvalidArgumentError(`"${value}" is not a port from 0 to 65535 (0 picks a free one)`);
  return Number(value);
}

/** The default database: `<scenario id>.exercise.db` in the current directory. */
const defaultDb = (id: string) => `${id.replace(/[^A-Za-z0-9._-]+/g, '-')}.exercise.db`;

/** `auspices serve`: a live exercise server for a class, until Ctrl-C or SIGTERM. */
export function registerServe(cmd: Command, io: CliIo): void {
  cmd
    .command('serve')
    .description(
      "run a live exercise: a facilitator's console and one page per seat in the browser, over a log in SQLite that survives restarts",
    )
    .argument('<file>', 'scenario file')
    .option('-w, --what-if <name>', "the first exercise's what-if (on a new database)")
    .option('-p, --port <n>', 'the port on 127.0.0.1 (0 picks a free one)', parsePort, 4700)
    .option('--db <file>', 'the exercise database, resumed if it exists (default: <scenario id>.exercise.db)')
    .addHelpText(
      'after',
      '\nPrints the console link, then one join link per seat (the token is the part\nafter #). Stop with Ctrl-C; start again with the same --db to resume every\nexercise where it was.',
    )
    .action(async (file, opts) => {
      const scenario = loadScenarioSync(file);
      // The server's stack (Fastify, SQLite) loads only for this command, so the others start no slower.
      const [{ ServeError, startServer }, { StoreError }] = await Promise.all([
        import('../serve/server.js'),
        import('../serve/store.js'),
      ]);
      let server: RunningServer;
      try {
        server = await startServer({
          scenario,
          whatIf: opts.whatIf,
          port: opts.port,
          db: opts.db ?? defaultDb(scenario.data.id),
          onInternalError: (error) =>
            io.err(`auspices: serve: internal error: ${(error as Error).message ?? String(error)}\n`),
        });
      } catch (error) {
        if (error instanceof StoreError || error instanceof ServeError || error instanceof ExerciseError)
          throw new CliError(error.message);
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EADDRINUSE')
          throw new CliError(`port ${opts.port} is in use; choose another with --port (0 picks a free one)`);
        if (code === 'EACCES')
          throw new CliError(`port ${opts.port} needs privileges; choose one above 1023 with --port`);
        throw error;
      }
      io.out(`Facilitator console: ${server.facilitator}\n`);
      const many = server.exercises.length > 1;
      for (const ex of server.exercises) {
        if (many) io.out(`Exercise ${ex.id}:\n`);
        const width = Math.max(...ex.seats.map((s) => s.seat.length));
        const nameWidth = Math.max(...ex.seats.map((s) => s.name.length));
        for (const s of ex.seats) io.out(`${s.seat.padEnd(width)}  ${s.name.padEnd(nameWidth)}  ${s.link}\n`);
      }
      io.out('Ready.\n');
      await new Promise<void>((resolve) => {
        if (io.signal === undefined) return;
        if (io.signal.aborted) resolve();
        io.signal.addEventListener('abort', () => resolve(), { once: true });
      });
      await server.close();
      io.err('auspices: serve: stopped; start again with the same --db to resume\n');
    });
}
