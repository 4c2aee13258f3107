import { runCli } from '../../src/cli/main.js';

/** What a command printed and its exit code, named as `spawnSync` names them. */
export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

/**
 * `auspices ...argv` in this process: the same `runCli` the binary calls, without the ~0.5 s of starting
 * Node. For tests of what a command prints; tests of the process itself (signals, exit on a closed pipe,
 * `COLUMNS`, a terminal) spawn `dist/cli/bin.js`. `columns` is the width the binary gets from `COLUMNS`
 * or the terminal; none, as when output is piped, wraps to 80.
 */
export async function inProcess(
  argv: readonly string[],
  options: { columns?: number } = {},
): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const status = await runCli(argv, {
    out: (text) => {
      stdout += text;
    },
    err: (text) => {
      stderr += text;
    },
    columns: options.columns,
  });
  return { status, stdout, stderr };
}
