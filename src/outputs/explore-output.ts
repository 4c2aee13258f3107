import { z } from 'zod';
import type { ExploreResult } from '../explore/explore.js';
import type { QuestionAnswer } from '../explore/question.js';
import { formatHeader, moveSchema, type Same } from './shared.js';

const pathSchema = z
  .strictObject({
    moves: z.array(moveSchema).describe('the moves in order; `clock.dayElapsed` ends a day'),
    days: z.number().int().nonnegative(),
  })
  .nullable();
const file = z
  .string()
  .nullable()
  .describe('the scenario file written for the path, which `auspices run` replays');
const count = z.number().int().nonnegative();

/** What `explore` says of a file's `question:`. */
const questionAnswerSchema = z.strictObject({
  outcome: z.string(),
  expected: z.enum(['reachable', 'unreachable']),
  answer: z.enum(['reachable', 'unreachable', 'unknown']),
  asExpected: z.boolean(),
  sentence: z.string(),
});

/**
 * `exploreJson(...)` and `auspices explore --json`. The same file and options give the same text;
 * `timing`, the one part that varies from one exploration to the next, is there only with `--timing`.
 */
export const exploreOutputSchema = z.strictObject({
  ...formatHeader('auspices.explore'),
  scenario: z.strictObject({ id: z.string(), title: z.string(), whatIf: z.string().nullable() }),
  question: questionAnswerSchema.optional(),
  states: count,
  edges: count,
  depth: count,
  bound: z
    .enum(['max-states', 'depth', 'stopped'])
    .nullable()
    .describe('what cut the search short, if anything'),
  limits: z.strictObject({ maxStates: count, depth: count.nullable() }),
  movers: z.array(z.string()),
  alphabet: count.describe('moves tried in each state'),
  invariantsChecked: z.array(z.string()),
  violations: z.array(
    z.strictObject({
      invariant: z.string(),
      text: z.string(),
      detail: z.string(),
      builtIn: z.boolean(),
      path: pathSchema,
      file,
    }),
  ),
  outcomes: z.array(
    z.strictObject({
      id: z.string(),
      text: z.string(),
      reachable: z.boolean().nullable().describe('null when a bound cut the search short'),
      path: pathSchema,
      file,
    }),
  ),
  regionStates: z.strictObject({ reached: z.array(z.string()), unreached: z.array(z.string()) }),
  fieldValues: z.record(z.string(), count),
  verdicts: z.strictObject({ hits: count, misses: count }).nullable(),
  symmetry: z
    .array(z.array(z.string()).min(2))
    .min(1)
    .optional()
    .describe(
      'only when some actors are interchangeable in the question asked: the classes of actors explored as one, so that states and edges count states up to swapping them (--no-symmetry counts them apart)',
    ),
  workers: z
    .number()
    .int()
    .min(2)
    .optional()
    .describe(
      'only with --workers 2 or more: the threads that searched; which shortest path is reported may then differ from run to run',
    ),
  shards: z
    .number()
    .int()
    .min(2)
    .optional()
    .describe(
      'only for a search in shards (--shard i/n, n of 2 or more), as shard 0 reports it: the shards that searched; which shortest path is reported may then differ from run to run',
    ),
  timing: z
    .strictObject({
      seconds: z.number().nonnegative(),
      statesPerSecond: z.number().nullable(),
      rssBytes: z.number().nullable(),
    })
    .optional()
    .describe('only with --timing: the one part that differs between two explorations of the same file'),
});

type Explored = z.infer<typeof exploreOutputSchema>;
type Shared = 'scenario' | 'states' | 'edges' | 'depth' | 'bound' | 'limits' | 'movers' | 'alphabet';
type Rest = 'invariantsChecked' | 'regionStates' | 'fieldValues' | 'verdicts';

/** Compiles only while the schema and the library's type of the same data agree (see `Same`). */
const _exploreOutputTypesAgree: [
  Same<Pick<Explored, Shared | Rest>, Pick<ExploreResult, Shared | Rest>>,
  Same<z.infer<typeof questionAnswerSchema>, QuestionAnswer>,
] = [true, true];
