import { type Region, regionState, type WorldContext, type WorldValue } from '../model/context.js';
import type { WorldEvent } from '../model/events.js';
import type { RuleId } from '../model/rules.js';
import {
  accessGrants,
  activeFormat,
  hasOpenProposals,
  isPartyOrPartyLegislature,
  nameOf,
  namesOf,
  openConsultation,
  openProposal,
  parties,
  partiesAccept,
  refusedConsents,
  settledTexts,
} from './world-queries.js';

/** Loosely typed payload access: checks are shared between event types with the same fields. */
type Ev = WorldEvent & Record<string, unknown>;
const str = (ev: Ev, key: string): string => (typeof ev[key] === 'string' ? (ev[key] as string) : '');

interface CheckBase {
  /** The rule this check enforces; a refusal cites it. */
  readonly rule: RuleId;
  /** A namespaced refusal code (`consent/mediator-not-accepted`). */
  readonly code: string;
  /** Why the check fails, in a sentence a student can read. */
  readonly why: (ctx: WorldContext, ev: Ev) => string;
}

/** A check on the context and the event. */
export interface ContextCheck extends CheckBase {
  readonly test: (ctx: WorldContext, ev: Ev) => boolean;
}

/** A check that another region is in one of the given states (an XState `stateIn` guard). */
export interface StateCheck extends CheckBase {
  readonly region: Region;
  /** The state of `region` that must be active, as a dotted path (`ceasefire`). */
  readonly state: string;
}

export type Check = ContextCheck | StateCheck;

/** Whether a check is a state check. */
export function isStateCheck(check: Check): check is StateCheck {
  return 'region' in check;
}

/** Evaluate one check against plain world data. */
export function passes(check: Check, value: WorldValue, ctx: WorldContext, ev: WorldEvent): boolean {
  if (isStateCheck(check)) {
    const current = regionState(value, check.region);
    return current === check.state || current.startsWith(`${check.state}.`);
  }
  return check.test(ctx, ev as Ev);
}

const actor = (ctx: WorldContext, ev: Ev) => ctx.actors[ev.by];

/**
 * Every check the world statechart's guards are made of, by guard name. Each names its rule.
 * Guards of eventless transitions are conditions rather than refusals, but name their rule too.
 */
export const checks = {
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
  isParty: {
    rule: 'M2',
    code: 'role/not-party',
    test: (ctx, ev) => parties(ctx).includes(ev.by),
    why: (ctx, ev) => `${nameOf(ctx, ev.by)} is not a party to ${activeFormat(ctx).name}`,
  },
  isSettlementParty: {
    rule: 'R5',
    code: 'settlement/not-party',
    test: (ctx, ev) => parties(ctx).includes(ev.by),
    why: (ctx, ev) => `only the parties sign a settlement, and ${nameOf(ctx, ev.by)} is not one`,
  },
  isStateActor: {
    rule: 'M2',
    code: 'role/not-state',
    test: (ctx, ev) => actor(ctx, ev)?.kind === 'state',
    why: (ctx, ev) => `${nameOf(ctx, ev.by)} is not a state's executive`,
  },
  isProposableFormat: {
    rule: 'M1',
    code: 'format/not-proposable',
    test: (ctx, ev) =>
      Object.hasOwn(ctx.formats, str(ev, 'format')) &&
      str(ev, 'format') !== ctx.activeFormat &&
      openProposal(ctx, str(ev, 'format')) === undefined,
    why: (ctx, ev) =>
      str(ev, 'format') === ctx.activeFormat
        ? `${nameOf(ctx, str(ev, 'format'))} is already the active format`
        : `${nameOf(ctx, str(ev, 'format'))} is unknown or already proposed`,
  },
  isOpenProposal: {
    rule: 'M1',
    code: 'format/no-open-proposal',
    test: (ctx, ev) => openProposal(ctx, str(ev, 'format')) !== undefined,
    why: (ctx, ev) => `no open proposal for ${nameOf(ctx, str(ev, 'format'))}`,
  },
  isProposer: {
    rule: 'M2',
    code: 'role/not-proposer',
    test: (ctx, ev) => openProposal(ctx, str(ev, 'format'))?.by === ev.by,
    why: (ctx, ev) => `${nameOf(ctx, ev.by)} did not propose ${nameOf(ctx, str(ev, 'format'))}`,
  },
  isPartyOrMediator: {
    rule: 'M2',
    code: 'role/not-at-table',
    test: (ctx, ev) => parties(ctx).includes(ev.by) || activeFormat(ctx).mediators.includes(ev.by),
    why: (ctx, ev) => `${nameOf(ctx, ev.by)} is neither a party nor a mediator of ${activeFormat(ctx).name}`,
  },
  isFormatLockReleased: {
    rule: 'R13',
    code: 'format/locked',
    test: (ctx, ev) => {
      const lock = ctx.formatLock;
      if (lock === null || !lock.standing) return true;
      const endorsements = openProposal(ctx, str(ev, 'format'))?.endorsements ?? [];
      return lock.signatories.every((s) => endorsements.includes(s));
    },
    why: (ctx) =>
      `${namesOf(ctx, ctx.formatLock?.signatories ?? [])} bound themselves to the invariability of the format`,
  },
  isProposalEndorsedByParties: {
    rule: 'R4',
    code: 'consent/proposal-not-endorsed',
    test: (ctx, ev) => {
      const endorsements = openProposal(ctx, str(ev, 'format'))?.endorsements ?? [];
      return parties(ctx).every((p) => endorsements.includes(p));
    },
    why: (ctx, ev) => `not every party has endorsed ${nameOf(ctx, str(ev, 'format'))}`,
  },
  isAppointingAuthority: {
    rule: 'R2',
    code: 'role/not-appointing-authority',
    test: (ctx, ev) => activeFormat(ctx).appointedBy === ev.by,
    why: (ctx, ev) =>
      `${nameOf(ctx, ev.by)} cannot change ${activeFormat(ctx).name}'s mediators; ${nameOf(ctx, activeFormat(ctx).appointedBy)} appoints them`,
  },
  hasConsulted: {
    rule: 'R2',
    code: 'format/not-consulted',
    test: (ctx, ev) => {
      const action =
        ev.type === 'mediator.appoint' ? 'appoint' : ev.type === 'mediator.exclude' ? 'exclude' : 'close';
      const c = openConsultation(ctx, action, action === 'close' ? null : str(ev, 'mediator'));
      return c !== undefined && c.openedDay < ctx.day;
    },
    why: () => 'the participating states must be consulted first, for at least a day',
  },
  hasConsensus: {
    rule: 'R1',
    code: 'format/no-consensus',
    test: (ctx) => (openConsultation(ctx, 'close', null)?.objections.length ?? 0) === 0,
    why: (ctx) =>
      `${namesOf(ctx, openConsultation(ctx, 'close', null)?.objections ?? [])} objected, so there is no consensus`,
  },
  isAuspicesInstitution: {
    rule: 'R3',
    code: 'role/not-auspices',
    test: (ctx, ev) => activeFormat(ctx).auspices === ev.by,
    why: (ctx, ev) => `${nameOf(ctx, ev.by)} is not the institution under whose auspices the format works`,
  },
  isConsultationOpen: {
    rule: 'M1',
    code: 'format/no-consultation',
    test: (ctx, ev) =>
      openConsultation(ctx, str(ev, 'action') as 'appoint', str(ev, 'mediator') || null) !== undefined,
    why: () => 'no consultation on that change is open',
  },
  isConsultationNew: {
    rule: 'M1',
    code: 'format/consultation-open',
    test: (ctx, ev) =>
      openConsultation(ctx, str(ev, 'action') as 'appoint', str(ev, 'mediator') || null) === undefined &&
      (str(ev, 'action') === 'close') === (str(ev, 'mediator') === ''),
    why: () => 'that consultation is already open, or the action and mediator do not fit together',
  },
  isNotMediator: {
    rule: 'M1',
    code: 'format/already-mediator',
    test: (ctx, ev) => !activeFormat(ctx).mediators.includes(str(ev, 'mediator')),
    why: (ctx, ev) => `${nameOf(ctx, str(ev, 'mediator'))} already mediates`,
  },
  isMediatorNamed: {
    rule: 'M1',
    code: 'format/not-a-mediator',
    test: (ctx, ev) => activeFormat(ctx).mediators.includes(str(ev, 'mediator')),
    why: (ctx, ev) => `${nameOf(ctx, str(ev, 'mediator'))} is not a mediator of ${activeFormat(ctx).name}`,
  },
  isPartyOrItsLegislature: {
    rule: 'M2',
    code: 'role/not-party',
    test: (ctx, ev) => isPartyOrPartyLegislature(ctx, ev.by),
    why: (ctx, ev) => `${nameOf(ctx, ev.by)} speaks for no party`,
  },
  hasDemanded: {
    rule: 'M1',
    code: 'format/no-demand',
    test: (ctx, ev) => ctx.exclusionDemands.some((d) => d.by === ev.by && d.mediator === str(ev, 'mediator')),
    why: (ctx, ev) =>
      `${nameOf(ctx, ev.by)} has no standing demand to exclude ${nameOf(ctx, str(ev, 'mediator'))}`,
  },
  isKnownActorNamed: {
    rule: 'M1',
    code: 'actor/unknown',
    test: (ctx, ev) => Object.hasOwn(ctx.actors, str(ev, 'mediator')) && str(ev, 'mediator') !== ev.by,
    why: (_ctx, ev) => `"${str(ev, 'mediator')}" is not another actor of the scenario`,
  },
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
    test: (ctx, ev) =>
      ctx.actors[str(ev, 'entity')]?.kind === 'de-facto-authority' &&
      !ctx.recognitions.some((r) => r.by === ev.by && r.entity === str(ev, 'entity')),
    why: (ctx, ev) =>
      `${nameOf(ctx, str(ev, 'entity'))} is not a de facto authority awaiting ${nameOf(ctx, ev.by)}'s recognition`,
  },
  hasNotRecognised: {
    rule: 'M1',
    code: 'recognition/already-granted',
    test: (ctx, ev) => !ctx.recognitions.some((r) => r.by === ev.by && r.entity === str(ev, 'entity')),
    why: (ctx, ev) => `${nameOf(ctx, ev.by)} already recognises ${nameOf(ctx, str(ev, 'entity'))}`,
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
  isInstitution: {
    rule: 'M2',
    code: 'role/not-institution',
    test: (ctx, ev) => actor(ctx, ev)?.kind === 'institution',
    why: (ctx, ev) => `${nameOf(ctx, ev.by)} is not a humanitarian or international institution`,
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
    why: () => 'no humanitarian agency has asked for access',
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
  isNotSelf: {
    rule: 'M1',
    code: 'actor/self',
    test: (ctx, ev) => str(ev, 'to') !== ev.by && Object.hasOwn(ctx.actors, str(ev, 'to')),
    why: (ctx, ev) => `${nameOf(ctx, ev.by)} cannot visit "${str(ev, 'to')}"`,
  },
  // Conditions of eventless transitions.
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

/** The name of a check, which is also the name of its guard in the machine. */
export type CheckName = keyof typeof checks;

/** Look up a check by name. */
export function checkNamed(name: string): Check | undefined {
  return Object.hasOwn(checks, name) ? (checks as Record<string, Check>)[name] : undefined;
}
