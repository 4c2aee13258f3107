import type { Check } from './check-types.js';
import { accessGrants, hasOpenProposals, partiesAccept, settledTexts } from './world-queries.js';

/** The conditions of eventless transitions, by guard name. They name their rule too, for the catalogue. */
export const conditions = {
  hasEnoughViolations: {
    rule: 'R7',
    code: 'ceasefire/collapsed',
    test: (ctx) => ctx.ceasefire.violations >= ctx.ceasefire.collapseAfter,
    why: () => 'the ceasefire has not been broken often enough to collapse',
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
  hasInterimSettlement: {
    rule: 'R5',
    code: 'settlement/interim',
    test: (ctx) => settledTexts(ctx).some((s) => s.status === 'interim'),
    why: () => 'no interim settlement is signed by both parties',
  },
  hasFinalSettlement: {
    rule: 'R5',
    code: 'settlement/final',
    test: (ctx) => settledTexts(ctx).some((s) => s.status === 'final'),
    why: () => 'no final settlement is signed by both parties',
  },
  hasNoDemands: {
    rule: 'R2',
    code: 'format/demands-withdrawn',
    test: (ctx) => !ctx.exclusionDemands.some((d) => d.format === ctx.activeFormat),
    why: () => 'an exclusion demand still stands',
  },
  hasNoOpenProposals: {
    rule: 'R4',
    code: 'format/proposals-closed',
    test: (ctx) => !hasOpenProposals(ctx),
    why: () => 'a rival format is still proposed',
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
} as const satisfies Record<string, Check>;
