import { z } from 'zod';
import type { Act } from '../model/context.js';
import { candidatePools, each } from './candidates.js';
import { str } from './check-types.js';
import { nameOf } from './queries.js';
import { defineRegion, defineSlice } from './region-module.js';

declare module '../model/context.js' {
  interface WorldContext {
    readonly statements: readonly (Act & {
      readonly topic: string;
      readonly supports: string | null;
      readonly jointWith: readonly string[];
    })[];
    readonly visits: readonly (Act & { readonly to: string; readonly announced: boolean })[];
  }
}

const ref = z.string().min(1);

/**
 * The moves every world has: public statements and visits. They change no region state; rules and
 * outcomes read them ("a statement backing a format", "a visit made").
 */
export const coreRegion = defineRegion({
  id: 'core',
  label: 'Statements and visits',
  description: 'Public statements and visits, which every world has; they change no region state.',
  context: defineSlice({ initial: {}, start: () => ({ statements: [], visits: [] }) }),
  on: {
    'statement.issue': { actions: 'recordStatement' },
    'visit.announce': { guard: 'isNotSelf', actions: 'recordVisit' },
    'visit.make': { guard: 'isNotSelf', actions: 'recordVisit' },
  },
  events: {
    'statement.issue': {
      payload: {
        topic: z.string().min(1),
        supports: ref.optional().describe('a format the statement backs'),
        jointWith: z.array(ref).optional().describe('actors issuing the statement jointly'),
      },
      describe: (e, n) => {
        const joint =
          Array.isArray(e.jointWith) && e.jointWith.length
            ? ` jointly with ${(e.jointWith as string[]).map(n).join(' and ')}`
            : '';
        return `issues a statement on ${String(e.topic)}${joint}${e.supports ? `, backing ${n(e.supports as string)}` : ''}`;
      },
      candidates: (ctx, by) => [
        { topic: 'general' },
        ...candidatePools(ctx, by).formats.map((supports) => ({ topic: 'format', supports })),
      ],
    },
    'visit.announce': {
      payload: { to: ref, on: z.string().optional().describe('the announced date, as text') },
      describe: (e, n) => `announces a visit to ${n(e.to as string)}${e.on ? ` (${String(e.on)})` : ''}`,
      candidates: (ctx, by) => each('to', candidatePools(ctx, by).others),
    },
    'visit.make': {
      payload: { to: ref },
      describe: (e, n) => `visits ${n(e.to as string)}`,
      candidates: (ctx, by) => each('to', candidatePools(ctx, by).others),
    },
  },
  checks: {
    isNotSelf: {
      rule: 'M1',
      code: 'actor/self',
      test: (ctx, ev) => str(ev, 'to') !== ev.by && Object.hasOwn(ctx.actors, str(ev, 'to')),
      why: (ctx, ev) => `${nameOf(ctx, ev.by)} cannot visit "${str(ev, 'to')}"`,
    },
  },
  updates: {
    recordStatement: (ctx, ev) => ({
      statements: [
        ...ctx.statements,
        {
          by: ev.by,
          day: ctx.day,
          topic: str(ev, 'topic'),
          supports: str(ev, 'supports') || null,
          jointWith: Array.isArray(ev.jointWith) ? [...(ev.jointWith as string[])] : [],
        },
      ],
    }),
    recordVisit: (ctx, ev) => ({
      visits: [
        ...ctx.visits,
        { by: ev.by, day: ctx.day, to: str(ev, 'to'), announced: ev.type === 'visit.announce' },
      ],
    }),
  },
  // Statements and visits are news: no rule reads them.
  canon: () => ({ statements: 'drop', visits: 'drop' }),
});
