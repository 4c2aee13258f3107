import {
  closeSync,
  existsSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { renderBatchHtml, renderBatchMarkdown } from '../report/batch-report.js';
import { parseScenario } from '../scenario/parse.js';
import type { Scenario } from '../scenario/scenario.js';
import { type BatchRecord, type BatchSummary, summaryAccumulator } from '../sim/batch.js';
import type { Engine } from '../sim/run-scenario.js';
import { type BatchOptions, checkBatchOptions, runBatch, type Shard, shardRange } from './run-batch.js';

/** `manifest.json`: what a run directory holds and how far it got. */
export interface Manifest {
  readonly format: 'auspices-batch/1';
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
}

/** A problem with a run directory or the options for one: the CLI prints it and exits 2. */
export class BatchInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BatchInputError';
  }
}

/** The package version, for manifests. */
export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

/** Write a file so that readers see the old content or the new, never a part: a temporary file, then rename. */
export function writeAtomically(file: string, text: string): void {
  const temporary = `${file}.tmp-${process.pid}`;
  writeFileSync(temporary, text);
  renameSync(temporary, file);
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

function readManifest(dir: string): Manifest {
  const file = join(dir, 'manifest.json');
  if (!existsSync(file))
    throw new BatchInputError(
      `${dir}: no manifest.json here, so this is not a run directory of auspices batch`,
    );
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Manifest;
  } catch (error) {
    throw new BatchInputError(`${file}: not valid JSON (${(error as Error).message})`);
  }
}

/** Call `fn` with each line of a file and whether it ended with a newline, reading in blocks (memory stays flat). */
function eachLine(file: string, fn: (line: string, lineNo: number, complete: boolean) => void): void {
  const fd = openSync(file, 'r');
  const block = Buffer.alloc(1 << 20);
  let rest = Buffer.alloc(0);
  let lineNo = 0;
  try {
    for (;;) {
      const n = readSync(fd, block, 0, block.length, null);
      if (n === 0) break;
      let data = Buffer.concat([rest, block.subarray(0, n)]);
      let nl = data.indexOf(10);
      while (nl >= 0) {
        fn(data.toString('utf8', 0, nl), ++lineNo, true);
        data = data.subarray(nl + 1);
        nl = data.indexOf(10);
      }
      rest = Buffer.from(data);
    }
    if (rest.length > 0) fn(rest.toString('utf8'), ++lineNo, false);
  } finally {
    closeSync(fd);
  }
}

/**
 * Read `results.jsonl` line by line, checking that the indices run on from `from`, and hand each record
 * to `fn`. A last line cut short by a killed process is dropped (and, if `repair`, cut from the file).
 * Returns the number of records.
 */
function scanResults(dir: string, from: number, repair: boolean, fn: (record: BatchRecord) => void): number {
  const file = join(dir, 'results.jsonl');
  if (!existsSync(file)) return 0;
  let count = 0;
  let good = 0;
  let torn = false;
  eachLine(file, (line, lineNo, complete) => {
    if (!complete) {
      torn = true; // the last line of an interrupted batch, cut short
      return;
    }
    let record: BatchRecord;
    try {
      record = JSON.parse(line) as BatchRecord;
    } catch {
      throw new BatchInputError(`${file}:${lineNo}: not a JSON line; the file has been edited`);
    }
    const expected = from + count;
    if (record.index !== expected)
      throw new BatchInputError(`${file}:${lineNo}: run ${record.index} where run ${expected} was expected`);
    fn(record);
    count++;
    good += Buffer.byteLength(line) + 1;
  });
  if (torn && repair) {
    const fd = openSync(file, 'r+');
    ftruncateSync(fd, good);
    closeSync(fd);
  }
  return count;
}

function writeReports(dir: string, summary: BatchSummary): void {
  writeAtomically(join(dir, 'summary.json'), json(summary));
  writeAtomically(join(dir, 'report.md'), renderBatchMarkdown(summary));
  writeAtomically(join(dir, 'report.html'), renderBatchHtml(summary));
}

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
}

/** What `writeBatch` did. */
export interface WriteBatchResult {
  readonly manifest: Manifest;
  readonly summary: BatchSummary;
  /** Runs already done before this call (when resuming). */
  readonly resumedAt: number;
}

/**
 * Run a batch into a run directory: `manifest.json`, `scenario.json`, `results.jsonl` (a line per run,
 * in index order, appended as runs finish), then `summary.json`, `report.md` and `report.html`. Every file
 * but the results is written atomically. After an interruption, `resume: true` finishes the batch from
 * the last complete line, without losing or repeating a run.
 */
export async function writeBatch(scenario: Scenario, options: WriteBatchOptions): Promise<WriteBatchResult> {
  const { out } = options;
  const seed = options.seed ?? scenario.data.seed;
  const engine = options.engine ?? 'kernel';
  const range = shardRange(options.runs, options.shard);
  const wanted: Omit<Manifest, 'completed' | 'status' | 'version'> = {
    format: 'auspices-batch/1',
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
    range,
  };
  const accumulator = summaryAccumulator(scenario.data, {
    scenario: { id: wanted.scenario.id, title: wanted.scenario.title, hash: wanted.scenario.hash },
    whatIf: wanted.whatIf,
    seed,
    engine,
  });
  let done = 0;
  // Bad options (an unknown what-if, a shard that does not exist) fail before anything is written.
  checkBatchOptions(scenario, { ...options, seed });
  const hasBatch = existsSync(join(out, 'manifest.json'));
  if (options.resume && !hasBatch && existsSync(out) && readdirSync(out).length > 0)
    throw new BatchInputError(
      `${out}: there is no batch to resume here (no manifest.json), and the directory is not empty; choose another --out`,
    );
  // --resume where no batch has started yet starts it, so a retried job can always pass --resume.
  if (options.resume && hasBatch) {
    const manifest = readManifest(out);
    const differences = (
      [
        ['scenario hash', manifest.scenario.hash, wanted.scenario.hash],
        ['what-if', manifest.whatIf, wanted.whatIf],
        ['seed', manifest.seed, seed],
        ['runs', manifest.runs, options.runs],
        ['engine', manifest.engine, engine],
        ['shard', JSON.stringify(manifest.shard), JSON.stringify(wanted.shard)],
      ] as const
    ).filter(([, a, b]) => a !== b);
    if (differences.length > 0)
      throw new BatchInputError(
        `${out}: the batch there was started with ${differences.map(([n, a]) => `${n} ${a}`).join(', ')}, not ${differences.map(([n, , b]) => `${n} ${b}`).join(', ')}; resume with the same file and options, or choose another --out`,
      );
    done = scanResults(out, range[0], true, (record) => accumulator.add(record));
  } else {
    if (existsSync(out) && readdirSync(out).length > 0)
      throw new BatchInputError(
        `${out}: the directory is not empty; pass --resume to finish the batch in it, or choose another --out`,
      );
    try {
      mkdirSync(out, { recursive: true });
      // The manifest first: a directory with anything in it is then always one --resume can finish.
      writeAtomically(
        join(out, 'manifest.json'),
        json({ ...wanted, version: packageVersion(), completed: 0, status: 'running' }),
      );
    } catch (error) {
      throw new BatchInputError(`${out}: cannot write the run directory (${(error as Error).message})`);
    }
  }
  if (!existsSync(join(out, 'scenario.json')))
    writeAtomically(join(out, 'scenario.json'), json(scenario.data));
  if (!existsSync(join(out, 'results.jsonl'))) writeFileSync(join(out, 'results.jsonl'), '');
  const resumedAt = done;
  const total = range[1] - range[0];
  const manifestNow = (status: Manifest['status']): Manifest => ({
    ...wanted,
    version: packageVersion(),
    completed: done,
    status,
  });
  writeAtomically(join(out, 'manifest.json'), json(manifestNow(done === total ? 'complete' : 'running')));
  options.onProgress?.(done, total);
  const fd = openSync(join(out, 'results.jsonl'), 'a');
  let saved = performance.now();
  try {
    for await (const record of runBatch(scenario, { ...options, seed, from: range[0] + done })) {
      writeSync(fd, `${JSON.stringify(record)}\n`);
      accumulator.add(record);
      done++;
      options.onProgress?.(done, total);
      // Keep the manifest's count roughly current, for anyone watching; results.jsonl is the record.
      if (performance.now() - saved > 2000) {
        writeAtomically(join(out, 'manifest.json'), json(manifestNow('running')));
        saved = performance.now();
      }
    }
  } catch (error) {
    writeAtomically(join(out, 'manifest.json'), json(manifestNow('interrupted')));
    throw error;
  } finally {
    closeSync(fd);
  }
  const summary = accumulator.summary();
  writeReports(out, summary);
  const manifest = manifestNow('complete');
  writeAtomically(join(out, 'manifest.json'), json(manifest));
  return { manifest, summary, resumedAt };
}

/**
 * Merge the run directories of a batch's shards into one. The result's `results.jsonl` and
 * `summary.json` are byte-identical to the same batch run on one machine.
 */
export function mergeBatches(dirs: readonly string[], out: string): WriteBatchResult {
  if (dirs.length === 0) throw new BatchInputError('merge: name at least one run directory to merge');
  const shards = dirs.map((dir) => ({ dir, manifest: readManifest(dir) }));
  const first = shards[0]!.manifest;
  for (const { dir, manifest } of shards) {
    if (manifest.status !== 'complete')
      throw new BatchInputError(
        `${dir}: this shard is not complete (${manifest.completed} of ${manifest.range[1] - manifest.range[0]} runs); finish it with auspices batch ... --resume --out ${dir}`,
      );
    for (const [name, a, b] of [
      ['scenario hash', manifest.scenario.hash, first.scenario.hash],
      ['what-if', manifest.whatIf, first.whatIf],
      ['seed', manifest.seed, first.seed],
      ['runs', manifest.runs, first.runs],
      ['engine', manifest.engine, first.engine],
    ] as const) {
      if (a !== b)
        throw new BatchInputError(
          `${dir}: belongs to another batch (${name} ${a}, where ${shards[0]!.dir} has ${b}); merge only the shards of one batch`,
        );
    }
  }
  shards.sort((a, b) => a.manifest.range[0] - b.manifest.range[0]);
  let next = 0;
  for (const { dir, manifest } of shards) {
    const [from, to] = manifest.range;
    if (from < next) throw new BatchInputError(`${dir}: runs ${from} to ${to - 1} overlap another shard's`);
    if (from > next)
      throw new BatchInputError(
        `runs ${next} to ${from - 1} of ${first.runs} are in none of the directories; add the missing shard`,
      );
    next = to;
  }
  if (next !== first.runs)
    throw new BatchInputError(
      `runs ${next} to ${first.runs - 1} of ${first.runs} are in none of the directories; add the missing shard`,
    );
  if (existsSync(out) && readdirSync(out).length > 0)
    throw new BatchInputError(`${out}: the directory is not empty; choose another --out`);
  const scenarioText = readFileSync(join(shards[0]!.dir, 'scenario.json'), 'utf8');
  const scenario = parseScenario(scenarioText, join(shards[0]!.dir, 'scenario.json'));
  const accumulator = summaryAccumulator(scenario.data, {
    scenario: { id: first.scenario.id, title: first.scenario.title, hash: first.scenario.hash },
    whatIf: first.whatIf,
    seed: first.seed,
    engine: first.engine,
  });
  try {
    mkdirSync(out, { recursive: true });
  } catch (error) {
    throw new BatchInputError(`${out}: cannot write the run directory (${(error as Error).message})`);
  }
  writeAtomically(join(out, 'scenario.json'), scenarioText);
  const results = join(out, 'results.jsonl');
  const temporary = `${results}.tmp-${process.pid}`;
  const fd = openSync(temporary, 'w');
  try {
    for (const { dir, manifest } of shards) {
      const count = scanResults(dir, manifest.range[0], false, (record) => {
        writeSync(fd, `${JSON.stringify(record)}\n`);
        accumulator.add(record);
      });
      if (count !== manifest.range[1] - manifest.range[0])
        throw new BatchInputError(
          `${dir}: results.jsonl holds ${count} runs, but the manifest says ${manifest.range[1] - manifest.range[0]}`,
        );
    }
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, results);
  const summary = accumulator.summary();
  writeReports(out, summary);
  const manifest: Manifest = {
    ...first,
    version: packageVersion(),
    shard: null,
    range: [0, first.runs],
    completed: first.runs,
    status: 'complete',
  };
  writeAtomically(join(out, 'manifest.json'), json(manifest));
  return { manifest, summary, resumedAt: 0 };
}
