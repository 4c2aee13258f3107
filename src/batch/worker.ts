import { workerData } from 'piscina';
import { parseScenario } from '../scenario/parse.js';
import type { Scenario } from '../scenario/scenario.js';
import { type Engine, runScenario } from '../sim/run-scenario.js';
import { type BatchRecord, batchRecord, runSeed } from '../stats/batch.js';

/**
 * A chunk of runs for a worker: the scenario as resolved JSON text (in worker threads it comes once, as
 * the pool's `workerData`), and the index range.
 */
export interface BatchTask {
  readonly scenarioText?: string | undefined;
  readonly hash: string;
  /** The variants to run for each index: a what-if's name, or null for the scenario as written. */
  readonly variants: readonly (string | null)[];
  readonly engine: Engine;
  readonly seed: number;
  readonly from: number;
  readonly to: number;
}

const cache = new Map<string, Scenario>();

/**
 * Run runs `from` to `to - 1` of a batch, each in every variant: for each index, one record per variant,
 * in order. The same function runs in worker threads and in this process.
 */
export function runChunk(task: BatchTask): BatchRecord[][] {
  let scenario = cache.get(task.hash);
  if (!scenario) {
    scenario = parseScenario(task.scenarioText ?? '', 'scenario.json');
    if (scenario.hash !== task.hash)
      throw new Error(`auspices: batch worker: the scenario hashes to ${scenario.hash}, not ${task.hash}`);
    cache.set(task.hash, scenario);
  }
  const out: BatchRecord[][] = [];
  for (let i = task.from; i < task.to; i++) {
    const seed = runSeed(task.seed, i);
    out.push(
      task.variants.map((whatIf) =>
        batchRecord(runScenario(scenario, { seed, whatIf: whatIf ?? undefined, engine: task.engine }), i),
      ),
    );
  }
  return out;
}

/** Piscina's entry point: the scenario text is the pool's `workerData`, sent once per thread. */
export default function runWorkerChunk(task: BatchTask): BatchRecord[][] {
  return runChunk({ ...task, scenarioText: (workerData as { scenarioText: string }).scenarioText });
}
