import { z } from 'zod';
import type { BatchRecord, BatchSummary } from '../stats/batch.js';
import { formatHeader, intervalSchema, type Same, scenarioIdSchema } from './shared.js';

const count = z.number().int().nonnegative();
const share = z.number().min(0).max(1);
const movesSchema = z.strictObject({ total: count, accepted: count, refused: count });

/** A batch's `summary.json`: what its runs add up to. */
export const batchSummarySchema = z.strictObject({
  ...formatHeader('auspices.batch-summary'),
  scenario: scenarioIdSchema,
  whatIf: z.string().nullable(),
  whatIfTitle: z.string().nullable(),
  seed: z.number().int(),
  engine: z.string(),
  runs: count,
  calendar: z.strictObject({ start: z.string(), end: z.string(), days: count }),
  outcomes: z.array(
    z.strictObject({ id: z.string(), text: z.string(), reached: count, share, ci95: intervalSchema }),
  ),
  finalRegions: z
    .record(z.string(), z.record(z.string(), count))
    .describe('how many runs ended in each state of each region'),
  keyEvents: z.array(
    z.strictObject({
      key: z.string().describe('`region:state`'),
      region: z.string(),
      state: z.string(),
      runs: count,
      share,
      ci95: intervalSchema,
      day: z
        .strictObject({
          mean: z.number(),
          median: count,
          p10: count,
          p90: count,
          min: count,
          max: count,
        })
        .nullable(),
      histogram: z.array(count).describe('runs that first entered the state on each day, by day index'),
    }),
  ),
  regionStates: z
    .record(z.string(), z.array(z.string()))
    .describe("every state of each region, in the world's order: the order reports colour states by"),
  daily: z
    .record(z.string(), z.record(z.string(), z.array(share)))
    .describe('the share of runs in each state of each region at the end of each day, by day index'),
  moves: movesSchema,
  violations: z.record(z.string(), count).describe('runs that broke each scenario invariant'),
});

/**
 * A batch's `manifest.json`: what its run directory holds and how far it got. The directory's other
 * files (`results.jsonl`, `summary.json`) are read with the format the manifest names.
 */
export const batchManifestSchema = z.strictObject({
  ...formatHeader('auspices.batch-manifest'),
  version: z.string().describe('the version of auspices that wrote it'),
  scenario: z.strictObject({
    id: z.string(),
    title: z.string(),
    hash: z.string(),
    file: z.literal('scenario.json'),
    source: z.string().describe('the file the batch was started from'),
  }),
  whatIf: z.string().nullable(),
  seed: z.number().int(),
  runs: count.describe('runs in the whole batch, all shards together'),
  engine: z.enum(['kernel', 'xstate']),
  shard: z.strictObject({ index: count, count: count }).nullable(),
  range: z.tuple([count, count]).describe('the run indices this directory holds: [from, to)'),
  completed: count,
  status: z.enum(['running', 'interrupted', 'complete']),
  resultsSha256: z.string().optional().describe('the SHA-256 of results.jsonl, once the batch is complete'),
});

/** One line of a batch's `results.jsonl`: one run. The lines carry no header; the manifest names it. */
export const batchRecordSchema = z.strictObject({
  index: count,
  seed: count,
  endedOn: z.string(),
  days: count,
  outcomes: z.record(z.string(), z.boolean()),
  regions: z.record(z.string(), z.string()),
  firstDay: z.record(z.string(), count).describe('the day each region state was first entered'),
  timeline: z
    .record(z.string(), z.array(z.tuple([count, z.string()])))
    .describe('each region as [day, state] at each change'),
  moves: movesSchema,
  violations: z.array(z.string()),
});

/** Compiles only while the schema and the library's type of the same data agree (see `Same`). */
const _batchOutputTypesAgree: [
  Same<Omit<z.infer<typeof batchSummarySchema>, 'format' | 'formatVersion'>, BatchSummary>,
  Same<z.infer<typeof batchRecordSchema>, BatchRecord>,
] = [true, true];
