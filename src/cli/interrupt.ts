import { CliError } from './cli-error.js';

/*
 * Ctrl-C and SIGTERM during long synchronous work. Node runs a signal handler only when the event loop
 * turns, and a run, an exploration or a replay never gives it back on its own. The library stays
 * synchronous (`runScenario`, `explore`, `resumePlay`); each has a `*Steps` generator that yields between
 * two units of work (a day, a state expanded, a day replayed). The command line drives those generators
 * here: it runs steps for at most `slice` ms, then lets the event loop turn (where `bin.ts`'s handler
 * aborts the command's signal) and stops with exit 130 (SIGINT) or 143 (SIGTERM) if it was aborted.
 */

/** How long the command line works before it lets the event loop turn, in ms. */
const slice = 30;

/** The error that ends a command stopped by a signal: exit 128 + the signal's number. */
export function interrupted(what: string, signal: AbortSignal): CliError {
  const name = signal.reason === 'SIGTERM' ? 'SIGTERM' : 'SIGINT';
  return new CliError(`${what} interrupted (${name})`, name === 'SIGTERM' ? 143 : 130);
}

/**
 * A checkpoint for a loop of synchronous work: call it between two units of work. Every `slice` ms it
 * returns a promise that lets the event loop turn (await it), else nothing; either way it throws
 * `interrupted(what)` once `signal` is aborted.
 */
export function checkpoints(what: string, signal: AbortSignal | undefined): () => Promise<void> | undefined {
  let since = performance.now();
  return () => {
    if (signal?.aborted) throw interrupted(what, signal);
    if (performance.now() - since < slice) return undefined;
    return new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
      since = performance.now();
      if (signal?.aborted) throw interrupted(what, signal);
    });
  };
}

/** Run a generator of steps to its end, with a checkpoint between steps; resolves to its return value. */
export async function stepThrough<T>(
  steps: Generator<unknown, T>,
  what: string,
  signal: AbortSignal | undefined,
): Promise<T> {
  const checkpoint = checkpoints(what, signal);
  for (;;) {
    const pause = checkpoint();
    if (pause) await pause;
    const next = steps.next();
    if (next.done) return next.value;
  }
}
