import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * The real command line for the input and output tests: the built binary, in a child process, so that a
 * test sees real files, real exit codes and everything the user would see. The tests' global setup
 * rebuilds `dist/` whenever a source is newer; the binary starts in about a third of the time that
 * `src/cli/bin.ts` under tsx's loader takes.
 */
const binArgs = [resolve('dist/cli/bin.js')];

/** A finished command: exit code, what it printed, and how long it took. */
export interface Finished extends SpawnSyncReturns<string> {
  readonly seconds: number;
}

/**
 * Run `auspices ...args`, killing it (SIGKILL: a process blocked in `open()` on a FIFO ignores the
 * rest) after `seconds`; a killed run has `status` null.
 */
export function auspices(
  args: readonly string[],
  seconds = 30,
  input?: string,
  env: NodeJS.ProcessEnv = process.env,
): Finished {
  const start = performance.now();
  const result = spawnSync(process.execPath, [...binArgs, ...args], {
    encoding: 'utf8',
    env,
    timeout: seconds * 1000,
    killSignal: 'SIGKILL',
    maxBuffer: 64 * 1024 * 1024,
    ...(input === undefined ? {} : { input }),
  });
  return { ...result, seconds: (performance.now() - start) / 1000 };
}

/** `auspices ...args` in a shell, so that its output can go to a pipe or a special file. */
export function auspicesShell(args: readonly string[], redirect: string, seconds = 30): Finished {
  const quote = (word: string) => `'${word.replaceAll("'", `'\\''`)}'`;
  const command = `${[process.execPath, ...binArgs, ...args].map(quote).join(' ')} ${redirect}`;
  const start = performance.now();
  const result = spawnSync('bash', ['-c', command], {
    encoding: 'utf8',
    timeout: seconds * 1000,
    killSignal: 'SIGKILL',
  });
  return { ...result, seconds: (performance.now() - start) / 1000 };
}

/** A stack trace or the "This is a bug" of exit 70 in what the user saw. */
export function stackOrBug(result: { stdout: string; stderr: string }): string | null {
  for (const text of [result.stderr, result.stdout]) {
    const m = /^ {4}at .*$|internal error|This is a bug|node:internal/m.exec(text);
    if (m) return m[0];
  }
  return null;
}

/** A fresh folder for a test's files. */
export const scratch = (name: string) => mkdtempSync(join(tmpdir(), `auspices-${name}-`));

/** Write `text` to `dir/name` and return the path. */
export function put(dir: string, name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** A small valid scenario: four actors, a trilateral format, one sourced inject. */
export const tinyScenario = `id: tiny
title: A tiny mediation
calendar: { start: 2020-11-25, end: 2020-11-30 }
actors:
  armenia: { name: Armenia, kind: state }
  azerbaijan: { name: Azerbaijan, kind: state, territorial: true }
  russia: { name: Russia, kind: state }
  un: { name: the UN Secretary-General, kind: institution }
formats:
  trilateral:
    name: the Russia-led trilateral
    mediators: [russia]
    parties: [armenia, azerbaijan]
initial:
  activeFormat: trilateral
injects:
  - id: azerbaijan-welcomes-statement
    date: 2020-11-27
    by: azerbaijan
    do: { type: statement.issue, topic: the trilateral statement, supports: trilateral }
    text: Azerbaijan welcomes the trilateral statement.
    source: https://www.primeminister.am/en/press-release/item/2020/11/10/Announcement/
`;

/** Every C0 control but newline and tab, DEL, every C1 control: none may reach a terminal. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for exactly these.
export const controls = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
