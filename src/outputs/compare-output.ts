import { z } from 'zod';
import type { Comparison } from '../stats/compare.js';
import { formatHeader, intervalSchema, type Same, scenarioIdSchema } from './shared.js';

const share = z.number().min(0).max(1);
const pairedDeltaSchema = z.strictObject({
  mean: z.number(),
  ci95: intervalSchema,
  pairs: z.number().int().nonnegative(),
});

/** `renderComparison(c, 'json')` and `auspices compare --format json`. */
export const compareOutputSchema = z.strictObject({
  ...formatHeader('auspices.compare'),
  scenario: scenarioIdSchema,
  against: z.enum(['paired', 'history']),
  seed: z.number().int(),
  runs: z.number().int().nonnegative(),
  engine: z.string(),
  calendar: z.strictObject({ start: z.string(), end: z.string() }),
  branches: z.array(
    z.strictObject({
      whatIf: z.string(),
      outcomes: z.array(
        z.strictObject({
          id: z.string(),
          text: z.string(),
          base: share,
          branch: share,
          delta: pairedDeltaSchema.describe('branch minus base, per pair'),
        }),
      ),
      keyEvents: z.array(
        z.strictObject({
          key: z.string().describe('`region:state`'),
          base: share,
          branch: share,
          delta: pairedDeltaSchema,
          days: pairedDeltaSchema.nullable().describe('branch day minus base day, where both reached it'),
        }),
      ),
    }),
  ),
  examples: z.array(
    z.strictObject({
      whatIf: z.string(),
      index: z.number().int().nonnegative(),
      seed: z.number().int(),
      divergence: z
        .strictObject({
          day: z.number().int(),
          date: z.string(),
          base: z.string().nullable(),
          branch: z.string().nullable(),
        })
        .nullable(),
    }),
  ),
});

/** Compiles only while the schema and the library's type of the same data agree (see `Same`). */
const _compareOutputTypesAgree: Same<
  Omit<z.infer<typeof compareOutputSchema>, 'format' | 'formatVersion'>,
  Comparison
> = true;
