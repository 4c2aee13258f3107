import type { Act } from '../model/context.js';
import { sortedSet } from './canon.js';
import { actor } from './check-types.js';
import { accessGrants, nameOf, withItem } from './queries.js';
import { defineRegion, defineSlice } from './region-module.js';

declare module '../model/context.js' {
  interface WorldContext {
    /** Who has asked for access, and which of the territorial state and the ground controller grant it. */
    readonly access: { readonly requests: readonly Act[]; readonly grants: readonly string[] };
  }
}

/**
 * Access on request: restricted, partial when one of the territorial state and the ground controller
 * grants it, unfettered when both do. It serves humanitarian access and a monitors' freedom of movement.
 */
const ANY_REQUEST = Object.freeze({ by: '(someone)', day: 0 });

export const accessRegion = defineRegion({
  id: 'access',
  label: 'Access',
  description:
    "Access on an institution's request (humanitarian access, or monitors' freedom of movement): partial when the territorial state or the ground controller grants it, unfettered when both do.",
  context: defineSlice({ initial: {}, start: () => ({ access: { requests: [], grants: [] } }) }),
  tracks: [
    {
      alias: 'access',
      path: 'access',
      label: 'Access',
      states: ['restricted', 'partial', 'unfettered'],
      initial: 'restricted',
    },
  ],
  nodes: {
    access: {
      initial: 'restricted',
      on: {
        'access.request': { guard: 'isInstitution', actions: 'recordAccessRequest' },
        'access.grant': { guard: 'canGrantAccess', actions: 'grantAccess' },
        'access.restrict': { guard: 'hasGranted', actions: 'restrictAccess' },
      },
      states: {
        restricted: {
          always: [
            { target: 'unfettered', guard: 'hasFullAccess' },
            { target: 'partial', guard: 'hasPartialAccess' },
          ],
        },
        partial: {
          always: [
            { target: 'unfettered', guard: 'hasFullAccess' },
            { target: 'restricted', guard: 'hasNoAccess' },
          ],
        },
        unfettered: {
          always: [
            { target: 'partial', guard: 'hasPartialAccess' },
            { target: 'restricted', guard: 'hasNoAccess' },
          ],
        },
      },
    },
  },
  events: {
    'access.request': { payload: {}, describe: () => 'asks for unfettered access' },
    'access.grant': { payload: {}, describe: () => 'grants access' },
    'access.restrict': { payload: {}, describe: () => 'restricts access' },
  },
  checks: {
    isInstitution: {
      rule: 'M2',
      code: 'role/not-institution',
      test: (ctx, ev) => actor(ctx, ev)?.kind === 'institution',
      why: (ctx, ev) => `${nameOf(ctx, ev.by)} is not an institution, so it cannot ask for access`,
    },
    isAccessGrantor: {
      rule: 'R11',
      code: 'access/not-grantor',
      test: (ctx, ev) => actor(ctx, ev)?.territorial === true || actor(ctx, ev)?.controlsGround === true,
      why: (ctx, ev) => `${nameOf(ctx, ev.by)} is neither the territorial state nor in control of the ground`,
    },
    hasAccessRequest: {
      rule: 'R11',
      code: 'access/not-requested',
      test: (ctx) => ctx.access.requests.length > 0,
      why: () => 'no institution has asked for access',
    },
    hasNotGranted: {
      rule: 'M1',
      code: 'access/already-granted',
      test: (ctx, ev) => !ctx.access.grants.includes(ev.by),
      why: (ctx, ev) => `${nameOf(ctx, ev.by)} already grants access`,
    },
    hasGranted: {
      rule: 'M1',
      code: 'access/not-granted',
      test: (ctx, ev) => ctx.access.grants.includes(ev.by),
      why: (ctx, ev) => `${nameOf(ctx, ev.by)} grants no access to restrict`,
    },
    hasPartialAccess: {
      rule: 'R11',
      code: 'access/partial',
      test: (ctx) => {
        const g = accessGrants(ctx);
        return g.territorial !== g.ground;
      },
      why: () => 'access is not granted by exactly one of the territorial state and the ground controller',
    },
    hasFullAccess: {
      rule: 'R11',
      code: 'access/unfettered',
      test: (ctx) => {
        const g = accessGrants(ctx);
        return g.territorial && g.ground;
      },
      why: () => 'access is not granted by both the territorial state and the ground controller',
    },
    hasNoAccess: {
      rule: 'R11',
      code: 'access/restricted',
      test: (ctx) => {
        const g = accessGrants(ctx);
        return !g.territorial && !g.ground;
      },
      why: () => 'some access is granted',
    },
  },
  composites: { canGrantAccess: ['isAccessGrantor', 'hasAccessRequest', 'hasNotGranted'] },
  updates: {
    recordAccessRequest: (ctx, ev) => ({
      access: { ...ctx.access, requests: [...ctx.access.requests, { by: ev.by, day: ctx.day }] },
    }),
    grantAccess: (ctx, ev) => ({ access: { ...ctx.access, grants: withItem(ctx.access.grants, ev.by) } }),
    restrictAccess: (ctx, ev) => ({
      access: { ...ctx.access, grants: ctx.access.grants.filter((g) => g !== ev.by) },
    }),
  },
  story: ({ regions, context: ctx }) => ({
    access: { state: regions.access!, grants: ctx.access.grants, requested: ctx.access.requests.length > 0 },
  }),
  summary: {
    rank: 40,
    lines: ({ story, label, list }) =>
      story.access
        ? [
            [
              label('access'),
              `${story.access.state}${story.access.requested ? '' : ' (never requested)'}; granted by: ${list(story.access.grants)}`,
            ],
          ]
        : [],
  },
  // The guards read only whether anyone has asked for access, and who grants it.
  canon: () => ({
    access: (v) => ({ requests: v.requests.length > 0 ? [ANY_REQUEST] : [], grants: sortedSet(v.grants) }),
  }),
});
