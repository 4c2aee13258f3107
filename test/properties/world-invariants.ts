import { isDeepStrictEqual } from 'node:util';
import { type AnyActorScope, type AnyMachineSnapshot, createActor, type StateValue } from 'xstate';
import { createWorldMachine, type WorldMachine } from '../../src/machines/world-machine.js';
import { isRuleId } from '../../src/model/rules.js';
import { worldInvariants } from '../../src/sim/world-invariants.js';
import type { Stepper } from '../../src/steppers/stepper.js';
import type { Step } from './arbitraries.js';

/**
 * The world invariants of DESIGN.md section 3, each judged on one step (the world before, the event,
 * the outcome). Written from the design, not from the machine: they read plain data only. A check
 * returns `null` when it holds, else a sentence saying what broke.
 */
export type StepInvariant = (step: Step, stepper: Stepper) => string | null;

/** The built-in invariants of src/sim/world-invariants.ts, judged on a walk's step. */
const coreInvariants: Record<string, StepInvariant> = Object.fromEntries(
  worldInvariants.map((inv) => [
    `${inv.id} ${inv.text}`,
    (step: Step) => {
      const s = {
        before: step.before,
        event: step.event,
        accepted: step.outcome.accepted,
        after: step.outcome.state,
        changes: step.outcome.changes,
      };
      return inv.kind === 'state' ? inv.check(s.after) : inv.check(s);
    },
  ]),
);

export const invariants: Readonly<Record<string, StepInvariant>> = {
  ...coreInvariants,

  'stepping never mutates the world it was given': ({ before, copy }) =>
    isDeepStrictEqual({ value: before.value, context: before.context }, copy)
      ? null
      : 'stepping mutated the world it was given',

  'every move is applied or refused with a catalogued rule and a reason': ({ outcome }, stepper) => {
    // Catalogued: the built-in rules, or the scenario's own (which its world carries).
    const known = (id: string) => isRuleId(id) || stepper?.world?.rules.has(id) === true;
    if (!outcome.rules.every(known)) return `unknown rule in [${outcome.rules}]`;
    if (outcome.accepted) return outcome.refusal === null ? null : 'an accepted move carries a refusal';
    const r = outcome.refusal;
    if (r === null) return 'a refused move carries no refusal';
    if (!known(r.rule)) return `refusal cites unknown rule ${r.rule}`;
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
export function refusalAgreesWithXState(given?: WorldMachine): StepInvariant {
  const scopes = new Map<WorldMachine, AnyActorScope>();
  return ({ before, event, outcome }, stepper) => {
    // The statechart of the stepper's own world (each scenario composes its own).
    const machine = given ?? stepper?.world?.machine ?? createWorldMachine();
    if (outcome.accepted || outcome.refusal === null) return null;
    const { rule, code } = outcome.refusal;
    if (rule === 'M2' && (code === 'actor/unknown' || code === 'actor/not-clock')) return null;
    const snapshot = machine.resolveState({
      value: before.value as unknown as StateValue,
      context: before.context,
    });
    let scope = scopes.get(machine);
    if (!scope) {
      scope = (createActor(machine, { input: before.context }) as unknown as { _actorScope: AnyActorScope })
        ._actorScope;
      scopes.set(machine, scope);
    }
    const next = machine.transition(snapshot, event, scope) as AnyMachineSnapshot;
    return isDeepStrictEqual(next.value, snapshot.value) && isDeepStrictEqual(next.context, snapshot.context)
      ? null
      : `refused with ${rule} ${code}, but XState would take the transition`;
  };
}
