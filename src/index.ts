/**
 * auspices: simulate the format of international mediation.
 *
 * @example
 * ```ts
 * import { loadScenario, runScenario, narrate } from 'auspices';
 * const scenario = await loadScenario('scenarios/karabakh/format-week-2020.yaml');
 * console.log(narrate(runScenario(scenario, { seed: 7 })));
 * ```
 * @packageDocumentation
 */

export type { ComparedVariants, CompareOptions } from './batch/compare.js';
export { compare, compareVariants } from './batch/compare.js';
export type { PolicyModule } from './batch/policy-module.js';
export { loadPolicyModule } from './batch/policy-module.js';
export type { BatchOptions, Shard } from './batch/run-batch.js';
export { runBatch, runVariants, shardRange } from './batch/run-batch.js';
export type { Manifest, WriteBatchOptions, WriteBatchResult } from './batch/run-dir.js';
export { BatchInputError, mergeBatches, writeBatch } from './batch/run-dir.js';
export * from './core.js';
export { loadScenario, loadScenarioSync } from './scenario/read-file.js';
