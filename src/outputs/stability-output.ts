import { z } from 'zod';
import { formatHeader } from './shared.js';

const concept = z.enum(['nash', 'gmr', 'seq', 'sim', 'seqsim', 'smr']);
/** One boolean per concept computed (only those asked for appear). */
const verdicts = {
  nash: z.boolean().optional(),
  gmr: z.boolean().optional(),
  seq: z.boolean().optional(),
  sim: z.boolean().optional(),
  seqsim: z.boolean().optional(),
  smr: z.boolean().optional(),
};
const stableFor = z
  .record(z.string(), z.strictObject(verdicts))
  .describe('per decision maker (or coalition), per concept: whether the state is stable for it');

/** `auspices stability --json`: which states are stable, for whom, under each concept. */
export const stabilityOutputSchema = z.strictObject({
  ...formatHeader('auspices.stability'),
  sanctions: z.enum(['legal', 'distinct', 'single']).describe('how far opponents may go to sanction'),
  concepts: z.array(concept),
  options: z
    .array(z.string())
    .describe("the letters of a state's pattern: a model's options in its order, or a scenario's facts"),
  decisionMakers: z.array(z.string()),
  coalitions: z.array(z.array(z.string())).optional(),
  states: z.array(
    z.strictObject({
      state: z.number().int().min(1).describe('the ordered number, from 1'),
      pattern: z.string().regex(/^[YN]*$/),
      unexplored: z
        .literal(true)
        .optional()
        .describe('seen only where the search stopped: its moves are not known'),
      ...verdicts,
      stableFor,
      coalition: z.strictObject({ ...verdicts, stableFor }).optional(),
    }),
  ),
  equilibria: z
    .partialRecord(concept, z.array(z.string()))
    .describe('per concept, the patterns of its equilibria'),
  statusQuo: z
    .strictObject({
      state: z.number().int().min(1),
      pattern: z.string(),
      paths: z.array(
        z.strictObject({
          to: z.string(),
          byImprovements: z.boolean(),
          steps: z.array(z.strictObject({ by: z.string(), to: z.string() })).nullable(),
        }),
      ),
    })
    .optional(),
  explored: z
    .strictObject({
      worlds: z.number().int(),
      movers: z.array(z.string()),
      depth: z.number().int(),
      maxStates: z.number().int(),
      bound: z.enum(['max-states', 'depth', 'stopped']).nullable(),
    })
    .optional()
    .describe('scenarios: the exploration the graph model was derived from'),
  history: z
    .strictObject({
      seed: z.number().int(),
      pattern: z.string().regex(/^[YN]*$/),
      state: z
        .number()
        .int()
        .min(1)
        .nullable()
        .describe('null when exploration did not reach that combination'),
      equilibriumUnder: z.array(concept),
    })
    .optional()
    .describe(
      'scenarios: where the scenario as written ends, and under which concepts that state is an equilibrium',
    ),
  replays: z
    .record(z.string(), z.string())
    .optional()
    .describe('scenarios with --out: the file that replays the path to each equilibrium, by pattern'),
});
