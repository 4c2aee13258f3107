import { type ChildProcess, type SpawnSyncReturns, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BatchRecord } from '../../src/stats/batch.js';

/**
 * The real command line for the reliability tests: the built binary, in a child process, with real
 * signals, real files and real exit codes. The tests' global setup rebuilds `dist/` whenever a source is
 * newer, so this is the sources as they are; it starts in about a third of the time (and CPU) that
 * `src/cli/bin.ts` under tsx's loader takes, and these tests start it dozens of times.
 */
const binArgs = ['dist/cli/bin.js'];

/** A small world whose runs are quick: most tests need many runs, not interesting ones. */
export const quick = 'examples/worlds/river-dam.yaml';
/** The flagship with capitals acting at random, so that runs differ from seed to seed. */
export const volatile = 'test/fixtures/batch/volatile.yaml';

export function cli(...args: string[]): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [...binArgs, ...args], { encoding: 'utf8', timeout: 120_000 });
}

/** A shell command line running the CLI (for `ulimit` and name spaces). */
export function cliCommand(...args: string[]): string {
  const quote = (word: string) => `'${word.replaceAll("'", `'\\''`)}'`;
  return [process.execPath, ...binArgs, ...args].map(quote).join(' ');
}

/** Start the CLI in the background, collecting its standard error. */
export function start(...args: string[]): {
  child: ChildProcess;
  stderr: () => string;
  exit: Promise<number | null>;
} {
  const child = spawn(process.execPath, [...binArgs, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr += String(d);
  });
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stderr: () => stderr, exit };
}

export const scratch = (name: string) => mkdtempSync(join(tmpdir(), `auspices-${name}-`));
export const read = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8');

/** Complete lines of a run directory's results.jsonl. */
export function lines(dir: string): string[] {
  if (!existsSync(join(dir, 'results.jsonl'))) return [];
  const text = read(dir, 'results.jsonl');
  return text
    .slice(0, text.lastIndexOf('\n') + 1)
    .split('\n')
    .filter(Boolean);
}
export const records = (dir: string) => lines(dir).map((line) => JSON.parse(line) as BatchRecord);

/** Poll until `test` holds (every 20 ms), or fail after `seconds`. */
export async function until(test: () => boolean, seconds: number, what: string): Promise<void> {
  const deadline = performance.now() + seconds * 1000;
  while (!test()) {
    if (performance.now() > deadline) throw new Error(`gave up after ${seconds} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Temporary files (`name.tmp-<pid>`) left in a directory. */
export const temporaries = (dir: string) => readdirSync(dir).filter((name) => /\.tmp-\d+$/.test(name));

/** The files of a run directory a user sees (hidden files aside). */
export const visible = (dir: string) =>
  readdirSync(dir)
    .filter((name) => !name.startsWith('.'))
    .sort();

/** Resident memory of a running process, in MB (Linux). */
export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

export function expectNoStack(result: { stderr: string }): void {
  if (result.stderr.includes('    at ') || result.stderr.includes('internal error'))
    throw new Error(`a stack trace or an internal error in:\n${result.stderr}`);
}
