import { z } from 'zod';
import type { TraceEntry } from '../agents/trace.js';
import type { SavedGame } from '../play/play-save.js';
import type { RunState } from '../sim/run-state.js';
import { formatHeader, moveSchema, ruleIdSchema, type Same, worldValueSchema } from './shared.js';

const count = z.number().int().nonnegative();
const strings = z.array(z.string());

/** One attempted move of a run (`TraceEntry`), as saved runs and saved games hold it. */
const traceEntrySchema = z.strictObject({
  seq: count,
  day: count,
  date: z.string(),
  origin: z.enum(['inject', 'policy']),
  move: moveSchema,
  accepted: z.boolean(),
  rules: z.array(ruleIdSchema).describe('the rules that allowed the move, or the one that forbade it'),
  refusal: z.strictObject({ rule: ruleIdSchema, code: z.string(), reason: z.string() }).optional(),
  changes: z.array(z.strictObject({ region: z.string(), from: z.string(), to: z.string() })),
  inject: z
    .strictObject({ id: z.string(), text: z.string(), sources: strings, framing: z.string().optional() })
    .optional(),
  policy: z.strictObject({ name: z.string(), rule: z.string().optional() }).optional(),
});

/** A run's state as `saveRun` writes it (`RunState`): everything a run needs to continue. */
const runStateSchema = z.strictObject({
  version: z.literal(1),
  scenario: z.strictObject({
    id: z.string(),
    hash: z.string(),
    whatIf: z.string().nullable(),
    branchedAt: count.optional(),
  }),
  seed: z.number().int(),
  engine: z.string(),
  day: count.describe('the next day to simulate'),
  world: z.strictObject({
    value: worldValueSchema,
    context: z.record(z.string(), z.unknown()).describe("the world's context: each region module's fields"),
  }),
  rng: z.array(z.number()).describe("the generator's state"),
  pending: z.array(
    z.strictObject({ due: count, move: moveSchema, policy: z.string(), because: z.string().optional() }),
  ),
  memory: z.record(z.string(), strings),
  firedInjects: strings,
  trace: z.array(traceEntrySchema),
  reached: strings,
  violations: z.array(z.strictObject({ invariant: z.string(), text: z.string(), day: count, seq: count })),
  finished: z.boolean(),
  endReason: z.enum(['horizon', 'end-condition']).nullable(),
});

/** A game saved by `auspices play` (and `PlaySession.save()`), which `--resume` continues. */
export const playSaveSchema = z.strictObject({
  ...formatHeader('auspices.play-save'),
  scenario: z.strictObject({ id: z.string(), hash: z.string() }),
  as: z.string().min(1).describe('the actor played'),
  whatIf: z.string().nullable(),
  seed: z.number().int(),
  engine: z.enum(['kernel', 'xstate']),
  turns: z.array(z.strictObject({ day: count, date: z.string(), moves: z.array(moveSchema) })),
  run: runStateSchema,
});

type Saved = z.infer<typeof playSaveSchema>;
type RunStateJson = z.infer<typeof runStateSchema>;

/** Compiles only while the schema and the library's type of the same data agree (see `Same`). */
const _playOutputTypesAgree: [
  Same<z.infer<typeof traceEntrySchema>, TraceEntry>,
  Same<Omit<RunStateJson, 'world'>, Omit<RunState, 'world'>>,
  Same<Omit<Saved, 'run'>, Omit<SavedGame, 'run'>>,
] = [true, true, true];
