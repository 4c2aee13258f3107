import type { TraceEntry } from '../agents/trace.js';
import { describeMove } from '../machines/compose-world.js';
import type { Scenario } from '../scenario/scenario.js';
import { applyWhatIf } from '../scenario/what-if.js';
import { scenarioWorld } from '../scenario/world.js';
import { type Engine, type RunResult, runScenario } from '../sim/run-scenario.js';
import {
  type BatchRecord,
  type BatchSummary,
  batchRecord,
  runSeed,
  summaryAccumulator,
} from '../stats/batch.js';
import { type Comparison, type Example, firstDivergence, pairedAccumulator } from '../stats/compare.js';
import { batchPolicies } from './policy-module.js';
import { type BatchOptions, runVariants } from './run-batch.js';

/** Options of `compare`. */
export interface CompareOptions extends Omit<BatchOptions, 'whatIf' | 'shard' | 'from'> {
  /** The what-ifs to compare with the base, one or more. */
  readonly whatIfs: readonly string[];
  /** Compare every branch run with the one historical replay (the scenario as written, its own seed). */
  readonly againstHistory?: boolean | undefined;
  /** Called after each index, with the runs done and the total. */
  readonly onProgress?: ((done: number, total: number) => void) | undefined;
}

const differs = (a: BatchRecord, b: BatchRecord) =>
  Object.keys(a.outcomes).some((id) => a.outcomes[id] !== b.outcomes[id]);

/** An entry told in words, with the world of its own run for the names. */
function teller(result: RunResult) {
  const ctx = result.world.context;
  const world = scenarioWorld(result.scenario.data);
  return (entry: TraceEntry) =>
    `${describeMove(entry.move, ctx, world)}${entry.accepted ? '' : ` (refused under ${entry.rules[0] ?? 'a rule'})`}`;
}

/**
 * Paired runs of a scenario and its what-ifs: run i of every side uses the same seed, so differences
 * come from the what-if, not from chance. For each what-if: the share of runs reaching each outcome and
 * key event on both sides, the paired difference with a 95% interval, the change in the day of key
 * events, and an example run narrated from the point where it leaves the base.
 *
 * @example
 * ```ts
 * const scenario = await loadScenario('scenarios/karabakh/format-week-2020.yaml');
 * const c = await compare(scenario, { runs: 500, whatIfs: ['france-recognises'] });
 * console.log(c.branches[0].outcomes.find((o) => o.id === 'talks-under-co-chairs')?.delta);
 * ```
 */
export async function compare(scenario: Scenario, options: CompareOptions): Promise<Comparison> {
  return (await compareVariants(scenario, options)).comparison;
}

/** What {@link compareVariants} returns: the comparison, and a batch summary of each side. */
export interface ComparedVariants {
  readonly comparison: Comparison;
  /** The base (or the historical replay) first, then each what-if in the order asked. */
  readonly summaries: readonly BatchSummary[];
}

/**
 * {@link compare}, with a batch summary of each side beside the comparison (the base, or the one
 * historical replay, then each what-if): what the compare report charts.
 *
 * @example
 * ```ts
 * const { comparison, summaries } = await compareVariants(scenario, { runs: 50, whatIfs: ['france-recognises'] });
 * const html = renderCompareHtml(comparison, summaries);
 * ```
 */
export async function compareVariants(
  scenario: Scenario,
  options: CompareOptions,
): Promise<ComparedVariants> {
  if (options.whatIfs.length === 0) throw new RangeError('auspices: compare: name at least one what-if');
  for (const whatIf of options.whatIfs) applyWhatIf(scenario, whatIf);
  const seed = options.seed ?? scenario.data.seed;
  const engine: Engine = options.engine ?? 'kernel';
  const policies = await batchPolicies(scenario, options.policyModule, 'compare');
  const history = options.againstHistory ? runScenario(scenario, { engine, policies }) : null;
  const historyRecord = history ? batchRecord(history, 0) : null;
  const variants = history ? [...options.whatIfs] : [null, ...options.whatIfs];
  const accumulators = options.whatIfs.map((w) => pairedAccumulator(scenario.data, w));
  const exampleIndex = options.whatIfs.map(() => -1);
  // The historical replay runs on the scenario's own seed.
  const meta = (whatIf: string | null) => ({
    scenario: { id: scenario.data.id, title: scenario.data.title, hash: scenario.hash },
    whatIf,
    seed: whatIf === null && history ? scenario.data.seed : seed,
    engine,
  });
  const sides = [null, ...options.whatIfs].map((w) => summaryAccumulator(scenario.data, meta(w)));
  if (historyRecord) sides[0]!.add(historyRecord);
  let done = 0;
  for await (const records of runVariants(scenario, variants, { ...options, seed, engine })) {
    const base = historyRecord ?? records[0]!;
    const branches = history ? records : records.slice(1);
    records.forEach((record, k) => sides[k + (history ? 1 : 0)]!.add(record));
    branches.forEach((branch, k) => {
      accumulators[k]!.add(base, branch);
      if (exampleIndex[k] === -1 && differs(base, branch)) exampleIndex[k] = branch.index;
    });
    options.onProgress?.(++done, options.runs);
  }
  const examples: Example[] = options.whatIfs.map((whatIf, k) => {
    const index = Math.max(0, exampleIndex[k]!);
    const runSeedI = runSeed(seed, index);
    const base = history ?? runScenario(scenario, { seed: runSeedI, engine, policies });
    const branch = runScenario(scenario, { seed: runSeedI, whatIf, engine, policies });
    const tellBase = teller(base);
    const tellBranch = teller(branch);
    return {
      whatIf,
      index,
      seed: runSeedI,
      divergence: firstDivergence(base.trace, branch.trace, (entry, side) =>
        side === 'base' ? tellBase(entry) : tellBranch(entry),
      ),
    };
  });
  const comparison: Comparison = {
    scenario: { id: scenario.data.id, title: scenario.data.title, hash: scenario.hash },
    against: history ? 'history' : 'paired',
    seed,
    runs: options.runs,
    engine,
    calendar: { start: scenario.data.calendar.start, end: scenario.data.calendar.end },
    branches: accumulators.map((a) => a.result()),
    examples,
  };
  return { comparison, summaries: sides.map((s) => s.summary()) };
}
