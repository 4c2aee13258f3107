import { z } from 'zod';
import { sourceUrl } from '../model/source.js';
import { moves } from './move-schema.js';

// The trainer's kit: role briefs, the facilitator's notes and the debrief. The simulator does not read
// them; `auspices brief` prints them and `auspices serve` shows them.
const isoDate = z.iso.date().describe('a calendar date, YYYY-MM-DD');
const url = sourceUrl;
/** A source in the trainer's kit: a public web page, http or https only (it becomes a link). */
const kitSource = url;
const texts = z.array(z.string().min(1));

/** One role's brief: what every player may read, what only its player reads, and its objectives. */
export const briefSchema = z
  .strictObject({
    public: z.string().min(1).describe('what every player may read about this role'),
    confidential: z
      .strictObject({
        interests: texts.optional(),
        redLines: texts.optional().describe('what the role will not accept'),
        levers: texts.optional().describe('what the role can use to get its way'),
        quotes: z
          .array(
            z.strictObject({
              text: z.string().min(1),
              by: z.string().min(1).describe('who said it'),
              date: isoDate,
              source: kitSource,
            }),
          )
          .optional()
          .describe('sourced quotes from the window'),
        decisions: texts.optional().describe('the decisions the role will face, as prompts'),
      })
      .optional()
      .describe("what only this role's player reads"),
    objectives: texts.optional().describe('what the role tries to achieve'),
  })
  .meta({ id: 'brief' });

/** An inject the facilitator may release to steer play: a move, as in an inject, with when to use it. */
export const contingencySchema = z.strictObject({
  id: z.string().min(1).describe('unique, and distinct from every inject id'),
  use: z.string().min(1).describe('when to release it'),
  objectives: texts.optional().describe('the learning objectives it serves (ids under `objectives:`)'),
  by: z.string().describe('the actor whose move this is'),
  do: moves,
  text: z.string().min(1).describe('what happens, as the players hear it'),
  source: kitSource.optional(),
});

/** The facilitator's notes: the class's learning objectives, notes on injects, and contingency injects. */
const facilitatorSchema = z
  .strictObject({
    objectives: z
      .record(
        z.string().regex(/^[A-Za-z][A-Za-z0-9-]*$/, 'use letters, digits and "-" (e.g. LO1)'),
        z.string().min(1),
      )
      .optional()
      .describe("the class's learning objectives, by id"),
    injects: z
      .record(
        z.string(),
        z.strictObject({
          expect: texts.optional().describe('what the players are expected to do'),
          objectives: texts.optional().describe('the learning objectives it serves'),
        }),
      )
      .optional()
      .describe('notes on injects, by inject id'),
    contingency: z.array(contingencySchema).optional(),
  })
  .meta({ id: 'facilitator' });

/** The debrief: hot-wash questions, and what history did, to set beside the run. */
const debriefSchema = z
  .strictObject({
    hotWash: texts.optional().describe('questions for the hot wash right after play'),
    record: z
      .array(z.strictObject({ text: z.string().min(1), source: kitSource }))
      .optional()
      .describe('what history did, sourced'),
  })
  .meta({ id: 'debrief' });

/** The trainer's kit: role briefs, facilitator's notes and debrief. What-ifs and `extends:` may patch them. */
export const kitFields = {
  briefs: z.record(z.string(), briefSchema).optional().describe('role briefs, by actor id'),
  facilitator: facilitatorSchema.optional(),
  debrief: debriefSchema.optional(),
};
