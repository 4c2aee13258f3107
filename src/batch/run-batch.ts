import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { Scenario } from '../scenario/scenario.js';
import { applyWhatIf } from '../scenario/what-if.js';
import type { Engine } from '../sim/run-scenario.js';
import type { BatchRecord } from '../stats/batch.js';
import { batchPolicies, type PolicyModule, policyModuleUrl } from './policy-module.js';
import { type BatchTask, runChunk } from './worker.js';
import { workerFile } from './worker-file.js';

/**
 * The most runs a batch holds: 2^32. A run's seed is a 32-bit mix of the batch seed and the run's
 * index, so a larger batch would repeat runs; split a larger study into batches with different seeds.
 */
export const MAX_RUNS = 2 ** 32;

/**
 * The most worker threads a batch starts: one per CPU (`os.availableParallelism()`). More threads than
 * CPUs run no faster, and each costs memory; a larger `workers` is lowered to this.
 */
export function maxWorkers(): number {
  return Math.max(1, availableParallelism());
}

/** One shard of a batch split across machines: `index` from 0 to `count - 1`. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** Options of `runBatch`. */
export interface BatchOptions {
  /** Runs in the whole batch (all shards together), at most `MAX_RUNS` (2^32). */
  readonly runs: number;
  /** The batch seed; run i's seed is `runSeed(seed, i)`. Defaults to the scenario's seed. */
  readonly seed?: number | undefined;
  readonly whatIf?: string | undefined;
  readonly engine?: Engine | undefined;
  /** Worker threads; 0 runs in this thread. Defaults to, and is at most, `maxWorkers()`: one per CPU. */
  readonly workers?: number | undefined;
  /** Run only this shard's contiguous range of run indices. */
  readonly shard?: Shard | undefined;
  /** Skip the shard's runs before this index (to finish an interrupted batch). */
  readonly from?: number | undefined;
  /** Runs per task handed to a worker (default: up to 100, so that each worker gets at least 8 tasks). */
  readonly chunk?: number | undefined;
  /** Stops the batch: no new runs start, and the iteration ends with an `AbortError`. */
  readonly signal?: AbortSignal | undefined;
  /**
   * The module that exports the scenario's custom policies (a path or a URL): each worker thread imports
   * it. Needed when an actor uses a policy that is not built in.
   */
  readonly policyModule?: PolicyModule | undefined;
}

/** The run indices `[from, to)` a shard holds: contiguous seed ranges, so shards are independent. */
export function shardRange(runs: number, shard?: Shard): readonly [number, number] {
  if (!shard) return [0, runs];
  return [
    Math.floor((shard.index * runs) / shard.count),
    Math.floor(((shard.index + 1) * runs) / shard.count),
  ];
}

/** Check a batch's options; throws a RangeError, or an UnknownWhatIfError listing the known what-ifs. */
export function checkBatchOptions(
  scenario: Scenario,
  options: Omit<BatchOptions, 'whatIf'> & { whatIf?: string | undefined },
): void {
  const { runs, workers, shard, from, chunk } = options;
  const whole = (x: number | undefined, min: number) =>
    x === undefined || (Number.isSafeInteger(x) && x >= min);
  if (!whole(runs, 1))
    throw new RangeError(`auspices: runBatch: runs must be a whole number of at least 1, not ${runs}`);
  if (runs > MAX_RUNS)
    throw new RangeError(
      `auspices: runBatch: runs must be at most ${MAX_RUNS} (2^32), not ${runs}: run seeds are 32-bit, so more runs would repeat some; split the study into batches with different seeds`,
    );
  if (!whole(workers, 0))
    throw new RangeError(`auspices: runBatch: workers must be a whole number of at least 0, not ${workers}`);
  if (!whole(chunk, 1))
    throw new RangeError(`auspices: runBatch: chunk must be a whole number of at least 1, not ${chunk}`);
  if (!whole(from, 0)) throw new RangeError(`auspices: runBatch: from must be a whole number, not ${from}`);
  if (options.seed !== undefined && !Number.isSafeInteger(options.seed))
    throw new RangeError(`auspices: runBatch: seed must be a whole number, not ${options.seed}`);
  if (shard && !(whole(shard.count, 1) && whole(shard.index, 0) && shard.index < shard.count))
    throw new RangeError(
      `auspices: runBatch: shard ${shard.index}/${shard.count} does not exist; shards run from 0/n to ${Math.max(0, (shard.count ?? 1) - 1)}/n`,
    );
  if (options.whatIf) applyWhatIf(scenario, options.whatIf); // throws UnknownWhatIfError, listing the known ones
}

/**
 * Run a batch of runs of a scenario, in worker threads, and yield each run's record in index order.
 * Run i's seed depends only on the batch seed and i, so the records are the same for any number of
 * workers and any split into shards. Memory stays flat: only a few chunks are in flight at a time.
 *
 * @example
 * ```ts
 * const scenario = await loadScenario('scenarios/karabakh/format-week-2020.yaml');
 * for await (const record of runBatch(scenario, { runs: 1000, whatIf: 'france-recognises' })) {
 *   if (record.outcomes['talks-under-co-chairs']) convened++;
 * }
 * ```
 */
export async function* runBatch(scenario: Scenario, options: BatchOptions): AsyncGenerator<BatchRecord> {
  for await (const records of runVariants(scenario, [options.whatIf ?? null], options)) yield records[0]!;
}

/**
 * Like `runBatch`, but each index runs in several variants (what-if names, or null for the scenario as
 * written) on the same seed, for paired comparisons: yields one record per variant for each index.
 */
export async function* runVariants(
  scenario: Scenario,
  variants: readonly (string | null)[],
  options: Omit<BatchOptions, 'whatIf'>,
): AsyncGenerator<BatchRecord[]> {
  checkBatchOptions(scenario, options);
  for (const whatIf of variants)
    await batchPolicies(whatIf ? applyWhatIf(scenario, whatIf) : scenario, options.policyModule, 'runBatch');
  const [start, end] = shardRange(options.runs, options.shard);
  const first = Math.max(start, options.from ?? start);
  const workers = Math.min(options.workers ?? maxWorkers(), maxWorkers());
  // Big enough chunks that messages cost little, small enough that every worker gets several.
  const chunk =
    options.chunk ?? Math.max(1, Math.min(100, Math.ceil((end - first) / (Math.max(1, workers) * 8))));
  const base: Omit<BatchTask, 'from' | 'to'> = {
    scenarioText: JSON.stringify(scenario.data),
    hash: scenario.hash,
    variants,
    engine: options.engine ?? 'kernel',
    seed: options.seed ?? scenario.data.seed,
    policyModule: options.policyModule === undefined ? undefined : policyModuleUrl(options.policyModule),
  };
  // Tasks are made as they are needed, so that memory stays flat for any number of runs.
  const tasks = Math.ceil((end - first) / chunk);
  const task = (k: number): BatchTask => ({
    ...base,
    from: first + k * chunk,
    to: Math.min(end, first + (k + 1) * chunk),
  });
  const signal = options.signal;
  const aborted = () => {
    const error = new Error('auspices: runBatch: the batch was stopped');
    error.name = 'AbortError';
    return error;
  };

  if (workers === 0) {
    // One run at a time, yielding to the event loop between runs (signals, timers such as the lock's).
    for (let i = first; i < end; i++) {
      if (signal?.aborted) throw aborted();
      yield* await runChunk({ ...base, from: i, to: i + 1 });
      await new Promise((resolve) => setImmediate(resolve));
    }
    return;
  }

  const { filename, execArgv } = workerFile('worker');
  const pool = new Piscina<BatchTask, string>({
    filename,
    execArgv,
    workerData: { scenarioText: base.scenarioText },
    // Runs allocate many short-lived objects (immutable world states, traces): a larger young generation
    // means fewer scavenges, which on two cores otherwise compete with the other worker.
    resourceLimits: { maxYoungGenerationSizeMb: 64 },
    minThreads: workers,
    maxThreads: workers,
  });
  const inFlight: Promise<string>[] = [];
  let next = 0;
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  const fill = () => {
    while (next < tasks && inFlight.length < workers * 2 && !controller.signal.aborted) {
      const { scenarioText: _sent, ...sent } = task(next++);
      const p = pool.run(sent, { signal: controller.signal });
      p.catch(() => {}); // awaited in order below; a rejection before its turn is not unhandled
      inFlight.push(p);
    }
  };
  try {
    fill();
    while (inFlight.length > 0) {
      if (signal?.aborted) throw aborted();
      let records: BatchRecord[][];
      try {
        records = JSON.parse(await inFlight.shift()!) as BatchRecord[][];
      } catch (error) {
        if (signal?.aborted) throw aborted();
        throw error;
      }
      fill();
      yield* records;
    }
    if (signal?.aborted) throw aborted();
  } finally {
    signal?.removeEventListener('abort', onAbort);
    controller.abort();
    await pool.destroy();
  }
}
