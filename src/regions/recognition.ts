import { z } from 'zod';
import type { Act } from '../model/context.js';
import { candidatePools, each } from './candidates.js';
import { undated } from './canon.js';
import { actor, str } from './check-types.js';
import type { WorldInvariant } from './invariant.js';
import { eventField, sameData } from './invariant.js';
import { nameOf } from './queries.js';
import { defineRegion, defineSlice, type InitialReference } from './region-module.js';

declare module '../model/context.js' {
  interface WorldContext {
    readonly declinedRecognitions: readonly (Act & { readonly entity: string })[];
    readonly resolutions: readonly (Act & {
      readonly subject: string;
      readonly entity: string | null;
      readonly mediator: string | null;
    })[];
  }
}

const ref = z.string().min(1);
const entities = (ctx: Parameters<typeof candidatePools>[0], by: string) =>
  each('entity', candidatePools(ctx, by).entities);

/**
 * Recognition of a de facto authority: only a state's executive grants or declines it; a legislature's
 * resolution calling for it is advisory.
 */
export const recognitionRegion = defineRegion({
  id: 'recognition',
  label: 'Recognition',
  description:
    "Recognition of a de facto authority: executives grant or decline it; legislatures' resolutions are advisory.",
  // The recognitions themselves are typed with the context, because the `recognised` predicate reads them.
  context: defineSlice({
    initial: { recognitions: z.array(z.strictObject({ by: z.string(), entity: z.string() })).optional() },
    start: ({ initial }) => ({
      recognitions: (initial.recognitions ?? []).map((r) => ({ ...r, day: 0 })),
      declinedRecognitions: [],
      resolutions: [],
    }),
    references: ({ recognitions }) =>
      (recognitions ?? []).flatMap((r, i): InitialReference[] => [
        { kind: 'actor', name: r.by, path: ['recognitions', i, 'by'] },
        { kind: 'actor', name: r.entity, path: ['recognitions', i, 'entity'] },
      ]),
  }),
  on: {
    'legislature.resolve': { guard: 'isLegislature', actions: 'recordResolution' },
    'recognition.grant': { guard: 'canRecognise', actions: 'recordRecognition' },
    'recognition.decline': { guard: 'canDeclineRecognition', actions: 'recordDeclinedRecognition' },
  },
  events: {
    'legislature.resolve': {
      payload: {
        subject: z.enum(['recognition', 'exclusion', 'other']),
        entity: ref.optional().describe('the entity the resolution calls to recognise'),
        mediator: ref.optional().describe('the mediator the resolution calls to exclude'),
        votesFor: z.number().int().nonnegative().optional(),
        votesAgainst: z.number().int().nonnegative().optional(),
        abstentions: z.number().int().nonnegative().optional(),
      },
      describe: (e, n) => {
        const votes =
          e.votesFor !== undefined ? ` (${String(e.votesFor)}–${String(e.votesAgainst ?? 0)})` : '';
        if (e.subject === 'recognition')
          return `adopts a non-binding resolution calling to recognise ${n(e.entity as string)}${votes}`;
        if (e.subject === 'exclusion')
          return `adopts a resolution calling to exclude ${n(e.mediator as string)}${votes}`;
        return `adopts a resolution${votes}`;
      },
      candidates: (ctx, by) => {
        const { entities: es, mediators } = candidatePools(ctx, by);
        return [
          ...es.map((entity) => ({ subject: 'recognition', entity })),
          ...mediators.map((mediator) => ({ subject: 'exclusion', mediator })),
        ];
      },
    },
    'recognition.grant': {
      payload: { entity: ref },
      describe: (e, n) => `recognises ${n(e.entity as string)}`,
      candidates: entities,
    },
    'recognition.decline': {
      payload: { entity: ref },
      describe: (e, n) => `declines to recognise ${n(e.entity as string)}`,
      candidates: entities,
    },
  },
  checks: {
    isLegislature: {
      rule: 'R6',
      code: 'role/not-legislature',
      test: (ctx, ev) => actor(ctx, ev)?.kind === 'legislature',
      why: (ctx, ev) => `${nameOf(ctx, ev.by)} is not a legislature`,
    },
    isExecutive: {
      rule: 'R6',
      code: 'recognition/not-executive',
      test: (ctx, ev) => actor(ctx, ev)?.kind === 'state',
      why: (ctx, ev) => `only a state's executive recognises, and ${nameOf(ctx, ev.by)} is not one`,
    },
    isRecognisable: {
      rule: 'M1',
      code: 'recognition/not-recognisable',
      test: (ctx, ev) => ctx.actors[str(ev, 'entity')]?.kind === 'de-facto-authority',
      why: (ctx, ev) =>
        `${nameOf(ctx, str(ev, 'entity'))} is not a de facto authority; only those await recognition`,
    },
    hasNotRecognised: {
      rule: 'M1',
      code: 'recognition/already-granted',
      test: (ctx, ev) => !ctx.recognitions.some((r) => r.by === ev.by && r.entity === str(ev, 'entity')),
      why: (ctx, ev) => `${nameOf(ctx, ev.by)} already recognises ${nameOf(ctx, str(ev, 'entity'))}`,
    },
  },
  composites: {
    canRecognise: ['isExecutive', 'isRecognisable', 'hasNotRecognised'],
    canDeclineRecognition: ['isExecutive', 'isRecognisable', 'hasNotRecognised'],
  },
  updates: {
    recordResolution: (ctx, ev) => ({
      resolutions: [
        ...ctx.resolutions,
        {
          by: ev.by,
          day: ctx.day,
          subject: str(ev, 'subject'),
          entity: str(ev, 'entity') || null,
          mediator: str(ev, 'mediator') || null,
        },
      ],
    }),
    recordRecognition: (ctx, ev) => ({
      recognitions: [...ctx.recognitions, { by: ev.by, day: ctx.day, entity: str(ev, 'entity') }],
    }),
    recordDeclinedRecognition: (ctx, ev) => ({
      declinedRecognitions: [
        ...ctx.declinedRecognitions,
        { by: ev.by, day: ctx.day, entity: str(ev, 'entity') },
      ],
    }),
  },
  story: ({ context: ctx }) => ({
    recognitions: ctx.recognitions.map((r) => ({ by: r.by, entity: r.entity })),
  }),
  summary: {
    rank: 70,
    lines: ({ story, n }) =>
      story.recognitions
        ? [
            [
              'Recognitions',
              story.recognitions.length
                ? story.recognitions.map((r) => `${n(r.by)} recognises ${n(r.entity)}`).join('; ')
                : 'none',
            ],
          ]
        : [],
  },
  invariants: [
    {
      id: 'I3',
      text: 'recognitions change only by an executive act',
      kind: 'step',
      check: ({ before: { context: before }, after: { context: after }, event, accepted }) => {
        if (before.recognitions === after.recognitions || sameData(before.recognitions, after.recognitions))
          return null;
        const actor = before.actors[event.by];
        if (event.type !== 'recognition.grant' || !accepted || actor?.kind !== 'state')
          return `recognitions changed on ${event.type} by ${event.by} (${actor?.kind ?? 'unknown'})`;
        const expected = [
          ...before.recognitions,
          { by: event.by, day: before.day, entity: eventField(event, 'entity') },
        ];
        return sameData(after.recognitions, expected)
          ? null
          : 'recognition.grant changed more than its own act';
      },
    },
  ] satisfies WorldInvariant[],
  // Who recognises whom is kept, not when; a declined recognition is news that no rule reads.
  // Legislative resolutions are news: no rule reads them.
  canon: () => ({ recognitions: (v) => undated(v), declinedRecognitions: 'drop', resolutions: 'drop' }),
});
