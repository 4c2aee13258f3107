import type { Hash } from 'node:crypto';
import { closeSync, ftruncateSync, openSync, readFileSync, rmdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { PolicyRegistry } from '../agents/registry.js';
import type { Scenario } from '../scenario/scenario.js';
import { applyWhatIf } from '../scenario/what-if.js';
import { runScenario } from '../sim/run-scenario.js';
import { type BatchRecord, batchRecord, runSeed, summaryAccumulator } from '../stats/batch.js';
import { BatchInputError, BatchWriteError } from './errors.js';
import { isTemporary, pathKind, removeQuietly, writeAll, writeAtomically } from './files.js';
import {
  dirEntries,
  json,
  type Manifest,
  makeRunDir,
  packageVersion,
  RUN_DIR_FILES,
  tryReadManifest,
  type WriteBatchResult,
  writeReports,
  writeRunFile,
} from './manifest.js';
import { batchPolicies } from './policy-module.js';
import { resultsDigest, scanResults } from './results-file.js';
import { type BatchOptions, checkBatchOptions, runBatch, shardRange } from './run-batch.js';
import { lockRunDir } from './run-dir-lock.js';

export { BatchInputError, BatchWriteError } from './errors.js';
export { makeFolder, writeAtomically } from './files.js';
export type { Manifest, WriteBatchResult } from './manifest.js';
export { mergeBatches } from './merge.js';

/** Options of `writeBatch`. */
export interface WriteBatchOptions extends Omit<BatchOptions, 'from' | 'runs' | 'seed'> {
  readonly runs: number;
  readonly seed?: number | undefined;
  readonly out: string;
  /** Finish an interrupted batch in `out` instead of starting one. */
  readonly resume?: boolean | undefined;
  /** The file the scenario was read from, for the manifest. */
  readonly source: string;
  /** Called after each run is written, with the runs done and the runs this directory will hold. */
  readonly onProgress?: ((done: number, total: number) => void) | undefined;
  /**
   * Told what was repaired or taken over on the way (a stale lock, stray temporary files, a manifest
   * rebuilt), and when the lock of a writer that cannot be checked is being watched.
   */
  readonly onNotice?: ((message: string) => void) | undefined;
}

type Wanted = Omit<Manifest, 'completed' | 'status' | 'version' | 'resultsSha256'>;

/**
 * Run a batch into a run directory: `manifest.json`, `scenario.json`, `results.jsonl` (a line per run,
 * in index order, appended as runs finish), then `summary.json`, `report.md` and `report.html`. Every file
 * but the results is written atomically. After an interruption, `resume: true` finishes the batch from
 * the last complete line, without losing or repeating a run.
 *
 * One process writes a run directory at a time: it holds the lock file `.auspices-lock` in it while it
 * runs, and a second writer is refused with a `BatchInputError` naming the first. A write that fails
 * (a full disk) throws a `BatchWriteError`, keeping the runs written before it.
 */
export async function writeBatch(scenario: Scenario, options: WriteBatchOptions): Promise<WriteBatchResult> {
  const { out } = options;
  const seed = options.seed ?? scenario.data.seed;
  const engine = options.engine ?? 'kernel';
  const wanted: Wanted = {
    format: 'auspices.batch-manifest',
    formatVersion: 1,
    scenario: {
      id: scenario.data.id,
      title: scenario.data.title,
      hash: scenario.hash,
      file: 'scenario.json',
      source: options.source,
    },
    whatIf: options.whatIf ?? null,
    seed,
    runs: options.runs,
    engine,
    shard: options.shard ?? null,
    range: shardRange(options.runs, options.shard),
  };
  // Bad options (an unknown what-if, a shard that does not exist) fail before anything is written.
  checkBatchOptions(scenario, { ...options, seed });
  const policies = await batchPolicies(
    options.whatIf ? applyWhatIf(scenario, options.whatIf) : scenario,
    options.policyModule,
    'writeBatch',
  );
  const created = makeRunDir(out);
  let lock: Awaited<ReturnType<typeof lockRunDir>> | undefined;
  try {
    lock = await lockRunDir(out, options.onNotice ?? (() => {}));
    return await writeLocked(scenario, options, wanted, lock.refresh, policies);
  } catch (error) {
    lock?.release();
    lock = undefined;
    if (created)
      try {
        rmdirSync(out); // only if nothing was written in it
      } catch {}
    throw error;
  } finally {
    lock?.release();
  }
}

/**
 * Get a run directory ready for `--resume` and read the runs it holds (into `add` and `digest`): checks
 * the options against its manifest, removes stray temporary files, and recovers a directory whose
 * manifest was never written whole. Returns the number of runs done.
 */
function prepareResume(
  scenario: Scenario,
  options: WriteBatchOptions,
  wanted: Wanted,
  digest: Hash,
  add: (record: BatchRecord) => void,
  policies: PolicyRegistry | undefined,
): number {
  const { out } = options;
  const notice = options.onNotice ?? (() => {});
  const entries = dirEntries(out);
  const strays = entries.filter(isTemporary);
  // Only once the directory is known to be a run directory: temporary files of a batch killed mid-write.
  const removeStrays = () => {
    for (const name of strays) removeQuietly(join(out, name));
    if (strays.length > 0)
      notice(
        `${out}: removed ${strays.length} temporary file(s) a stopped batch left behind (${strays.join(', ')})`,
      );
  };
  const files = entries.filter((name) => !isTemporary(name));
  const results = join(out, 'results.jsonl');
  const scan = () =>
    scanResults(results, { from: wanted.range[0], seed: wanted.seed, repair: true, digest }, add);
  const read = files.includes('manifest.json') ? tryReadManifest(out) : { problem: 'missing' };
  if ('manifest' in read) {
    const manifest = read.manifest;
    const differences = (
      [
        ['scenario hash', manifest.scenario.hash, wanted.scenario.hash],
        ['what-if', manifest.whatIf, wanted.whatIf],
        ['seed', manifest.seed, wanted.seed],
        ['runs', manifest.runs, wanted.runs],
        ['engine', manifest.engine, wanted.engine],
        ['shard', JSON.stringify(manifest.shard), JSON.stringify(wanted.shard)],
      ] as const
    ).filter(([, a, b]) => a !== b);
    if (differences.length > 0)
      throw new BatchInputError(
        `${out}: the batch there was started with ${differences.map(([n, a]) => `${n} ${a}`).join(', ')}, not ${differences.map(([n, , b]) => `${n} ${b}`).join(', ')}; resume with the same file and options, or choose another --out`,
      );
    removeStrays();
    return scan();
  }
  if (files.length === 0) {
    for (const name of strays) removeQuietly(join(out, name));
    if (strays.length > 0)
      notice(
        `${out}: the batch here was stopped while it wrote its first files (${strays.join(', ')} left behind), before any run; starting it afresh`,
      );
    return 0;
  }
  if (!files.every((name) => RUN_DIR_FILES.has(name)))
    throw new BatchInputError(
      `${out}: there is no batch to resume here (manifest.json is ${read.problem}), and the directory holds other files; choose another --out`,
    );
  removeStrays();
  // A batch killed before its first manifest was whole, or a manifest lost since: the runs decide.
  const first: string[] = [];
  const count = scanResults(
    results,
    { from: wanted.range[0], seed: wanted.seed, repair: false },
    (record) => {
      if (first.length === 0) first.push(JSON.stringify(record));
    },
  );
  if (count === 0) {
    for (const name of files) removeQuietly(join(out, name));
    notice(
      `${out}: the batch here was stopped before its manifest.json was written whole (it is ${read.problem}), and no run was saved; starting it afresh`,
    );
    return 0;
  }
  const copy = join(out, 'scenario.json');
  if (files.includes('scenario.json') && readFileSync(copy, 'utf8') !== json(scenario.data))
    throw new BatchInputError(
      `${copy}: not the scenario given (${options.source}); resume with the scenario file the batch was started with, or choose another --out`,
    );
  // The runs' seeds fit the batch seed; one run made again checks the what-if and the engine too.
  const index = wanted.range[0];
  const again = batchRecord(
    runScenario(scenario, {
      seed: runSeed(wanted.seed, index),
      whatIf: options.whatIf,
      engine: wanted.engine,
      policies,
    }),
    index,
  );
  if (JSON.stringify(again) !== first[0])
    throw new BatchInputError(
      `${results}:1: run ${index} is not the run these options make (what-if ${wanted.whatIf}, engine ${wanted.engine}); resume with the options the batch was started with, or choose another --out`,
    );
  notice(
    `${out}: manifest.json was ${read.problem}; rebuilt it from the options given, which match the ${count} run(s) in results.jsonl`,
  );
  return scan();
}

/** The body of `writeBatch`, once the lock is held. */
async function writeLocked(
  scenario: Scenario,
  options: WriteBatchOptions,
  wanted: Wanted,
  refreshLock: () => void,
  policies: PolicyRegistry | undefined,
): Promise<WriteBatchResult> {
  const { out } = options;
  const accumulator = summaryAccumulator(scenario.data, {
    scenario: { id: wanted.scenario.id, title: wanted.scenario.title, hash: wanted.scenario.hash },
    whatIf: wanted.whatIf,
    seed: wanted.seed,
    engine: wanted.engine,
  });
  const digest = resultsDigest();
  let done = 0;
  if (options.resume) {
    done = prepareResume(scenario, options, wanted, digest, (record) => accumulator.add(record), policies);
  } else if (dirEntries(out).length > 0) {
    throw new BatchInputError(
      `${out}: the directory is not empty; pass --resume to finish the batch in it, or choose another --out`,
    );
  }
  const results = join(out, 'results.jsonl');
  const resumedAt = done;
  const total = wanted.range[1] - wanted.range[0];
  const manifestNow = (status: Manifest['status']): Manifest => ({
    ...wanted,
    version: packageVersion(),
    completed: done,
    status,
    ...(status === 'complete' ? { resultsSha256: digest.copy().digest('hex') } : {}),
  });
  const manifestFile = join(out, 'manifest.json');
  // The manifest first: a directory with anything in it is then always one --resume can finish.
  writeRunFile(manifestFile, json(manifestNow(done === total ? 'complete' : 'running')));
  const copy = join(out, 'scenario.json');
  const scenarioText = json(scenario.data);
  if (pathKind(copy) === 'none' || readFileSync(copy, 'utf8') !== scenarioText)
    writeRunFile(copy, scenarioText);
  options.onProgress?.(done, total);
  let fd: number;
  try {
    fd = openSync(results, 'a');
  } catch (error) {
    throw new BatchWriteError(results, error);
  }
  let size = statSync(results).size;
  let saved = performance.now();
  const markInterrupted = () => {
    try {
      writeAtomically(manifestFile, json(manifestNow('interrupted')));
    } catch {
      // the disk may be full: the manifest says `running`, and --resume goes by results.jsonl anyway
    }
  };
  try {
    for await (const record of runBatch(scenario, {
      ...options,
      seed: wanted.seed,
      from: wanted.range[0] + done,
    })) {
      const line = Buffer.from(`${JSON.stringify(record)}\n`);
      try {
        writeAll(fd, line);
      } catch (error) {
        try {
          ftruncateSync(fd, size); // no half line left behind
        } catch {}
        throw new BatchWriteError(results, error);
      }
      size += line.length;
      digest.update(line);
      accumulator.add(record);
      done++;
      refreshLock();
      options.onProgress?.(done, total);
      // Keep the manifest's count roughly current, for anyone watching; results.jsonl is the record.
      if (performance.now() - saved > 2000) {
        writeRunFile(manifestFile, json(manifestNow('running')));
        saved = performance.now();
      }
    }
  } catch (error) {
    markInterrupted();
    throw error;
  } finally {
    closeSync(fd);
  }
  const summary = accumulator.summary();
  try {
    await writeReports(out, summary);
  } catch (error) {
    markInterrupted();
    throw error;
  }
  const manifest = manifestNow('complete');
  writeRunFile(manifestFile, json(manifest));
  return { manifest, summary, resumedAt };
}
