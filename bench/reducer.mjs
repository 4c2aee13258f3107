// A hand-written reducer of the world statechart's rules, for the benchmark only: a switch on the
// event type and the region states, the same guards (the machine's checks) and the same context
// updates, and the eventless rules re-applied until the world settles, as XState's macrostep does.
// `bench/run.mjs` checks it equal to the kernel after every event of the stream before timing it.
import { defaultWorld } from '../dist/machines/compose-world.js';

const world = defaultWorld();
const checksOf = (name) => world.checksOf(name);
const updates = Object.assign({}, ...world.modules.map((m) => m.updates), {
  tickDay: (ctx) => ({ day: ctx.day + 1 }),
});

const guardCache = new Map();
/** A guard as one function of (regions, context, event), from the machine's own checks. */
function guard(name) {
  let fn = guardCache.get(name);
  if (fn) return fn;
  const parts = checksOf(name).map(([, check]) =>
    'region' in check
      ? (r) => {
          const now = r[check.region];
          return now === check.state || now.startsWith(`${check.state}.`);
        }
      : (_r, ctx, ev) => check.test(ctx, ev),
  );
  fn = (r, ctx, ev) => {
    for (const p of parts) if (!p(r, ctx, ev)) return false;
    return true;
  };
  guardCache.set(name, fn);
  return fn;
}
const g = new Proxy({}, { get: (_t, name) => guard(name) });
const u = updates;

/** The reducer's state: each region's state as a dotted string, and the context. */
export function fromValue(value, context) {
  const flat = (v) =>
    typeof v === 'string'
      ? v
      : Object.entries(v).map(([k, s]) => (typeof s === 'string' ? `${k}.${s}` : k))[0];
  return {
    hostilities: flat(value.hostilities),
    talks: flat(value.talks),
    'format.mandate': value.format.mandate,
    'format.composition': value.format.composition,
    status: value.status,
    monitoring: value.monitoring,
    access: value.access,
    context,
  };
}

/** The state value the statechart would show. */
export function toValue(r) {
  const [h, sub] = r.hostilities.split('.');
  return {
    hostilities: sub ? { [h]: sub } : h,
    talks: r.talks,
    format: { mandate: r['format.mandate'], composition: r['format.composition'] },
    status: r.status,
    monitoring: r.monitoring,
    access: r.access,
  };
}

const with_ = (r, region, state, ctx) => ({ ...r, [region]: state, context: ctx });
const apply = (ctx, update, ev) => ({ ...ctx, ...update(ctx, ev) });

/** One event, then the eventless rules until stable. Refused events return the same state object. */
export function reduce(r, ev) {
  const next = react(r, ev);
  return next === r ? settle(r, ev) : settle(next, ev);
}

function react(r, ev) {
  const ctx = r.context;
  const h = r.hostilities;
  const t = r.talks;
  const m = r['format.mandate'];
  const c = r['format.composition'];
  switch (ev.type) {
    case 'clock.dayElapsed':
      return { ...r, context: apply(ctx, u.tickDay, ev) };
    case 'consent.give':
      return g.canChangeConsent(r, ctx, ev) ? { ...r, context: apply(ctx, u.giveConsent, ev) } : r;
    case 'consent.withdraw':
      return g.canChangeConsent(r, ctx, ev) ? { ...r, context: apply(ctx, u.withdrawConsent, ev) } : r;
    case 'legislature.resolve':
      return g.isLegislature(r, ctx, ev) ? { ...r, context: apply(ctx, u.recordResolution, ev) } : r;
    case 'recognition.grant':
      return g.canRecognise(r, ctx, ev) ? { ...r, context: apply(ctx, u.recordRecognition, ev) } : r;
    case 'recognition.decline':
      return g.canDeclineRecognition(r, ctx, ev)
        ? { ...r, context: apply(ctx, u.recordDeclinedRecognition, ev) }
        : r;
    case 'statement.issue':
      return { ...r, context: apply(ctx, u.recordStatement, ev) };
    case 'visit.announce':
    case 'visit.make':
      return g.isNotSelf(r, ctx, ev) ? { ...r, context: apply(ctx, u.recordVisit, ev) } : r;
    case 'ceasefire.broker':
      return h === 'war' && g.isBrokerAcceptedByParties(r, ctx, ev)
        ? with_(r, 'hostilities', 'ceasefire.holding', apply(ctx, u.recordBroker, ev))
        : r;
    case 'ceasefire.violate':
      return h !== 'war' && g.isArmedActor(r, ctx, ev)
        ? with_(r, 'hostilities', 'ceasefire.strained', apply(ctx, u.recordViolation, ev))
        : r;
    case 'hostilities.resume':
      return h !== 'war' && g.isArmedActor(r, ctx, ev)
        ? with_(r, 'hostilities', 'war', apply(ctx, u.erodeFormatLock, ev))
        : r;
    case 'ceasefire.restore':
      return h === 'ceasefire.strained' && g.isPeacekeeperOrBroker(r, ctx, ev)
        ? with_(r, 'hostilities', 'ceasefire.holding', apply(ctx, u.resetViolations, ev))
        : r;
    case 'talks.urge':
      if (t === 'convened' || t === 'settled' || !g.canUrge(r, ctx, ev)) return r;
      return with_(r, 'talks', 'urged', apply(ctx, u.recordUrge, ev));
    case 'talks.convene':
      if (t === 'convened' || t === 'settled') return r;
      if (g.canConvene(r, ctx, ev)) return with_(r, 'talks', 'convened', apply(ctx, u.recordConvene, ev));
      return g.canCallTalks(r, ctx, ev) ? { ...r, context: apply(ctx, u.recordCall, ev) } : r;
    case 'talks.boycott':
      return t === 'convened' && g.canBoycott(r, ctx, ev) ? with_(r, 'talks', 'stalled', ctx) : r;
    case 'talks.adjourn':
      return t === 'convened' && g.canAdjourn(r, ctx, ev) ? with_(r, 'talks', 'adjourned', ctx) : r;
    case 'settlement.sign':
      return t === 'convened' && g.canSign(r, ctx, ev)
        ? { ...r, context: apply(ctx, u.recordSignature, ev) }
        : r;
    case 'format.close':
      return g.canClose(r, ctx, ev) ? with_(r, 'format.mandate', 'closed', apply(ctx, u.closeFormat, ev)) : r;
    case 'format.propose':
      if (m === 'closed' || !g.canPropose(r, ctx, ev)) return r;
      return with_(r, 'format.mandate', 'contested', apply(ctx, u.recordProposal, ev));
    case 'format.endorse':
      return m === 'contested' && g.isOpenProposal(r, ctx, ev)
        ? { ...r, context: apply(ctx, u.recordEndorsement, ev) }
        : r;
    case 'format.reject':
      return m === 'contested' && g.isOpenProposal(r, ctx, ev)
        ? { ...r, context: apply(ctx, u.recordRejection, ev) }
        : r;
    case 'format.withdraw':
      return m === 'contested' && g.canWithdrawProposal(r, ctx, ev)
        ? { ...r, context: apply(ctx, u.recordWithdrawal, ev) }
        : r;
    case 'format.replace':
      return m === 'contested' && g.canReplace(r, ctx, ev)
        ? with_(r, 'format.mandate', 'replaced', apply(ctx, u.replaceFormat, ev))
        : r;
    case 'format.consult':
      return g.canConsult(r, ctx, ev) ? { ...r, context: apply(ctx, u.recordConsultation, ev) } : r;
    case 'format.object':
      return g.canObject(r, ctx, ev) ? { ...r, context: apply(ctx, u.recordObjection, ev) } : r;
    case 'mediator.appoint':
      return g.canAppoint(r, ctx, ev) ? { ...r, context: apply(ctx, u.appointMediator, ev) } : r;
    case 'mediator.exclude':
      return g.canExclude(r, ctx, ev)
        ? with_(r, 'format.composition', 'mediatorExcluded', apply(ctx, u.excludeMediator, ev))
        : r;
    case 'mediator.accept':
      return g.canAcceptSeat(r, ctx, ev) ? { ...r, context: apply(ctx, u.acceptSeat, ev) } : r;
    case 'mediator.decline':
      return g.canAcceptSeat(r, ctx, ev) ? { ...r, context: apply(ctx, u.declineSeat, ev) } : r;
    case 'mediator.resign':
      return g.canResign(r, ctx, ev) ? { ...r, context: apply(ctx, u.resignSeat, ev) } : r;
    case 'mediator.withdrawDemand':
      return g.hasDemanded(r, ctx, ev) ? { ...r, context: apply(ctx, u.withdrawDemand, ev) } : r;
    case 'mediator.demandExclusion':
      if (!g.canDemandExclusion(r, ctx, ev)) return r;
      return with_(
        r,
        'format.composition',
        c === 'intact' ? 'exclusionDemanded' : c,
        apply(ctx, u.recordDemand, ev),
      );
    case 'monitoring.consent':
      return g.canConsentToCentre(r, ctx, ev) ? { ...r, context: apply(ctx, u.recordHostConsent, ev) } : r;
    case 'monitoring.openCentre':
      return r.monitoring === 'peacekeepers' && g.canOpenCentre(r, ctx, ev)
        ? { ...r, context: apply(ctx, u.recordReadiness, ev) }
        : r;
    case 'monitoring.closeCentre':
      return r.monitoring === 'peacekeepersAndJointCentre' && g.isCentreOperatorOrHost(r, ctx, ev)
        ? with_(r, 'monitoring', 'peacekeepers', apply(ctx, u.resetReadiness, ev))
        : r;
    case 'access.request':
      return g.isInstitution(r, ctx, ev) ? { ...r, context: apply(ctx, u.recordAccessRequest, ev) } : r;
    case 'access.grant':
      return g.canGrantAccess(r, ctx, ev) ? { ...r, context: apply(ctx, u.grantAccess, ev) } : r;
    case 'access.restrict':
      return g.hasGranted(r, ctx, ev) ? { ...r, context: apply(ctx, u.restrictAccess, ev) } : r;
    default:
      return r;
  }
}

/** The eventless rules: every enabled one on the same snapshot, applied together, until none is enabled. */
function settle(r, ev) {
  for (;;) {
    const ctx = r.context;
    const fired = [];
    if (r.hostilities === 'ceasefire.strained' && g.hasEnoughViolations(r, ctx, ev))
      fired.push(['hostilities', 'war', u.erodeFormatLock]);
    if (r.talks === 'convened') {
      if (g.hasSettlement(r, ctx, ev)) fired.push(['talks', 'settled']);
      else if (g.hasLostConsent(r, ctx, ev) || g.isTalksFormatClosed(r, ctx, ev))
        fired.push(['talks', 'stalled']);
    }
    if (r['format.mandate'] === 'contested' && g.hasNoOpenProposals(r, ctx, ev))
      fired.push(['format.mandate', 'incumbent']);
    if (r['format.composition'] === 'exclusionDemanded' && g.hasNoDemands(r, ctx, ev))
      fired.push(['format.composition', 'intact']);
    if (r.status === 'limbo') {
      if (g.hasFinalSettlement(r, ctx, ev)) fired.push(['status', 'final']);
      else if (g.hasInterimSettlement(r, ctx, ev)) fired.push(['status', 'interim']);
    } else if (r.status === 'interim' && g.hasFinalSettlement(r, ctx, ev)) fired.push(['status', 'final']);
    if (r.monitoring === 'peacekeepers' && g.canStartCentre(r, ctx, ev))
      fired.push(['monitoring', 'peacekeepersAndJointCentre']);
    else if (r.monitoring === 'peacekeepersAndJointCentre' && g.isWar(r, ctx, ev))
      fired.push(['monitoring', 'peacekeepers', u.resetReadiness]);
    const a = r.access;
    if (a !== 'unfettered' && g.hasFullAccess(r, ctx, ev)) fired.push(['access', 'unfettered']);
    else if (a !== 'partial' && g.hasPartialAccess(r, ctx, ev)) fired.push(['access', 'partial']);
    else if (a !== 'restricted' && g.hasNoAccess(r, ctx, ev)) fired.push(['access', 'restricted']);
    if (fired.length === 0) return r;
    const next = { ...r };
    for (const [region, state, update] of fired) {
      next[region] = state;
      if (update) next.context = apply(next.context, update, ev);
    }
    r = next;
  }
}
