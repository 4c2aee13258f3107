import type { AnyStateMachine, AnyStateNode } from 'xstate';
import { compileMachine, type SelectedTransition } from '../kernel/compile-machine.js';
import {
  assertWorldValue,
  asWorld,
  defaultWorld,
  type World,
  type WorldMachine,
} from '../machines/compose-world.js';
import type { WorldContext, WorldState, WorldValue } from '../model/context.js';
import type { RuleId } from '../model/rules.js';
import type { WorldEvent } from '../regions/events.js';
import {
  type Candidate,
  type CandidatesOf,
  candidatesIn,
  explain,
  handlersByEvent,
  precheck,
  rulesOfGuard,
} from './explain.js';
import type { RegionChange, StepOutcome, Stepper, Verdict } from './stepper.js';
import { createXStateStepper, regionChanges } from './xstate-stepper.js';

/**
 * Event types for which at most one transition can ever be a candidate: each handling node has one
 * transition for it, and no two handling nodes can be active together. For those, the transition the
 * kernel selects is the only one `explain` would weigh, so an accepted verdict needs no second look.
 */
function singleCandidateEvents(machine: AnyStateMachine): Set<string> {
  const handlers = new Map<string, AnyStateNode[]>();
  const multiple = new Set<string>();
  const walk = (node: AnyStateNode) => {
    for (const [type, list] of node.transitions) {
      if (list.length > 1) multiple.add(type);
      handlers.set(type, [...(handlers.get(type) ?? []), node]);
    }
    for (const child of Object.values(node.states)) walk(child as AnyStateNode);
  };
  walk(machine.root);
  const ancestorsOf = (n: AnyStateNode) => {
    const out: AnyStateNode[] = [];
    for (let p = n.parent; p; p = p.parent) out.push(p);
    return out;
  };
  const coActive = (a: AnyStateNode, b: AnyStateNode) => {
    const up = ancestorsOf(a);
    if (up.includes(b) || ancestorsOf(b).includes(a)) return true;
    const lca = ancestorsOf(b).find((n) => up.includes(n));
    return lca?.type === 'parallel';
  };
  const single = new Set<string>();
  for (const [type, list] of handlers) {
    if (multiple.has(type)) continue;
    if (list.every((a, i) => list.slice(i + 1).every((b) => !coActive(a, b)))) single.add(type);
  }
  return single;
}

const NO_CHANGES: readonly RegionChange[] = [];

/**
 * The candidate transitions of a state value for an event type, found once per value object and type:
 * the kernel hands out one value object per configuration, so a run meets few of them.
 */
function memoisedCandidates(machine: AnyStateMachine): CandidatesOf {
  const find = candidatesIn(machine);
  const byValue = new WeakMap<WorldValue, Map<string, readonly Candidate[]>>();
  return (value, type) => {
    let byType = byValue.get(value);
    if (!byType) {
      byType = new Map();
      byValue.set(value, byType);
    }
    let list = byType.get(type);
    if (!list) {
      list = find(value, type);
      byType.set(type, list);
    }
    return list;
  };
}

/**
 * The compiled-kernel stepper, the default engine: XState's semantics run from `compileMachine`'s
 * tables. An accepted move's verdict comes from the transition the kernel selected (its guard's
 * rules); a refused move, or an event that can have several candidates, is judged by `explain`, the
 * same code the reference stepper uses, so both engines give identical verdicts and traces.
 */
export function createKernelStepper(of: World | WorldMachine = defaultWorld()): Stepper {
  const world = asWorld(of);
  const machine = world.machine;
  const handlers = handlersByEvent(machine);
  const compiled = compileMachine(machine);
  const reference = createXStateStepper(world);
  const single = singleCandidateEvents(machine);
  // Region changes per pair of state values: the kernel hands out one value object per configuration.
  const changesByValue = new WeakMap<WorldValue, WeakMap<WorldValue, readonly RegionChange[]>>();
  const changesOf = (before: WorldValue, after: WorldValue): readonly RegionChange[] => {
    if (before === after) return NO_CHANGES;
    let byAfter = changesByValue.get(before);
    if (!byAfter) {
      byAfter = new WeakMap();
      changesByValue.set(before, byAfter);
    }
    let changes = byAfter.get(after);
    if (!changes) {
      changes = regionChanges(before, after, world);
      byAfter.set(after, changes);
    }
    return changes;
  };
  const rulesByGuard = new Map<string | undefined, readonly RuleId[]>();
  const accepted = (selected: readonly SelectedTransition[]): Verdict => {
    const guard = selected[0]!.guard;
    let rules = rulesByGuard.get(guard);
    if (!rules) {
      rules = rulesOfGuard(world, guard);
      rulesByGuard.set(guard, rules);
    }
    return { accepted: true, rules, refusal: null };
  };
  const candidates = memoisedCandidates(machine);
  const judgeNow = (state: WorldState, event: WorldEvent): Verdict =>
    explain(world, handlers, state.value, state.context, event, candidates);
  const judge = (state: WorldState, event: WorldEvent, selected: readonly SelectedTransition[]): Verdict => {
    if (selected.length > 0 && single.has(event.type)) return accepted(selected);
    if (selected.length > 0) return judgeNow(state, event);
    // No transition: refused. The reason is worked out only when someone reads it, and then once.
    let verdict: Verdict | undefined;
    const why = () => {
      verdict ??= judgeNow(state, event);
      return verdict;
    };
    return {
      accepted: false,
      get rules() {
        return why().rules;
      },
      get refusal() {
        return why().refusal;
      },
    };
  };
  const context = (state: WorldState) => state.context as unknown as Record<string, unknown>;
  return {
    engine: 'kernel',
    world,
    initial: (value, context) => {
      assertWorldValue(world, value);
      return { value, context };
    },
    check(state, event) {
      const early = precheck(state.context, event);
      if (early) return early;
      return judge(state, event, compiled.select(state.value, context(state), event));
    },
    accepts(state, event) {
      if (precheck(state.context, event)) return false;
      return compiled.select(state.value, context(state), event).length > 0;
    },
    step(state, event): StepOutcome {
      const early = precheck(state.context, event);
      if (early) return { ...early, state, changes: NO_CHANGES };
      const next = compiled.transition(state.value, context(state), event);
      if (next.selected.length === 0) {
        const { rules, refusal } = judgeNow(state, event);
        return { accepted: false, rules, refusal, state, changes: NO_CHANGES };
      }
      const verdict = single.has(event.type) ? accepted(next.selected) : judgeNow(state, event);
      if (!verdict.accepted) return { ...verdict, state, changes: NO_CHANGES };
      if (!next.taken) throw new Error(`auspices: kernel stepper: ${event.type} accepted but not taken`);
      const nextState: WorldState =
        next.value === state.value && next.context === (state.context as unknown)
          ? state
          : { value: next.value as WorldValue, context: next.context as unknown as WorldContext };
      return {
        accepted: true,
        rules: verdict.rules,
        refusal: null,
        state: nextState,
        changes: changesOf(state.value, nextState.value),
      };
    },
    unsettled: (state) => reference.unsettled(state),
  };
}
