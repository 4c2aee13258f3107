import { z } from 'zod';
import { sourceUrl } from '../model/source.js';
import { sortedSet } from './canon.js';
import type { WorldInvariant } from './invariant.js';
import { nameOf, withItem } from './queries.js';
import { defineRegion, defineSlice, type InitialReference } from './region-module.js';

declare module '../model/context.js' {
  interface WorldContext {
    readonly monitoring: {
      readonly peacekeepers: readonly string[];
      /** The agreed joint monitoring centre, if a memorandum exists. */
      readonly centre: {
        readonly operators: readonly string[];
        readonly host: string;
        readonly ready: readonly string[];
        readonly hostConsent: boolean;
      } | null;
    };
  }
}

/**
 * Ceasefire monitoring: none, peacekeepers on the ground, and a joint monitoring centre that its agreed
 * operators open under a ceasefire with the host state's consent.
 */
export const monitoringRegion = defineRegion({
  id: 'monitoring',
  label: 'Monitoring',
  description:
    'Who monitors the ceasefire: peacekeepers, and a joint monitoring centre opened by its agreed operators with the host state consenting.',
  requires: ['hostilities'],
  context: defineSlice({
    initial: {
      peacekeepers: z.array(z.string()).optional(),
      monitoringCentre: z
        .strictObject({
          operators: z.array(z.string()).min(1),
          host: z.string(),
          hostConsent: z
            .boolean()
            .optional()
            .describe('whether the host state has consented (default false)'),
          source: sourceUrl.optional(),
        })
        .optional()
        .describe('an agreed, not yet open, joint monitoring centre'),
    },
    start: ({ initial }) => {
      const centre = initial.monitoringCentre;
      return {
        monitoring: {
          peacekeepers: [...(initial.peacekeepers ?? [])],
          centre: centre
            ? {
                operators: [...centre.operators],
                host: centre.host,
                ready: [],
                hostConsent: centre.hostConsent ?? false,
              }
            : null,
        },
      };
    },
    references: ({ peacekeepers, monitoringCentre: centre }) => [
      ...(peacekeepers ?? []).map(
        (name, i): InitialReference => ({ kind: 'actor', name, path: ['peacekeepers', i] }),
      ),
      ...(centre?.operators ?? []).map(
        (name, i): InitialReference => ({ kind: 'actor', name, path: ['monitoringCentre', 'operators', i] }),
      ),
      ...(centre ? [{ kind: 'actor', name: centre.host, path: ['monitoringCentre', 'host'] } as const] : []),
    ],
  }),
  tracks: [
    {
      alias: 'monitoring',
      path: 'monitoring',
      label: 'Monitoring',
      states: ['none', 'peacekeepers', 'peacekeepersAndJointCentre'],
      initial: 'none',
    },
  ],
  initialFrom: (_alias, initial) =>
    Array.isArray(initial.peacekeepers) && initial.peacekeepers.length > 0 ? 'peacekeepers' : undefined,
  nodes: {
    monitoring: {
      initial: 'none',
      on: { 'monitoring.consent': { guard: 'canConsentToCentre', actions: 'recordHostConsent' } },
      states: {
        none: {},
        peacekeepers: {
          always: { target: 'peacekeepersAndJointCentre', guard: 'canStartCentre' },
          on: { 'monitoring.openCentre': { guard: 'canOpenCentre', actions: 'recordReadiness' } },
        },
        peacekeepersAndJointCentre: {
          always: { target: 'peacekeepers', guard: 'isWar', actions: 'resetReadiness' },
          on: {
            'monitoring.closeCentre': {
              target: 'peacekeepers',
              guard: 'isCentreOperatorOrHost',
              actions: 'resetReadiness',
            },
          },
        },
      },
    },
  },
  events: {
    'monitoring.consent': { payload: {}, describe: () => 'consents to hosting the joint monitoring centre' },
    'monitoring.openCentre': {
      payload: {},
      describe: () => 'declares itself ready to open the joint monitoring centre',
    },
    'monitoring.closeCentre': { payload: {}, describe: () => 'closes the joint monitoring centre' },
  },
  checks: {
    isNotReady: {
      rule: 'M1',
      code: 'monitoring/already-ready',
      test: (ctx, ev) => !(ctx.monitoring.centre?.ready ?? []).includes(ev.by),
      why: (ctx, ev) => `${nameOf(ctx, ev.by)} has already declared itself ready`,
    },
    hasCentreAgreement: {
      rule: 'R8',
      code: 'monitoring/no-agreement',
      test: (ctx) => ctx.monitoring.centre !== null,
      why: () => 'no memorandum sets up a joint monitoring centre',
    },
    isCentreOperator: {
      rule: 'R8',
      code: 'monitoring/not-operator',
      test: (ctx, ev) => ctx.monitoring.centre?.operators.includes(ev.by) === true,
      why: (ctx, ev) => `${nameOf(ctx, ev.by)} is not an operator of the monitoring centre`,
    },
    isCentreHost: {
      rule: 'R8',
      code: 'monitoring/not-host',
      test: (ctx, ev) => ctx.monitoring.centre?.host === ev.by,
      why: (ctx, ev) => `${nameOf(ctx, ev.by)} does not host the monitoring centre`,
    },
    hasHostConsent: {
      rule: 'R4',
      code: 'consent/host-not-consenting',
      test: (ctx) => ctx.monitoring.centre?.hostConsent === true,
      why: (ctx) => `${nameOf(ctx, ctx.monitoring.centre?.host)} has not consented to the centre`,
    },
    isCeasefireInEffect: {
      rule: 'R8',
      code: 'monitoring/no-ceasefire',
      region: 'hostilities',
      state: 'ceasefire',
      why: () => 'there is no ceasefire to monitor',
    },
    isCentreOperatorOrHost: {
      rule: 'R8',
      code: 'monitoring/not-operator',
      test: (ctx, ev) =>
        ctx.monitoring.centre?.operators.includes(ev.by) === true || ctx.monitoring.centre?.host === ev.by,
      why: (ctx, ev) => `${nameOf(ctx, ev.by)} neither runs nor hosts the monitoring centre`,
    },
    isWar: {
      rule: 'R8',
      code: 'monitoring/war',
      region: 'hostilities',
      state: 'war',
      why: () => 'the ceasefire holds',
    },
    isCentreReady: {
      rule: 'R8',
      code: 'monitoring/ready',
      test: (ctx) => {
        const c = ctx.monitoring.centre;
        return c?.hostConsent === true && c.operators.every((o) => c.ready.includes(o));
      },
      why: () => 'not every operator is ready, or the host has not consented',
    },
  },
  composites: {
    canConsentToCentre: ['hasCentreAgreement', 'isCentreHost'],
    canOpenCentre: [
      'hasCentreAgreement',
      'isCentreOperator',
      'isNotReady',
      'isCeasefireInEffect',
      'hasHostConsent',
    ],
    canStartCentre: ['isCentreReady', 'isCeasefireInEffect'],
  },
  updates: {
    recordHostConsent: (ctx) => ({
      monitoring: {
        ...ctx.monitoring,
        centre: ctx.monitoring.centre && { ...ctx.monitoring.centre, hostConsent: true },
      },
    }),
    recordReadiness: (ctx, ev) => ({
      monitoring: {
        ...ctx.monitoring,
        centre: ctx.monitoring.centre && {
          ...ctx.monitoring.centre,
          ready: withItem(ctx.monitoring.centre.ready, ev.by),
        },
      },
    }),
    resetReadiness: (ctx) => ({
      monitoring: {
        ...ctx.monitoring,
        centre: ctx.monitoring.centre && { ...ctx.monitoring.centre, ready: [] },
      },
    }),
  },
  story: ({ regions }) => ({ monitoring: regions.monitoring! }),
  summary: {
    rank: 60,
    lines: ({ story, label }) =>
      story.monitoring === undefined ? [] : [[label('monitoring'), story.monitoring]],
  },
  invariants: [
    {
      id: 'I6',
      text: 'a monitoring centre exists only with a ceasefire and the host consenting',
      kind: 'state',
      check: ({ value, context }) => {
        if (value.monitoring !== 'peacekeepersAndJointCentre') return null;
        if (typeof value.hostilities !== 'object') return 'the joint centre runs in a war';
        return context.monitoring.centre?.hostConsent === true
          ? null
          : 'the joint centre runs without host consent';
      },
    },
  ] satisfies WorldInvariant[],
  canon: () => ({
    monitoring: (v) => ({
      peacekeepers: sortedSet(v.peacekeepers),
      centre: v.centre && {
        ...v.centre,
        operators: sortedSet(v.centre.operators),
        ready: sortedSet(v.centre.ready),
      },
    }),
  }),
});
