import { workerData } from 'piscina';
import type { PolicyRegistry } from '../agents/registry.js';
import { parseScenario } from '../scenario/parse.js';
import type { Scenario } from '../scenario/scenario.js';
import { type Engine, runScenario } from '../sim/run-scenario.js';
import { type BatchRecord, batchRecord, runSeed } from '../stats/batch.js';
import { loadPolicyModule } from './policy-module.js';

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
  /** The URL of the module that exports the scenario's custom policies, if it uses any. */
  readonly policyModule?: string | undefined;
}

const cache = new Map<string, Scenario>();

/**
 * Run runs `from` to `to - 1` of a batch, each in every variant: for each index, one record per variant,
 * in order. The same function runs in worker threads and in this process.
 */
export async function runChunk(task: BatchTask): Promise<BatchRecord[][]> {
  const policies: PolicyRegistry | undefined = task.policyModule
    ? await loadPolicyModule(task.policyModule)
    : undefined;
  const key = `${task.hash} ${task.policyModule ?? ''}`;
  let scenario = cache.get(key);
  if (!scenario) {
    scenario = parseScenario(task.scenarioText ?? '', 'scenario.json', { policies });
    if (scenario.hash !== task.hash)
      throw new Error(`auspices: batch worker: the scenario hashes to ${scenario.hash}, not ${task.hash}`);
    cache.set(key, scenario);
  }
  const out: BatchRecord[][] = [];
  for (let i = task.from; i < task.to; i++) {
    const seed = runSeed(task.seed, i);
    out.push(
      task.variants.map((whatIf) =>
        batchRecord(
          runScenario(scenario, { seed, whatIf: whatIf ?? undefined, engine: task.engine, policies }),
          i,
        ),
      ),
    );
  }
  return out;
}

/**
 * Piscina's entry point: the scenario text is the pool's `workerData`, sent once per thread. The records
 * go back as one JSON text: the main thread reads a text with `JSON.parse` in about half the time it
 * takes to receive the same objects by structured clone, and with two workers its time per record is
 * what the two compete with.
 */
export default async function runWorkerChunk(task: BatchTask): Promise<string> {
  return JSON.stringify(
    await runChunk({ ...task, scenarioText: (workerData as { scenarioText: string }).scenarioText }),
  );
}
