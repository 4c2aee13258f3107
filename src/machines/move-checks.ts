import { actor, type Check, str } from './check-types.js';
import {
  activeFormat,
  isPartyOrPartyLegislature,
  nameOf,
  namesOf,
  openConsultation,
  openProposal,
  parties,
  partiesAccept,
  refusedConsents,
} from './world-queries.js';

/** The checks that judge moves, by guard name. Each names its rule. */
export const moveChecks = {
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
} as const satisfies Record<string, Check>;
