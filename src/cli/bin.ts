#!/usr/bin/env node

// A closed pipe (`auspices schema | head`) ends output quietly, as other command-line tools do. Output
// that cannot be written (a full disk, an I/O error) is said as such, with exit 1, never a stack trace.
const writeErrors: Readonly<Record<string, string>> = {
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EIO: 'input/output error',
  EFBIG: 'file too large',
  EBADF: 'the output is closed',
};
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    if (stream === process.stdout) {
      const code = error.code ?? 'EIO';
      try {
        process.stderr.write(
          `auspices: cannot write the output: ${writeErrors[code] ?? 'write error'} (${code})\n`,
        );
      } catch {
        // Standard error is gone too: the exit code says it.
      }
    }
    process.exit(1);
  });
}

// Ctrl-C (SIGINT) or SIGTERM, as schedulers send. While the modules load there is nothing to clean up:
// stop at once. Once a command runs, the first signal aborts its `signal`: long synchronous work lets
// the event loop turn every few milliseconds to see it (src/cli/interrupt.ts) and stops with exit 130
// or 143; batches and games stop cleanly and say how to resume. A second signal stops at once.
const exitCodes = { SIGINT: 130, SIGTERM: 143 } as const;
const controller = new AbortController();
let running = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (running && !controller.signal.aborted) return controller.abort(signal);
    process.stderr.write(`auspices: interrupted (${signal})\n`);
    process.exit(exitCodes[signal]);
  });
}

/** `COLUMNS` when it is a number, else the terminal's width; none when the output is no terminal. */
function columnsOf(env: string | undefined, out: NodeJS.WriteStream): number | undefined {
  if (env !== undefined && /^\d+$/.test(env.trim())) return Number(env);
  return out.isTTY ? out.columns : undefined;
}

const { runCli } = await import('./main.js');
const { wantsColour } = await import('./colour.js');
running = true;
process.exitCode = await runCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  isTTY: process.stderr.isTTY === true,
  signal: controller.signal,
  columns: columnsOf(process.env.COLUMNS, process.stdout),
  colour: wantsColour(process.stdout.isTTY, process.env),
});
