import { z } from 'zod';
import type { Story } from '../regions/story.js';
import type { TimelineItem } from '../report/narrate.js';
import type { Outcome } from '../sim/outcome.js';
import type { Engine } from '../sim/run-scenario.js';
import { formatHeader, moveSchema, ruleIdSchema, type Same, worldValueSchema } from './shared.js';

const strings = z.array(z.string());
const talksStory = {
  state: z.string(),
  everConvened: z.boolean(),
  convenedUnder: z.strictObject({ format: z.string(), mediators: strings }).nullable(),
  urgedBy: strings,
};

/** The story of a run: what each region module of the world says of the end (`Story`). */
const storySchema = z.strictObject({
  talks: z.strictObject({ ...talksStory, urgedUnder: z.string().nullable() }).optional(),
  format: z
    .strictObject({
      active: z.string(),
      mandate: z.string(),
      composition: z.string(),
      excluded: strings,
      joined: strings,
      left: strings,
      exclusionDemands: z.array(z.strictObject({ by: z.string(), mediator: z.string() })),
      openProposals: z.array(z.strictObject({ format: z.string(), by: z.string() })),
      everContested: z.boolean(),
      replaced: z.boolean(),
    })
    .optional(),
  status: z.string().optional(),
  access: z.strictObject({ state: z.string(), grants: strings, requested: z.boolean() }).optional(),
  ceasefire: z.strictObject({ state: z.string(), violations: z.number(), collapsed: z.boolean() }).optional(),
  monitoring: z.string().optional(),
  recognitions: z.array(z.strictObject({ by: z.string(), entity: z.string() })).optional(),
  sideTalks: z.record(z.string(), z.strictObject(talksStory)).optional(),
  custom: z.record(z.string(), z.string()).optional(),
});

/** The outcome of a run (`Outcome`). */
const outcomeSchema = z.strictObject({
  endedOn: z.string().describe('YYYY-MM-DD'),
  days: z.number().int().nonnegative(),
  endReason: z.enum(['horizon', 'end-condition']).nullable(),
  regions: z.record(z.string(), z.string()).describe('the final state of each region'),
  reached: strings.describe('region states reached at any point, `region:state`'),
  story: storySchema,
  outcomes: z.array(z.strictObject({ id: z.string(), text: z.string(), reached: z.boolean() })),
  violations: z.array(
    z.strictObject({ invariant: z.string(), text: z.string(), day: z.number().int(), seq: z.number().int() }),
  ),
  moves: z.strictObject({
    total: z.number().int(),
    accepted: z.number().int(),
    refused: z.number().int(),
    refusedByRule: z.partialRecord(ruleIdSchema, z.number().int()),
  }),
});

/** One line of a run's narrated timeline (`TimelineItem`). */
const timelineItemSchema = z.strictObject({
  seq: z.number().int().nonnegative(),
  date: z.string(),
  day: z.number().int().nonnegative(),
  actor: z.string(),
  actorName: z.string(),
  origin: z.enum(['inject', 'policy']),
  move: moveSchema,
  inject: z.string().optional().describe('the id of the inject the move came from'),
  text: z.string().describe('what happened, in a sentence'),
  accepted: z.boolean(),
  refusal: z
    .strictObject({
      rule: z.string(),
      code: z.string().describe('the refusal code, such as `consent/mediator-not-accepted`'),
      ruleText: z.string(),
      reason: z.string(),
    })
    .optional(),
  changes: strings.describe('`region: from → to`'),
  sources: strings,
  framing: z.string().optional(),
  because: z.string().optional().describe("the policy's rule"),
});

/** `narrate(result, { format: 'json' })` and `auspices run --format json`. */
export const runOutputSchema = z.strictObject({
  ...formatHeader('auspices.run'),
  scenario: z.strictObject({
    id: z.string(),
    title: z.string(),
    hash: z.string(),
    whatIf: z.string().nullable(),
  }),
  seed: z.number().int(),
  engine: z.enum(['kernel', 'xstate']),
  replay: z.string().describe('the replay token: `auspices replay` reproduces the run from it'),
  timeline: z.array(timelineItemSchema),
  outcome: outcomeSchema,
  world: worldValueSchema.describe("the final state value of the world's statechart"),
});

/** Compiles only while the schemas and the library's types of the same data agree (see `Same`). */
const _runOutputTypesAgree: [
  Same<z.infer<typeof timelineItemSchema>, TimelineItem>,
  Same<z.infer<typeof storySchema>, Story>,
  Same<z.infer<typeof outcomeSchema>, Outcome>,
  Same<z.infer<typeof runOutputSchema>['engine'], Engine>,
] = [true, true, true, true];
