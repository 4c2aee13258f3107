import type { WorldContext } from '../model/context.js';
import { actor, type Check, type Ev, str } from './check-types.js';
import {
  activeFormat,
  hasOpenProposals,
  isPartyOrPartyLegislature,
  nameOf,
  namesOf,
  openConsultation,
  openProposal,
  parties,
} from './queries.js';

/** The format a seat move is about: the one it names, or the active format. */
export const seatFormat = (ctx: WorldContext, ev: Ev) => ctx.formats[str(ev, 'format') || ctx.activeFormat];

/**
 * The format module's checks, each citing its rule: who may propose, replace, consult, appoint, exclude
 * and close, and what a seat, a consent or a demand needs. Its composites (in format.ts) chain them.
 */
export const formatChecks = {
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
      const act =
        ev.type === 'mediator.appoint' ? 'appoint' : ev.type === 'mediator.exclude' ? 'exclude' : 'close';
      const c = openConsultation(ctx, act, act === 'close' ? null : str(ev, 'mediator'));
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
    test: (ctx, ev) =>
      !activeFormat(ctx).mediators.includes(str(ev, 'mediator')) &&
      !activeFormat(ctx).invited.includes(str(ev, 'mediator')),
    why: (ctx, ev) =>
      activeFormat(ctx).invited.includes(str(ev, 'mediator'))
        ? `${nameOf(ctx, str(ev, 'mediator'))} is already appointed and has yet to accept`
        : `${nameOf(ctx, str(ev, 'mediator'))} already mediates`,
  },
  isAppointee: {
    rule: 'R15',
    code: 'role/not-appointed',
    test: (ctx, ev) => seatFormat(ctx, ev)?.invited.includes(ev.by) === true,
    why: (ctx, ev) =>
      `${nameOf(ctx, ev.by)} has no appointment to ${seatFormat(ctx, ev)?.name ?? `"${str(ev, 'format')}"`} to accept or decline`,
  },
  isSeatedMediator: {
    rule: 'R15',
    code: 'role/not-mediator',
    test: (ctx, ev) => {
      const f = seatFormat(ctx, ev);
      return f?.mediators.includes(ev.by) === true && !ctx.closedFormats.includes(f.id);
    },
    why: (ctx, ev) =>
      `${nameOf(ctx, ev.by)} holds no seat as a mediator of ${seatFormat(ctx, ev)?.name ?? `"${str(ev, 'format')}"`}`,
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
  isParty: {
    rule: 'M2',
    code: 'role/not-party',
    test: (ctx, ev) => parties(ctx).includes(ev.by),
    why: (ctx, ev) => `${nameOf(ctx, ev.by)} is not a party to ${activeFormat(ctx).name}`,
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
} satisfies Readonly<Record<string, Check>>;
