import { z } from 'zod';
import { sortedSet } from './canon.js';
import { actor } from './check-types.js';
import { nameOf, partiesAccept } from './queries.js';
import { defineRegion, defineSlice } from './region-module.js';

declare module '../model/context.js' {
  interface WorldContext {
    readonly ceasefire: {
      readonly brokers: readonly string[];
      readonly violations: number;
      /** Violations in a strained ceasefire after which it collapses into war. */
      readonly collapseAfter: number;
    };
  }
}

/**
 * Armed hostilities: war, or a ceasefire that holds or is strained by violations. A strained ceasefire
 * collapses into war after enough violations; its broker and the peacekeepers restore it.
 */
export const hostilitiesRegion = defineRegion({
  id: 'hostilities',
  label: 'Hostilities',
  description:
    'War or ceasefire between armed actors: brokered, violated, restored, or collapsing back into war.',
  context: defineSlice({
    initial: {
      ceasefire: z
        .strictObject({
          brokers: z.array(z.string()).default([]),
          collapseAfter: z
            .number()
            .int()
            .min(1)
            .default(3)
            .describe('violations in a strained ceasefire before war'),
        })
        .optional(),
    },
    start: ({ initial }) => ({
      ceasefire: {
        brokers: [...(initial.ceasefire?.brokers ?? [])],
        violations: 0,
        collapseAfter: initial.ceasefire?.collapseAfter ?? 3,
      },
    }),
    references: (initial) =>
      (initial.ceasefire?.brokers ?? []).map((name, i) => ({
        kind: 'actor' as const,
        name,
        path: ['ceasefire', 'brokers', i],
      })),
  }),
  tracks: [
    {
      alias: 'hostilities',
      path: 'hostilities',
      label: 'Ceasefire',
      states: ['war', 'ceasefire', 'ceasefire.holding', 'ceasefire.strained'],
      initial: 'ceasefire.holding',
    },
  ],
  nodes: {
    hostilities: {
      initial: 'ceasefire',
      states: {
        war: {
          on: {
            'ceasefire.broker': {
              target: 'ceasefire',
              guard: 'isBrokerAcceptedByParties',
              actions: 'recordBroker',
            },
          },
        },
        ceasefire: {
          initial: 'holding',
          on: {
            'ceasefire.violate': { target: '.strained', guard: 'isArmedActor', actions: 'recordViolation' },
            'hostilities.resume': { target: 'war', guard: 'isArmedActor', actions: 'erodeFormatLock' },
          },
          states: {
            holding: {},
            strained: {
              always: {
                target: '#world.hostilities.war',
                guard: 'hasEnoughViolations',
                actions: 'erodeFormatLock',
              },
              on: {
                'ceasefire.restore': {
                  target: 'holding',
                  guard: 'isPeacekeeperOrBroker',
                  actions: 'resetViolations',
                },
              },
            },
          },
        },
      },
    },
  },
  events: {
    'ceasefire.broker': { payload: {}, describe: () => 'brokers a ceasefire' },
    'ceasefire.violate': {
      payload: { place: z.string().optional().describe('where the violation happened') },
      describe: (e) => `violates the ceasefire${e.place ? ` at ${String(e.place)}` : ''}`,
    },
    'ceasefire.restore': { payload: {}, describe: () => 'restores the ceasefire' },
    'hostilities.resume': { payload: {}, describe: () => 'resumes hostilities' },
  },
  checks: {
    isArmedActor: {
      rule: 'M2',
      code: 'role/not-armed',
      test: (ctx, ev) => actor(ctx, ev)?.armed === true,
      why: (ctx, ev) => `${nameOf(ctx, ev.by)} has no forces on the ground`,
    },
    isBrokerAcceptedByParties: {
      rule: 'R4',
      code: 'consent/broker-not-accepted',
      test: (ctx, ev) => partiesAccept(ctx, [ev.by]),
      why: (ctx, ev) => `not every party accepts ${nameOf(ctx, ev.by)} as a broker`,
    },
    isPeacekeeperOrBroker: {
      rule: 'R7',
      code: 'role/not-peacekeeper',
      test: (ctx, ev) => ctx.ceasefire.brokers.includes(ev.by) || ctx.monitoring.peacekeepers.includes(ev.by),
      why: (ctx, ev) => `${nameOf(ctx, ev.by)} neither brokered the ceasefire nor keeps the peace`,
    },
    hasEnoughViolations: {
      rule: 'R7',
      code: 'ceasefire/collapsed',
      test: (ctx) => ctx.ceasefire.violations >= ctx.ceasefire.collapseAfter,
      why: () => 'the ceasefire has not been broken often enough to collapse',
    },
  },
  updates: {
    recordBroker: (ctx, ev) => ({
      ceasefire: {
        ...ctx.ceasefire,
        brokers: ctx.ceasefire.brokers.includes(ev.by)
          ? [...ctx.ceasefire.brokers]
          : [...ctx.ceasefire.brokers, ev.by],
        violations: 0,
      },
    }),
    recordViolation: (ctx) => ({ ceasefire: { ...ctx.ceasefire, violations: ctx.ceasefire.violations + 1 } }),
    resetViolations: (ctx) => ({ ceasefire: { ...ctx.ceasefire, violations: 0 } }),
    erodeFormatLock: (ctx) => ({ formatLock: ctx.formatLock && { ...ctx.formatLock, standing: false } }),
  },
  story: ({ regions, reached, moves, initialRegions }) => ({
    ceasefire: {
      state: regions.hostilities!,
      violations: moves.filter((m) => m.accepted && m.type === 'ceasefire.violate').length,
      collapsed: reached.has('hostilities:war') && initialRegions.hostilities !== 'war',
    },
  }),
  summary: {
    rank: 50,
    lines: ({ story, label }) =>
      story.ceasefire
        ? [
            [
              label('hostilities'),
              `${story.ceasefire.state}; ${story.ceasefire.violations} violation(s)${story.ceasefire.collapsed ? '; it collapsed into war during the run' : ''}`,
            ],
          ]
        : [],
  },
  // Violations are counted up to the collapse threshold, the only number R7 reads.
  canon: () => ({
    ceasefire: (v) => ({
      brokers: sortedSet(v.brokers),
      violations: Math.min(v.violations, v.collapseAfter),
      collapseAfter: v.collapseAfter,
    }),
  }),
});
