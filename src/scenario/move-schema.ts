import { z } from 'zod';

/** A move as written in a scenario: an event type and its payload; `by` defaults to the acting actor. */
export const moveSchema = z
  .looseObject({
    type: z.string().describe('the event, `subject.verb` (e.g. talks.urge)'),
    by: z.string().optional().describe('the acting actor; defaults to the inject or policy owner'),
  })
  .describe('a move: `type` plus the payload fields of that event');

/** One move, or a list of them. */
export const moves = z.union([moveSchema, z.array(moveSchema).min(1)]);
