import type { WorldContext } from '../model/context.js';
import type { WorldEvent } from '../model/events.js';
import { activeFormat, openConsultation, openProposal, parties } from './world-queries.js';

/**
 * The context updates of the world statechart, as plain functions from (context, event) to a partial
 * context. The machine wraps each in `assign`; the compiled kernel can call them directly.
 */
type Update = (ctx: WorldContext, ev: WorldEvent & Record<string, unknown>) => Partial<WorldContext>;

const s = (ev: Record<string, unknown>, key: string): string => (typeof ev[key] === 'string' ? ev[key] : '');
const add = <T>(list: readonly T[], item: T): T[] => (list.includes(item) ? [...list] : [...list, item]);

function updateProposal(
  ctx: WorldContext,
  format: string,
  change: (p: WorldContext['proposals'][number]) => object,
) {
  const target = openProposal(ctx, format);
  return { proposals: ctx.proposals.map((p) => (p === target ? { ...p, ...change(p) } : p)) };
}

export const updates = {
  tickDay: (ctx) => ({ day: ctx.day + 1 }),
  recordBroker: (ctx, ev) => ({
    ceasefire: { ...ctx.ceasefire, brokers: add(ctx.ceasefire.brokers, ev.by), violations: 0 },
  }),
  recordViolation: (ctx) => ({ ceasefire: { ...ctx.ceasefire, violations: ctx.ceasefire.violations + 1 } }),
  resetViolations: (ctx) => ({ ceasefire: { ...ctx.ceasefire, violations: 0 } }),
  erodeFormatLock: (ctx) => ({ formatLock: ctx.formatLock && { ...ctx.formatLock, standing: false } }),
  recordUrge: (ctx, ev) => ({
    talks: { ...ctx.talks, urgedBy: add(ctx.talks.urgedBy, ev.by), urgedUnder: s(ev, 'format') },
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
        (x) => !(x.by === ev.by && x.text === s(ev, 'text') && x.status === s(ev, 'status')),
      ),
      {
        by: ev.by,
        day: ctx.day,
        text: s(ev, 'text'),
        status: s(ev, 'status') === 'final' ? 'final' : 'interim',
      },
    ],
  }),
  recordProposal: (ctx, ev) => ({
    proposals: [
      ...ctx.proposals,
      {
        format: s(ev, 'format'),
        by: ev.by,
        day: ctx.day,
        endorsements: [ev.by],
        rejections: [],
        withdrawn: false,
      },
    ],
  }),
  recordEndorsement: (ctx, ev) =>
    updateProposal(ctx, s(ev, 'format'), (p) => ({
      endorsements: add(p.endorsements, ev.by),
      rejections: p.rejections.filter((r) => r !== ev.by),
    })),
  recordRejection: (ctx, ev) =>
    updateProposal(ctx, s(ev, 'format'), (p) => ({
      rejections: add(p.rejections, ev.by),
      endorsements: p.endorsements.filter((r) => r !== ev.by),
    })),
  recordWithdrawal: (ctx, ev) => updateProposal(ctx, s(ev, 'format'), () => ({ withdrawn: true })),
  replaceFormat: (ctx, ev) => ({
    activeFormat: s(ev, 'format'),
    proposals: ctx.proposals.map((p) => (p.format === s(ev, 'format') ? { ...p, withdrawn: true } : p)),
    exclusionDemands: [],
  }),
  recordConsultation: (ctx, ev) => ({
    consultations: [
      ...ctx.consultations,
      {
        format: ctx.activeFormat,
        action: s(ev, 'action') as 'appoint',
        mediator: s(ev, 'mediator') || null,
        openedDay: ctx.day,
        objections: [],
        closed: false,
      },
    ],
  }),
  recordObjection: (ctx, ev) => {
    const c = openConsultation(ctx, s(ev, 'action') as 'appoint', s(ev, 'mediator') || null);
    return {
      consultations: ctx.consultations.map((x) =>
        x === c ? { ...x, objections: add(x.objections, ev.by) } : x,
      ),
    };
  },
  appointMediator: (ctx, ev) => {
    const f = activeFormat(ctx);
    const c = openConsultation(ctx, 'appoint', s(ev, 'mediator'));
    return {
      formats: { ...ctx.formats, [f.id]: { ...f, mediators: add(f.mediators, s(ev, 'mediator')) } },
      consultations: ctx.consultations.map((x) => (x === c ? { ...x, closed: true } : x)),
    };
  },
  excludeMediator: (ctx, ev) => {
    const f = activeFormat(ctx);
    const mediator = s(ev, 'mediator');
    const c = openConsultation(ctx, 'exclude', mediator);
    return {
      formats: { ...ctx.formats, [f.id]: { ...f, mediators: f.mediators.filter((m) => m !== mediator) } },
      consultations: ctx.consultations.map((x) => (x === c ? { ...x, closed: true } : x)),
      excluded: [...ctx.excluded, { by: ev.by, day: ctx.day, mediator, format: f.id }],
      // An excluded mediator leaves the table at once (I2).
      talks: { ...ctx.talks, mediators: ctx.talks.mediators.filter((m) => m !== mediator) },
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
    const mediator = s(ev, 'mediator');
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
      (d) => !(d.by === ev.by && d.mediator === s(ev, 'mediator')),
    ),
  }),
  giveConsent: (ctx, ev) => ({
    consents: { ...ctx.consents, [ev.by]: add(ctx.consents[ev.by] ?? [], s(ev, 'mediator')) },
  }),
  withdrawConsent: (ctx, ev) => ({
    consents: {
      ...ctx.consents,
      [ev.by]: (ctx.consents[ev.by] ?? []).filter((m) => m !== s(ev, 'mediator')),
    },
  }),
  recordResolution: (ctx, ev) => ({
    resolutions: [
      ...ctx.resolutions,
      {
        by: ev.by,
        day: ctx.day,
        subject: s(ev, 'subject'),
        entity: s(ev, 'entity') || null,
        mediator: s(ev, 'mediator') || null,
      },
    ],
  }),
  recordRecognition: (ctx, ev) => ({
    recognitions: [...ctx.recognitions, { by: ev.by, day: ctx.day, entity: s(ev, 'entity') }],
  }),
  recordDeclinedRecognition: (ctx, ev) => ({
    declinedRecognitions: [...ctx.declinedRecognitions, { by: ev.by, day: ctx.day, entity: s(ev, 'entity') }],
  }),
  recordStatement: (ctx, ev) => ({
    statements: [
      ...ctx.statements,
      {
        by: ev.by,
        day: ctx.day,
        topic: s(ev, 'topic'),
        supports: s(ev, 'supports') || null,
        jointWith: Array.isArray(ev.jointWith) ? [...(ev.jointWith as string[])] : [],
      },
    ],
  }),
  recordVisit: (ctx, ev) => ({
    visits: [
      ...ctx.visits,
      { by: ev.by, day: ctx.day, to: s(ev, 'to'), announced: ev.type === 'visit.announce' },
    ],
  }),
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
        ready: add(ctx.monitoring.centre.ready, ev.by),
      },
    },
  }),
  resetReadiness: (ctx) => ({
    monitoring: {
      ...ctx.monitoring,
      centre: ctx.monitoring.centre && { ...ctx.monitoring.centre, ready: [] },
    },
  }),
  recordAccessRequest: (ctx, ev) => ({
    access: { ...ctx.access, requests: [...ctx.access.requests, { by: ev.by, day: ctx.day }] },
  }),
  grantAccess: (ctx, ev) => ({ access: { ...ctx.access, grants: add(ctx.access.grants, ev.by) } }),
  restrictAccess: (ctx, ev) => ({
    access: { ...ctx.access, grants: ctx.access.grants.filter((g) => g !== ev.by) },
  }),
} satisfies Record<string, Update>;

/** The name of a context update, which is also the name of its action in the machine. */
export type UpdateName = keyof typeof updates;
