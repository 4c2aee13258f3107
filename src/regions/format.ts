import { z } from 'zod';
import type { WorldContext } from '../model/context.js';
import { candidatePools, each } from './candidates.js';
import { str } from './check-types.js';
import { formatChecks, seatFormat } from './format-checks.js';
import { formatSlice } from './format-context.js';
import { formatCanon, formatInvariants, formatStoryOf, formatSummary } from './format-outcome.js';
import { activeFormat, openConsultation, openProposal, parties, withItem } from './queries.js';
import type { Update } from './region-module.js';
import { defineRegion } from './region-module.js';

const ref = z.string().min(1);
const action = z.enum(['appoint', 'exclude', 'close']);

function updateProposal(
  ctx: WorldContext,
  format: string,
  change: (p: WorldContext['proposals'][number]) => object,
) {
  const target = openProposal(ctx, format);
  return { proposals: ctx.proposals.map((p) => (p === target ? { ...p, ...change(p) } : p)) };
}

const consultations = (ctx: WorldContext, by: string) => {
  const { states, mediators } = candidatePools(ctx, by);
  return [
    ...states.filter((s) => !mediators.includes(s)).map((mediator) => ({ action: 'appoint', mediator })),
    ...mediators.map((mediator) => ({ action: 'exclude', mediator })),
    { action: 'close' },
  ];
};
const formats = (ctx: WorldContext, by: string) => each('format', candidatePools(ctx, by).formats);
const states = (ctx: WorldContext, by: string) => each('mediator', candidatePools(ctx, by).states);
const mediators = (ctx: WorldContext, by: string) => each('mediator', candidatePools(ctx, by).mediators);
const invitedTo = (ctx: WorldContext, by: string) =>
  Object.values(ctx.formats)
    .filter((f) => f.invited.includes(by))
    .map((f) => ({ format: f.id }));
const mediatesIn = (ctx: WorldContext, by: string) =>
  Object.values(ctx.formats)
    .filter((f) => f.mediators.includes(by) && !ctx.closedFormats.includes(f.id))
    .map((f) => ({ format: f.id }));

/** Talks without a mediator who has left its seat: it no longer sits or calls a round. */
function withoutMediator(talks: WorldContext['talks'], mediator: string): WorldContext['talks'] {
  return {
    ...talks,
    mediators: talks.mediators.filter((m) => m !== mediator),
    calls: talks.calls.filter((m) => m !== mediator),
  };
}

/**
 * The mediation format: its mandate (incumbent, contested by a rival proposal, replaced, closed) and its
 * composition (intact, an exclusion demanded, a mediator excluded), with consent, consultation,
 * appointment and exclusion by whoever holds the auspices.
 */
export const formatRegion = defineRegion({
  id: 'format',
  label: 'Format',
  description:
    'Who mediates and under whose auspices: rival formats proposed, endorsed and replaced; mediators appointed, contested and excluded after consultation; consent given and withdrawn.',
  context: formatSlice,
  tracks: [
    {
      alias: 'mandate',
      path: 'format.mandate',
      label: 'Mandate',
      states: ['incumbent', 'contested', 'replaced', 'closed'],
      initial: 'incumbent',
    },
    {
      alias: 'composition',
      path: 'format.composition',
      label: 'Composition',
      states: ['intact', 'exclusionDemanded', 'mediatorExcluded'],
      initial: 'intact',
    },
  ],
  nodes: {
    format: {
      type: 'parallel',
      states: {
        mandate: {
          initial: 'incumbent',
          on: { 'format.close': { target: '.closed', guard: 'canClose', actions: 'closeFormat' } },
          states: {
            incumbent: {
              on: {
                'format.propose': { target: 'contested', guard: 'canPropose', actions: 'recordProposal' },
              },
            },
            contested: {
              always: { target: 'incumbent', guard: 'hasNoOpenProposals' },
              on: {
                'format.propose': { guard: 'canPropose', actions: 'recordProposal' },
                'format.endorse': { guard: 'isOpenProposal', actions: 'recordEndorsement' },
                'format.reject': { guard: 'isOpenProposal', actions: 'recordRejection' },
                'format.withdraw': { guard: 'canWithdrawProposal', actions: 'recordWithdrawal' },
                'format.replace': { target: 'replaced', guard: 'canReplace', actions: 'replaceFormat' },
              },
            },
            replaced: {
              on: {
                'format.propose': { target: 'contested', guard: 'canPropose', actions: 'recordProposal' },
              },
            },
            closed: { type: 'final' },
          },
        },
        composition: {
          initial: 'intact',
          on: {
            'format.consult': { guard: 'canConsult', actions: 'recordConsultation' },
            'format.object': { guard: 'canObject', actions: 'recordObjection' },
            'mediator.appoint': { guard: 'canAppoint', actions: 'appointMediator' },
            'mediator.exclude': {
              target: '.mediatorExcluded',
              guard: 'canExclude',
              actions: 'excludeMediator',
            },
            'mediator.withdrawDemand': { guard: 'hasDemanded', actions: 'withdrawDemand' },
            'mediator.accept': { guard: 'canAcceptSeat', actions: 'acceptSeat' },
            'mediator.decline': { guard: 'canAcceptSeat', actions: 'declineSeat' },
            'mediator.resign': { guard: 'canResign', actions: 'resignSeat' },
          },
          states: {
            intact: {
              on: {
                'mediator.demandExclusion': {
                  target: 'exclusionDemanded',
                  guard: 'canDemandExclusion',
                  actions: 'recordDemand',
                },
              },
            },
            exclusionDemanded: {
              always: { target: 'intact', guard: 'hasNoDemands' },
              on: { 'mediator.demandExclusion': { guard: 'canDemandExclusion', actions: 'recordDemand' } },
            },
            mediatorExcluded: {
              on: { 'mediator.demandExclusion': { guard: 'canDemandExclusion', actions: 'recordDemand' } },
            },
          },
        },
      },
    },
  },
  on: {
    'consent.give': { guard: 'canChangeConsent', actions: 'giveConsent' },
    'consent.withdraw': { guard: 'canChangeConsent', actions: 'withdrawConsent' },
  },
  events: {
    'format.propose': {
      payload: { format: ref.describe('the rival format proposed') },
      describe: (e, n) => `proposes a new format: ${n(e.format as string)}`,
      candidates: formats,
    },
    'format.endorse': {
      payload: { format: ref },
      describe: (e, n) => `endorses ${n(e.format as string)}`,
      candidates: formats,
    },
    'format.reject': {
      payload: { format: ref },
      describe: (e, n) => `rejects ${n(e.format as string)}`,
      candidates: formats,
    },
    'format.withdraw': {
      payload: { format: ref },
      describe: (e, n) => `withdraws its proposal of ${n(e.format as string)}`,
      candidates: formats,
    },
    'format.replace': {
      payload: { format: ref.describe('the proposed format that replaces the active one') },
      describe: (e, n) => `replaces the format with ${n(e.format as string)}`,
      candidates: formats,
    },
    'format.consult': {
      payload: { action, mediator: ref.optional().describe('the mediator to appoint or exclude') },
      describe: (e, n) =>
        e.action === 'close'
          ? 'opens a consultation on closing the format'
          : `opens a consultation on ${e.action === 'appoint' ? 'appointing' : 'excluding'} ${n(e.mediator as string)}`,
      candidates: consultations,
    },
    'format.object': {
      payload: { action, mediator: ref.optional() },
      describe: (e, n) =>
        e.action === 'close'
          ? 'objects to closing the format'
          : `objects to ${e.action === 'appoint' ? 'appointing' : 'excluding'} ${n(e.mediator as string)}`,
      candidates: consultations,
    },
    'format.close': { payload: {}, describe: () => 'closes the format' },
    'mediator.appoint': {
      payload: { mediator: ref },
      describe: (e, n) => `appoints ${n(e.mediator as string)} as a mediator`,
      candidates: states,
    },
    'mediator.exclude': {
      payload: { mediator: ref },
      describe: (e, n) => `removes ${n(e.mediator as string)} from the mediators`,
      candidates: mediators,
    },
    'mediator.demandExclusion': {
      payload: { mediator: ref },
      describe: (e, n) => `demands that ${n(e.mediator as string)} be excluded as a mediator`,
      candidates: mediators,
    },
    'mediator.withdrawDemand': {
      payload: { mediator: ref },
      describe: (e, n) => `withdraws its demand to exclude ${n(e.mediator as string)}`,
      candidates: mediators,
    },
    'mediator.accept': {
      payload: {
        format: ref.optional().describe('the format whose seat it accepts (default: the active one)'),
      },
      describe: (e, n) => `accepts a seat as a mediator${e.format ? ` of ${n(e.format as string)}` : ''}`,
      candidates: invitedTo,
    },
    'mediator.decline': {
      payload: {
        format: ref.optional().describe('the format whose seat it declines (default: the active one)'),
      },
      describe: (e, n) => `declines a seat as a mediator${e.format ? ` of ${n(e.format as string)}` : ''}`,
      candidates: invitedTo,
    },
    'mediator.resign': {
      payload: { format: ref.optional().describe('the format it leaves (default: the active one)') },
      describe: (e, n) => `resigns its seat as a mediator${e.format ? ` of ${n(e.format as string)}` : ''}`,
      candidates: mediatesIn,
    },
    'consent.give': {
      payload: { mediator: ref },
      describe: (e, n) => `accepts ${n(e.mediator as string)} as a mediator`,
      candidates: states,
    },
    'consent.withdraw': {
      payload: { mediator: ref },
      describe: (e, n) => `withdraws its consent to ${n(e.mediator as string)} as a mediator`,
      candidates: states,
    },
  },
  checks: formatChecks,
  composites: {
    canPropose: ['isStateActor', 'isProposableFormat'],
    canWithdrawProposal: ['isOpenProposal', 'isProposer'],
    canReplace: [
      'isPartyOrMediator',
      'isOpenProposal',
      'isFormatLockReleased',
      'isProposalEndorsedByParties',
    ],
    canConsult: ['isAppointingAuthority', 'isConsultationNew'],
    canObject: ['isStateActor', 'isConsultationOpen'],
    canAppoint: ['isAppointingAuthority', 'isKnownActorNamed', 'isNotMediator', 'hasConsulted'],
    canExclude: ['isAppointingAuthority', 'isMediatorNamed', 'hasConsulted'],
    canClose: ['isAuspicesInstitution', 'hasConsulted', 'hasConsensus'],
    canDemandExclusion: ['isPartyOrItsLegislature', 'isMediatorNamed'],
    canChangeConsent: ['isParty', 'isKnownActorNamed'],
    canAcceptSeat: ['isAppointee'],
    canResign: ['isSeatedMediator'],
  },
  updates: {
    recordProposal: (ctx, ev) => ({
      proposals: [
        ...ctx.proposals,
        {
          format: str(ev, 'format'),
          by: ev.by,
          day: ctx.day,
          endorsements: [ev.by],
          rejections: [],
          withdrawn: false,
        },
      ],
    }),
    recordEndorsement: (ctx, ev) =>
      updateProposal(ctx, str(ev, 'format'), (p) => ({
        endorsements: withItem(p.endorsements, ev.by),
        rejections: p.rejections.filter((r) => r !== ev.by),
      })),
    recordRejection: (ctx, ev) =>
      updateProposal(ctx, str(ev, 'format'), (p) => ({
        rejections: withItem(p.rejections, ev.by),
        endorsements: p.endorsements.filter((r) => r !== ev.by),
      })),
    recordWithdrawal: (ctx, ev) => updateProposal(ctx, str(ev, 'format'), () => ({ withdrawn: true })),
    replaceFormat: (ctx, ev) => ({
      activeFormat: str(ev, 'format'),
      proposals: ctx.proposals.map((p) => (p.format === str(ev, 'format') ? { ...p, withdrawn: true } : p)),
      exclusionDemands: [],
    }),
    recordConsultation: (ctx, ev) => ({
      consultations: [
        ...ctx.consultations,
        {
          format: ctx.activeFormat,
          action: str(ev, 'action') as 'appoint',
          mediator: str(ev, 'mediator') || null,
          openedDay: ctx.day,
          objections: [],
          closed: false,
        },
      ],
    }),
    recordObjection: (ctx, ev) => {
      const c = openConsultation(ctx, str(ev, 'action') as 'appoint', str(ev, 'mediator') || null);
      return {
        consultations: ctx.consultations.map((x) =>
          x === c ? { ...x, objections: withItem(x.objections, ev.by) } : x,
        ),
      };
    },
    // The appointee takes its seat only when it accepts (R15).
    appointMediator: (ctx, ev) => {
      const f = activeFormat(ctx);
      const c = openConsultation(ctx, 'appoint', str(ev, 'mediator'));
      return {
        formats: { ...ctx.formats, [f.id]: { ...f, invited: withItem(f.invited, str(ev, 'mediator')) } },
        consultations: ctx.consultations.map((x) => (x === c ? { ...x, closed: true } : x)),
      };
    },
    acceptSeat: (ctx, ev) => {
      const f = seatFormat(ctx, ev)!;
      const invited = f.invited.filter((m) => m !== ev.by);
      return {
        formats: { ...ctx.formats, [f.id]: { ...f, invited, mediators: withItem(f.mediators, ev.by) } },
      };
    },
    declineSeat: (ctx, ev) => {
      const f = seatFormat(ctx, ev)!;
      return { formats: { ...ctx.formats, [f.id]: { ...f, invited: f.invited.filter((m) => m !== ev.by) } } };
    },
    // A mediator who resigns leaves the table at once, like an excluded one, but no exclusion is recorded.
    resignSeat: (ctx, ev) => {
      const f = seatFormat(ctx, ev)!;
      const side = ctx.sideTalks[f.id];
      return {
        formats: { ...ctx.formats, [f.id]: { ...f, mediators: f.mediators.filter((m) => m !== ev.by) } },
        talks: f.id === ctx.activeFormat ? withoutMediator(ctx.talks, ev.by) : { ...ctx.talks },
        sideTalks: side ? { ...ctx.sideTalks, [f.id]: withoutMediator(side, ev.by) } : { ...ctx.sideTalks },
      };
    },
    excludeMediator: (ctx, ev) => {
      const f = activeFormat(ctx);
      const mediator = str(ev, 'mediator');
      const c = openConsultation(ctx, 'exclude', mediator);
      return {
        formats: { ...ctx.formats, [f.id]: { ...f, mediators: f.mediators.filter((m) => m !== mediator) } },
        consultations: ctx.consultations.map((x) => (x === c ? { ...x, closed: true } : x)),
        excluded: [...ctx.excluded, { by: ev.by, day: ctx.day, mediator, format: f.id }],
        // An excluded mediator leaves the table at once (I2).
        talks: withoutMediator(ctx.talks, mediator),
        exclusionDemands: ctx.exclusionDemands.filter((d) => d.mediator !== mediator),
      };
    },
    closeFormat: (ctx) => {
      const c = openConsultation(ctx, 'close', null);
      return {
        consultations: ctx.consultations.map((x) => (x === c ? { ...x, closed: true } : x)),
        closedFormats: [...ctx.closedFormats, ctx.activeFormat],
      };
    },
    recordDemand: (ctx, ev) => {
      const mediator = str(ev, 'mediator');
      const demand = { by: ev.by, day: ctx.day, mediator, format: ctx.activeFormat };
      const exists = ctx.exclusionDemands.some((d) => d.by === ev.by && d.mediator === mediator);
      // A state's own demand withdraws its consent (R4); a legislature's demand is advisory (R6).
      const own = parties(ctx).includes(ev.by);
      return {
        exclusionDemands: exists ? [...ctx.exclusionDemands] : [...ctx.exclusionDemands, demand],
        consents: own
          ? { ...ctx.consents, [ev.by]: (ctx.consents[ev.by] ?? []).filter((m) => m !== mediator) }
          : { ...ctx.consents },
      };
    },
    withdrawDemand: (ctx, ev) => ({
      exclusionDemands: ctx.exclusionDemands.filter(
        (d) => !(d.by === ev.by && d.mediator === str(ev, 'mediator')),
      ),
    }),
    giveConsent: (ctx, ev) => ({
      consents: { ...ctx.consents, [ev.by]: withItem(ctx.consents[ev.by] ?? [], str(ev, 'mediator')) },
    }),
    withdrawConsent: (ctx, ev) => ({
      consents: {
        ...ctx.consents,
        [ev.by]: (ctx.consents[ev.by] ?? []).filter((m) => m !== str(ev, 'mediator')),
      },
    }),
  } satisfies Record<string, Update>,
  story: formatStoryOf,
  summary: formatSummary,
  invariants: formatInvariants,
  canon: formatCanon,
  keyedByActor: ['consents'],
});
