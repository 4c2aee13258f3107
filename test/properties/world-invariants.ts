import { isDeepStrictEqual } from 'node:util';
import { type AnyActorScope, type AnyMachineSnapshot, createActor, type StateValue } from 'xstate';
import type { Stepper } from '../../src/kernel/stepper.js';
import { createWorldMachine, type WorldMachine } from '../../src/machines/world-machine.js';
import type { WorldContext, WorldState } from '../../src/model/context.js';
import { isRuleId } from '../../src/model/rules.js';
import type { Step } from './arbitraries.js';

/**
 * The world invariants of DESIGN.md section 3, each judged on one step (the world before, the event,
 * the outcome). Written from the design, not from the machine: they read plain data only. A check
 * returns `null` when it holds, else a sentence saying what broke.
 */
export type StepInvariant = (step: Step, stepper: Stepper) => string | null;

const fmt = (ctx: WorldContext, id: string | null) => (id === null ? undefined : ctx.formats[id]);
const partiesOf = (ctx: WorldContext): string[] => [
  ...new Set([
    ...(fmt(ctx, ctx.activeFormat)?.parties ?? []),
    ...(fmt(ctx, ctx.talks.format)?.parties ?? []),
  ]),
];
const inCeasefire = (s: WorldState) => typeof s.value.hostilities === 'object';
const ev = (step: Step) => step.event as unknown as Record<string, unknown>;

export const invariants: Readonly<Record<string, StepInvariant>> = {
  'I1 talks convene only under mediators both parties accept': ({ outcome: { state } }) => {
    if (state.value.talks !== 'convened') return null;
    const ctx = state.context;
    for (const party of partiesOf(ctx))
      for (const m of ctx.talks.mediators)
        if (!(ctx.consents[party] ?? []).includes(m))
          return `${party} does not accept ${m}, yet talks are convened`;
    return null;
  },

  'I2 an excluded mediator never sits in convened talks': ({ outcome: { state } }) => {
    if (state.value.talks !== 'convened') return null;
    const ctx = state.context;
    const format = fmt(ctx, ctx.talks.format);
    for (const m of ctx.talks.mediators) {
      const excluded = ctx.excluded.some((e) => e.mediator === m && e.format === ctx.talks.format);
      // A mediator excluded and later re-appointed sits again legitimately.
      if (excluded && !format?.mediators.includes(m))
        return `${m} was excluded from ${ctx.talks.format} but still sits in convened talks`;
    }
    return null;
  },

  'I3 recognitions change only by an executive act': (step) => {
    const before = step.before.context;
    const after = step.outcome.state.context;
    if (isDeepStrictEqual(before.recognitions, after.recognitions)) return null;
    const actor = before.actors[step.event.by];
    if (step.event.type !== 'recognition.grant' || !step.outcome.accepted || actor?.kind !== 'state')
      return `recognitions changed on ${step.event.type} by ${step.event.by} (${actor?.kind ?? 'unknown'})`;
    const expected = [
      ...before.recognitions,
      { by: step.event.by, day: before.day, entity: ev(step).entity },
    ];
    return isDeepStrictEqual(after.recognitions, expected)
      ? null
      : 'recognition.grant changed more than its own act';
  },

  "I4 the active format's mediators change only through its own procedure": (step) => {
    const before = step.before.context;
    const after = step.outcome.state.context;
    const { type, by } = step.event;
    if (before.activeFormat !== after.activeFormat) {
      return type === 'format.replace' && step.outcome.accepted && ev(step).format === after.activeFormat
        ? null
        : `the active format changed from ${before.activeFormat} to ${after.activeFormat} on ${type}`;
    }
    const was = fmt(before, before.activeFormat)!;
    const now = fmt(after, after.activeFormat)!;
    if (!isDeepStrictEqual(was.parties, now.parties)) return `the parties of ${was.id} changed on ${type}`;
    if (isDeepStrictEqual(was.mediators, now.mediators)) return null;
    const mediator = ev(step).mediator;
    const byProcedure = step.outcome.accepted && was.appointedBy !== null && by === was.appointedBy;
    if (byProcedure && type === 'mediator.appoint' && !was.mediators.includes(mediator as string)) {
      if (isDeepStrictEqual(now.mediators, [...was.mediators, mediator])) return null;
    }
    if (byProcedure && type === 'mediator.exclude' && was.mediators.includes(mediator as string)) {
      if (
        isDeepStrictEqual(
          now.mediators,
          was.mediators.filter((m) => m !== mediator),
        )
      )
        return null;
    }
    return `the mediators of ${was.id} changed from [${was.mediators}] to [${now.mediators}] on ${type} by ${by}`;
  },

  'I5 status leaves limbo only through an agreement both parties sign': (step) => {
    const from = step.before.value.status;
    const to = step.outcome.state.value.status;
    if (from === to) return null;
    if (from === 'final' || (from === 'interim' && to !== 'final'))
      return `status went back from ${from} to ${to}`;
    const ctx = step.outcome.state.context;
    const parties = fmt(ctx, ctx.activeFormat)!.parties;
    const texts = new Set(ctx.signatures.map((s) => s.text));
    const agreed = [...texts].filter(
      (text) =>
        parties.length > 0 && parties.every((p) => ctx.signatures.some((s) => s.by === p && s.text === text)),
    );
    return agreed.length > 0 ? null : `status moved from ${from} to ${to} with no text signed by every party`;
  },

  'I6 a joint monitoring centre exists only with a ceasefire and the host consenting': ({
    outcome: { state },
  }) => {
    if (state.value.monitoring !== 'peacekeepersAndJointCentre') return null;
    if (!inCeasefire(state)) return 'the joint centre runs in a war';
    return state.context.monitoring.centre?.hostConsent === true
      ? null
      : 'the joint centre runs without host consent';
  },

  'I7 settled is final': (step) =>
    step.before.value.talks === 'settled' && step.outcome.state.value.talks !== 'settled'
      ? `talks left settled for ${step.outcome.state.value.talks}`
      : null,

  'I11 a refused move leaves the world unchanged': (step) => {
    const { before, copy, outcome } = step;
    if (!isDeepStrictEqual({ value: before.value, context: before.context }, copy))
      return 'stepping mutated the world it was given';
    if (outcome.accepted) return null;
    if (outcome.state !== before) return 'a refused move returned a different state object';
    if (!isDeepStrictEqual({ value: outcome.state.value, context: outcome.state.context }, copy))
      return 'a refused move changed the value or context';
    if (outcome.changes.length > 0) return 'a refused move reported region changes';
    return null;
  },

  'every move is applied or refused with a catalogued rule and a reason': ({ outcome }) => {
    if (!outcome.rules.every(isRuleId)) return `unknown rule in [${outcome.rules}]`;
    if (outcome.accepted) return outcome.refusal === null ? null : 'an accepted move carries a refusal';
    const r = outcome.refusal;
    if (r === null) return 'a refused move carries no refusal';
    if (!isRuleId(r.rule)) return `refusal cites unknown rule ${r.rule}`;
    if (r.reason.trim() === '' || r.code.trim() === '') return 'refusal without a reason or code';
    if (!isDeepStrictEqual(outcome.rules, [r.rule]))
      return `refusal rules [${outcome.rules}] differ from ${r.rule}`;
    return null;
  },

  'the world is settled after every step': ({ outcome }, stepper) => {
    const open = stepper.unsettled(outcome.state);
    return open.length === 0 ? null : `eventless transitions still enabled: ${open.join('; ')}`;
  },
};

/**
 * A refusal is faithful: XState's own `machine.transition` on the same snapshot and event changes
 * nothing either (so the stepper's explanation never hides a transition the statechart would take).
 * The stepper's own pre-checks (unknown actor, clock impersonation) are outside the statechart.
 */
export function refusalAgreesWithXState(machine: WorldMachine = createWorldMachine()): StepInvariant {
  let scope: AnyActorScope | undefined;
  return ({ before, event, outcome }) => {
    if (outcome.accepted || outcome.refusal === null) return null;
    const { rule, code } = outcome.refusal;
    if (rule === 'M2' && (code === 'actor/unknown' || code === 'actor/not-clock')) return null;
    const snapshot = machine.resolveState({
      value: before.value as unknown as StateValue,
      context: before.context,
    });
    scope ??= (createActor(machine, { input: before.context }) as unknown as { _actorScope: AnyActorScope })
      ._actorScope;
    const next = machine.transition(snapshot, event, scope) as AnyMachineSnapshot;
    return isDeepStrictEqual(next.value, snapshot.value) && isDeepStrictEqual(next.context, snapshot.context)
      ? null
      : `refused with ${rule} ${code}, but XState would take the transition`;
  };
}
