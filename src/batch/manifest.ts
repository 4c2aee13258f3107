import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import type { batchManifestSchema } from '../outputs/batch-output.js';
import type { Same } from '../outputs/shared.js';
import type { Engine } from '../sim/run-scenario.js';
import type { BatchSummary } from '../stats/batch.js';
import { BatchInputError, BatchWriteError, isDiskError } from './errors.js';
import { makeFolder, pathKind, writeAtomically } from './files.js';
import type { Shard } from './run-batch.js';
import { LOCK_FILE } from './run-dir-lock.js';

/** `manifest.json`: what a run directory holds and how far it got. */
export interface Manifest {
  readonly format: 'auspices.batch-manifest';
  readonly formatVersion: 1;
  /** The version of auspices that wrote it. */
  readonly version: string;
  readonly scenario: {
    readonly id: string;
    readonly title: string;
    readonly hash: string;
    /** The resolved scenario, runnable on its own: `auspices run <dir>/scenario.json`. */
    readonly file: 'scenario.json';
    /** The file the batch was started from. */
    readonly source: string;
  };
  readonly whatIf: string | null;
  readonly seed: number;
  /** Runs in the whole batch, all shards together. */
  readonly runs: number;
  readonly engine: Engine;
  readonly shard: Shard | null;
  /** The run indices this directory holds: `[from, to)`. */
  readonly range: readonly [number, number];
  readonly completed: number;
  readonly status: 'running' | 'interrupted' | 'complete';
  /** The SHA-256 of `results.jsonl`, once the batch is complete: `merge` checks it. */
  readonly resultsSha256?: string | undefined;
}

/** Compiles only while the schema and the library's type of the same data agree (see `Same`). */
const _manifestTypeAgrees: Same<z.infer<typeof batchManifestSchema>, Manifest> = true;

/** The header of a manifest written before manifests had a `formatVersion`; read as version 1. */
const LEGACY_FORMAT = 'auspices-batch/1';

/** The files a batch writes in its run directory (besides its lock and temporary files). */
export const RUN_DIR_FILES: ReadonlySet<string> = new Set([
  'manifest.json',
  'scenario.json',
  'results.jsonl',
  'summary.json',
  'report.md',
  'report.html',
]);

/** The package version, for manifests. */
export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

export const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/** Write a file of a run directory; a failure is a `BatchWriteError` naming it. */
export function writeRunFile(file: string, text: string): void {
  try {
    writeAtomically(file, text);
  } catch (error) {
    throw new BatchWriteError(file, error);
  }
}

/** Why a manifest cannot be read, or the manifest. */
export function tryReadManifest(dir: string): { manifest: Manifest } | { problem: string } {
  const file = join(dir, 'manifest.json');
  let data: Partial<Manifest>;
  try {
    const text = readFileSync(file, 'utf8');
    if (text.trim() === '') return { problem: 'empty' };
    data = JSON.parse(text) as Partial<Manifest>;
    if ((data as { format?: unknown } | null)?.format === LEGACY_FORMAT)
      data = { ...data, format: 'auspices.batch-manifest', formatVersion: 1 };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { problem: 'missing' };
    return { problem: `not valid JSON (${(error as Error).message})` };
  }
  const whole = (x: unknown) => Number.isSafeInteger(x);
  const ok =
    typeof data === 'object' &&
    data !== null &&
    data.format === 'auspices.batch-manifest' &&
    data.formatVersion === 1 &&
    typeof data.scenario?.hash === 'string' &&
    whole(data.seed) &&
    whole(data.runs) &&
    Array.isArray(data.range) &&
    data.range.length === 2 &&
    data.range.every(whole) &&
    whole(data.completed) &&
    typeof data.status === 'string';
  return ok ? { manifest: data as Manifest } : { problem: 'not the manifest of a batch of auspices' };
}

/** Read a run directory's manifest, or throw a `BatchInputError` saying what is wrong with it. */
export function readManifest(dir: string): Manifest {
  const read = tryReadManifest(dir);
  if ('manifest' in read) return read.manifest;
  if (read.problem === 'missing')
    throw new BatchInputError(
      `${dir}: no manifest.json here, so this is not a run directory of auspices batch`,
    );
  throw new BatchInputError(`${join(dir, 'manifest.json')}: ${read.problem}`);
}

/**
 * Write `summary.json`, `report.md` and `report.html`. The report's charts (Observable Plot on linkedom)
 * are loaded here, on first use, so that commands that write no report start without them.
 */
export async function writeReports(dir: string, summary: BatchSummary): Promise<void> {
  const { renderBatchHtml, renderBatchMarkdown } = await import('../report/batch-report.js');
  // Named and versioned like the other JSON outputs; the version goes up when a field changes meaning.
  writeRunFile(
    join(dir, 'summary.json'),
    json({ format: 'auspices.batch-summary', formatVersion: 1, ...summary }),
  );
  writeRunFile(join(dir, 'report.md'), renderBatchMarkdown(summary));
  writeRunFile(join(dir, 'report.html'), renderBatchHtml(summary));
}

/** Create a directory for writing, or say why not: exit 2 for a bad path, a write error for a full disk. */
export function makeRunDir(dir: string): boolean {
  const kind = pathKind(dir);
  if (kind === 'other')
    throw new BatchInputError(`${dir}: --out names a file, not a directory; choose a new or empty directory`);
  if (kind === 'directory') return false;
  try {
    makeFolder(dir);
    return true;
  } catch (error) {
    if (isDiskError(error)) throw new BatchWriteError(dir, error);
    throw new BatchInputError(`${dir}: cannot write the run directory (${(error as Error).message})`);
  }
}

/** The names in a run directory, without its lock files. */
export function dirEntries(dir: string): string[] {
  try {
    return readdirSync(dir).filter((name) => name !== LOCK_FILE && name !== `${LOCK_FILE}.break`);
  } catch (error) {
    throw new BatchInputError(`${dir}: cannot read the directory (${(error as Error).message})`);
  }
}

/** What `writeBatch` did. */
export interface WriteBatchResult {
  readonly manifest: Manifest;
  readonly summary: BatchSummary;
  /** Runs already done before this call (when resuming). */
  readonly resumedAt: number;
}
