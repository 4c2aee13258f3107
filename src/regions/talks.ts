import { z } from 'zod';
import { candidatePools, each } from './candidates.js';
import { str } from './check-types.js';
import {
  activeFormat,
  nameOf,
  parties,
  partiesAccept,
  refusedConsents,
  settledTexts,
  withItem,
} from './queries.js';
import { defineRegion } from './region-module.js';

const ref = z.string().min(1);

/**
 * Talks under the active format: urged, convened by its mediators with every party's consent, stalled
 * by a boycott or a lost consent, settled when every party signs the same text.
 */
export const talksRegion = defineRegion({
  id: 'talks',
  label: 'Talks',
  description:
    'Talks under the active format: urged, convened with the consent of every party, stalled, or settled by a text every party signs.',
  requires: ['format'],
  tracks: [
    {
      alias: 'talks',
      path: 'talks',
      label: 'Talks',
      states: ['dormant', 'urged', 'convened', 'stalled', 'settled'],
      initial: 'dormant',
    },
  ],
  nodes: {
    talks: {
      initial: 'dormant',
      states: {
        dormant: {
          on: {
            'talks.urge': { target: 'urged', guard: 'isKnownFormat', actions: 'recordUrge' },
            'talks.convene': { target: 'convened', guard: 'canConvene', actions: 'recordConvene' },
          },
        },
        urged: {
          on: {
            'talks.urge': { guard: 'isKnownFormat', actions: 'recordUrge' },
            'talks.convene': { target: 'convened', guard: 'canConvene', actions: 'recordConvene' },
          },
        },
        convened: {
          always: [
            { target: 'settled', guard: 'hasSettlement' },
            { target: 'stalled', guard: 'hasLostConsent' },
            { target: 'stalled', guard: 'isTalksFormatClosed' },
          ],
          on: {
            'talks.boycott': { target: 'stalled', guard: 'isParty' },
            'settlement.sign': { guard: 'isSettlementParty', actions: 'recordSignature' },
          },
        },
        stalled: {
          on: {
            'talks.urge': { target: 'urged', guard: 'isKnownFormat', actions: 'recordUrge' },
            'talks.convene': { target: 'convened', guard: 'canConvene', actions: 'recordConvene' },
          },
        },
        settled: { type: 'final' },
      },
    },
  },
  events: {
    'talks.urge': {
      payload: { format: ref.describe('the format under which talks should resume') },
      describe: (e, n) => `urges the parties to resume talks under ${n(e.format as string)}`,
      candidates: (ctx, by) => each('format', candidatePools(ctx, by).formats),
    },
    'talks.convene': { payload: {}, describe: () => 'convenes talks' },
    'talks.boycott': { payload: {}, describe: () => 'boycotts the talks' },
    'settlement.sign': {
      payload: {
        text: z.string().min(1).describe('the agreement being signed; both parties must sign the same text'),
        status: z.enum(['interim', 'final']).describe('the status the agreement gives the territory'),
      },
      describe: (e) => `signs the ${String(e.status)} settlement "${String(e.text)}"`,
      candidates: () => ['interim', 'final'].map((status) => ({ text: `${status} settlement`, status })),
    },
  },
  checks: {
    isKnownFormat: {
      rule: 'M1',
      code: 'format/unknown',
      test: (ctx, ev) => Object.hasOwn(ctx.formats, str(ev, 'format')),
      why: (_ctx, ev) => `there is no format "${str(ev, 'format')}"`,
    },
    isMediatorOfActiveFormat: {
      rule: 'R2',
      code: 'role/not-mediator',
      test: (ctx, ev) => activeFormat(ctx).mediators.includes(ev.by),
      why: (ctx, ev) => `${nameOf(ctx, ev.by)} is not a mediator of ${activeFormat(ctx).name}`,
    },
    isActiveFormatAcceptedByParties: {
      rule: 'R4',
      code: 'consent/mediator-not-accepted',
      test: (ctx) => partiesAccept(ctx, activeFormat(ctx).mediators),
      why: (ctx) =>
        refusedConsents(ctx, activeFormat(ctx).mediators)
          .map(([p, m]) => `${nameOf(ctx, p)} does not accept ${nameOf(ctx, m)} as a mediator`)
          .join('; '),
    },
    isActiveFormatOpen: {
      rule: 'R3',
      code: 'format/closed',
      test: (ctx) => !ctx.closedFormats.includes(ctx.activeFormat),
      why: (ctx) => `${activeFormat(ctx).name} has been closed by its institution`,
    },
    isSettlementParty: {
      rule: 'R5',
      code: 'settlement/not-party',
      test: (ctx, ev) => parties(ctx).includes(ev.by),
      why: (ctx, ev) => `only the parties sign a settlement, and ${nameOf(ctx, ev.by)} is not one`,
    },
    hasLostConsent: {
      rule: 'R4',
      code: 'consent/lost',
      test: (ctx) => !partiesAccept(ctx, ctx.talks.mediators),
      why: () => 'every party still accepts the mediators at the table',
    },
    isTalksFormatClosed: {
      rule: 'R3',
      code: 'format/closed-under-talks',
      test: (ctx) => ctx.talks.format !== null && ctx.closedFormats.includes(ctx.talks.format),
      why: () => 'the format of the talks is still open',
    },
    hasSettlement: {
      rule: 'R5',
      code: 'settlement/signed',
      test: (ctx) => settledTexts(ctx).length > 0,
      why: () => 'no text is signed by both parties',
    },
  },
  composites: {
    canConvene: ['isMediatorOfActiveFormat', 'isActiveFormatOpen', 'isActiveFormatAcceptedByParties'],
  },
  updates: {
    recordUrge: (ctx, ev) => ({
      talks: { ...ctx.talks, urgedBy: withItem(ctx.talks.urgedBy, ev.by), urgedUnder: str(ev, 'format') },
    }),
    recordConvene: (ctx) => ({
      talks: {
        ...ctx.talks,
        format: ctx.activeFormat,
        mediators: [...activeFormat(ctx).mediators],
        convenedDay: ctx.day,
      },
    }),
    recordSignature: (ctx, ev) => ({
      signatures: [
        ...ctx.signatures.filter(
          (x) => !(x.by === ev.by && x.text === str(ev, 'text') && x.status === str(ev, 'status')),
        ),
        {
          by: ev.by,
          day: ctx.day,
          text: str(ev, 'text'),
          status: str(ev, 'status') === 'final' ? 'final' : 'interim',
        },
      ],
    }),
  },
});
