import type { AnyStateMachine, AnyStateNode } from 'xstate';
import {
  type Action,
  type Args,
  type Context,
  type Event,
  flattenMachine,
  type SelectedTransition,
  type Transition,
} from './kernel-nodes.js';
import { statechartTree } from './kernel-tree.js';

export type { SelectedTransition } from './kernel-nodes.js';
export { KernelCompileError } from './kernel-nodes.js';

/** How XState's `transitionNode` walks a state value for one event type, pruned to nodes that react. */
type Selector =
  | { readonly kind: 'leaf'; readonly child: readonly Transition[]; readonly own: readonly Transition[] }
  | { readonly kind: 'inner'; readonly kids: readonly Selector[]; readonly own: readonly Transition[] };

/** The result of one microstep from a configuration with a given set of enabled transitions. */
interface Microstep {
  readonly next: Configuration;
  readonly actions: readonly Action[];
  readonly assigns: boolean;
  readonly doneEvents: readonly Event[];
  readonly done: boolean;
}

/** One active configuration, interned: its nodes in XState's order, its value and its memoised tables. */
interface Configuration {
  readonly nodes: readonly number[];
  readonly active: ReadonlySet<number>;
  readonly value: unknown;
  readonly final: boolean;
  /** Per atomic node (in node order) with eventless transitions on its path to the root: those transitions. */
  readonly eventless: readonly (readonly Transition[])[];
  readonly selectors: Map<string, Selector | null>;
  readonly single: Map<number, Microstep>;
  readonly multiple: Map<string, Microstep>;
  /** The same nodes sorted by descending document order, as XState leaves them in a done machine. */
  descending?: Configuration;
}

/** The result of `CompiledMachine.transition`. */
interface KernelResult {
  readonly value: unknown;
  readonly context: Context;
  /** Whether the event itself selected a transition (raised events and eventless transitions aside). */
  readonly taken: boolean;
  /** The transitions the event selected, before conflicts were removed. */
  readonly selected: readonly SelectedTransition[];
  /** Whether the machine has reached its top-level final state (XState's `status: 'done'`). */
  readonly done: boolean;
}

/** A machine flattened into tables, stepping plain `{ value, context }` with the machine's own guards and actions. */
export interface CompiledMachine {
  /**
   * Apply one event as XState's `machine.transition` does (a whole macrostep). The input value and
   * context are never changed; an event that changes nothing returns them as they were.
   * `done` is the input's status; by default, whether the value is a top-level final configuration.
   */
  transition(value: unknown, context: Context, event: Event, done?: boolean): KernelResult;
  /** The transitions an event would select, without taking them. */
  select(value: unknown, context: Context, event: Event): readonly SelectedTransition[];
  /** How many configurations have been reached and tabled so far. */
  readonly configurations: number;
}

const NONE: readonly Transition[] = [];

/**
 * Compile a machine into tables. The state nodes are walked once; the tables per active configuration
 * (XState's `_nodes`, in its order) and event type are built the first time that configuration meets
 * that event and reused after, because a parallel machine's configurations are too many to enumerate
 * up front. `transition` follows XState's macrostep exactly (`transitionNode` selection, conflict
 * removal by exit sets, exit, actions, entry with `xstate.done.state.*` events, eventless transitions
 * until stable, then raised events) on plain data, with the machine's own guard and action
 * implementations. Supported: compound, parallel and final states, guarded and eventless transitions,
 * `assign`, `raise` (without delay), and `and`/`or`/`not`/`stateIn('#id')` guards. Anything else
 * throws a `KernelCompileError` naming the feature and the state node.
 *
 * @example
 * ```ts
 * const kernel = compileMachine(machine);
 * const { value, context } = kernel.transition(snapshot.value, snapshot.context, { type: 'GO' });
 * ```
 */
export function compileMachine(machine: AnyStateMachine): CompiledMachine {
  const { nodes, ids } = flattenMachine(machine);
  const {
    properAncestors,
    isAtomic,
    isInFinalState,
    childByKey,
    exitSet,
    withoutConflicts,
    entrySet,
    valueFromNodes,
  } = statechartTree(nodes);

  const interned = new Map<string, Configuration>();
  const byValue = new WeakMap<object, Configuration>();
  const foreign = new Map<string, Configuration>();
  const intern = (list: readonly number[]): Configuration => {
    const key = list.join(',');
    let config = interned.get(key);
    if (config) return config;
    const active = new Set(list);
    const eventless: Transition[][] = [];
    for (const n of list) {
      if (!isAtomic(n)) continue;
      const chain = [n, ...properAncestors(n, -1)].flatMap((s) => nodes[s]!.always);
      if (chain.length > 0) eventless.push(chain);
    }
    const value = valueFromNodes(list);
    config = {
      nodes: list,
      active,
      value,
      final: isInFinalState(active, 0),
      eventless,
      selectors: new Map(),
      single: new Map(),
      multiple: new Map(),
    };
    interned.set(key, config);
    if (typeof value === 'object' && value !== null) byValue.set(value, config);
    return config;
  };
  const configurationOf = (value: unknown): Configuration => {
    const known = typeof value === 'object' && value !== null ? byValue.get(value) : undefined;
    if (known) return known;
    // A value the kernel did not produce: XState's own resolveState decides its nodes and their order.
    const key = typeof value === 'string' ? `"${value}` : JSON.stringify(value);
    let config = foreign.get(key);
    if (!config) {
      const snapshot = machine.resolveState({ value: value as never, context: {} }) as unknown as {
        _nodes: AnyStateNode[];
      };
      config = intern(snapshot._nodes.map((sn) => ids.get(sn.id)!));
      foreign.set(key, config);
    }
    // The next call with the same object is told by identity, not by its JSON.
    if (typeof value === 'object' && value !== null) byValue.set(value, config);
    return config;
  };

  const selectorFor = (config: Configuration, type: string): Selector | null => {
    const known = config.selectors.get(type);
    if (known !== undefined) return known;
    const build = (n: number, v: unknown): Selector | null => {
      const own = nodes[n]!.on.get(type) ?? NONE;
      if (typeof v === 'string') {
        const child = childByKey(n, v);
        const fromChild = child === undefined ? NONE : (nodes[child]!.on.get(type) ?? NONE);
        return fromChild.length || own.length ? { kind: 'leaf', child: fromChild, own } : null;
      }
      const kids: Selector[] = [];
      const entries = Object.entries(v as Record<string, unknown>);
      for (const [key, sub] of entries.length === 1 ? entries : entries.filter(([, s]) => s)) {
        const child = childByKey(n, key);
        const selector = child === undefined ? null : build(child, sub);
        if (selector) kids.push(selector);
      }
      return kids.length || own.length ? { kind: 'inner', kids, own } : null;
    };
    const selector = build(0, config.value);
    config.selectors.set(type, selector);
    return selector;
  };
  const firstEnabled = (list: readonly Transition[], args: Args, active: ReadonlySet<number>) => {
    for (const t of list) if (t.guard === null || t.guard(args, active)) return t;
    return undefined;
  };
  const runSelector = (s: Selector, args: Args, active: ReadonlySet<number>, out: Transition[]): void => {
    const before = out.length;
    if (s.kind === 'leaf') {
      const t = firstEnabled(s.child, args, active) ?? firstEnabled(s.own, args, active);
      if (t) out.push(t);
      return;
    }
    for (const kid of s.kids) runSelector(kid, args, active, out);
    if (out.length === before) {
      const t = firstEnabled(s.own, args, active);
      if (t) out.push(t);
    }
  };
  const select = (config: Configuration, context: Context, event: Event): readonly Transition[] => {
    const selector = selectorFor(config, event.type);
    if (selector === null) return NONE;
    const out: Transition[] = [];
    runSelector(selector, { context, event }, config.active, out);
    return out;
  };
  const selectEventless = (config: Configuration, context: Context, event: Event): readonly Transition[] => {
    if (config.eventless.length === 0) return NONE;
    const args = { context, event };
    let enabled: Transition[] | undefined;
    for (const chain of config.eventless) {
      const t = firstEnabled(chain, args, config.active);
      if (t) {
        enabled ??= [];
        if (!enabled.includes(t)) enabled.push(t);
      }
    }
    if (enabled === undefined) return NONE;
    return enabled.length > 1 ? withoutConflicts(enabled, config.nodes) : enabled;
  };

  const computeMicrostep = (config: Configuration, ts: readonly Transition[]): Microstep => {
    const filtered = withoutConflicts(ts, config.nodes);
    const exits = new Set(filtered.flatMap((t) => exitSet(t, config.nodes)));
    const next = config.nodes.filter((n) => !exits.has(n));
    const present = new Set(next);
    const doneEvents: Event[] = [];
    let done = false;
    const completed = new Set<number>();
    const entering = [...entrySet(filtered)].sort((a, b) => nodes[a]!.order - nodes[b]!.order);
    for (const n of entering) {
      if (!present.has(n)) {
        present.add(n);
        next.push(n);
      }
      if (nodes[n]!.type !== 'final') continue;
      const parent = nodes[n]!.parent;
      const parentNode = parent >= 0 ? nodes[parent]! : undefined;
      let marker = parentNode?.type === 'parallel' ? parent : (parentNode?.parent ?? -1);
      if (parentNode?.type === 'compound')
        doneEvents.push({ type: `xstate.done.state.${parentNode.id}`, output: undefined } as Event);
      while (marker >= 0 && nodes[marker]!.type === 'parallel' && !completed.has(marker)) {
        if (!isInFinalState(present, marker)) break;
        completed.add(marker);
        doneEvents.push({ type: `xstate.done.state.${nodes[marker]!.id}`, output: undefined } as Event);
        marker = nodes[marker]!.parent;
      }
      if (marker < 0) done = true;
    }
    // Like XState, a microstep that ends in the same set of nodes keeps the old configuration (and order).
    const same = present.size === config.active.size && config.nodes.every((n) => present.has(n));
    const actions = filtered.flatMap((t) => t.actions);
    return {
      next: same ? config : intern(next),
      actions,
      assigns: actions.some((a) => a.assigns),
      doneEvents,
      done,
    };
  };
  const microstep = (config: Configuration, ts: readonly Transition[]): Microstep => {
    if (ts.length === 1) {
      const t = ts[0]!;
      let step = config.single.get(t.id);
      if (!step) {
        step = computeMicrostep(config, ts);
        config.single.set(t.id, step);
      }
      return step;
    }
    const key = ts.map((t) => t.id).join(',');
    let step = config.multiple.get(key);
    if (!step) {
      step = computeMicrostep(config, ts);
      config.multiple.set(key, step);
    }
    return step;
  };
  const descending = (config: Configuration): Configuration => {
    config.descending ??= intern([...config.nodes].sort((a, b) => nodes[b]!.order - nodes[a]!.order));
    return config.descending;
  };
  const describe = (ts: readonly Transition[]): readonly SelectedTransition[] =>
    ts.length === 1 ? ts[0]!.alone : ts.length === 0 ? NONE_SELECTED : ts.map((t) => t.alone[0]!);

  return {
    get configurations() {
      return interned.size;
    },
    select: (value, context, event) => describe(select(configurationOf(value), context, event)),
    transition(value, context, event, done) {
      const start = configurationOf(value);
      let config = start;
      let ctx = context;
      let isDone = done ?? start.final;
      const queue: Event[] = [];
      const apply = (ts: readonly Transition[], ev: Event): boolean => {
        const step = microstep(config, ts);
        for (const action of step.actions) ctx = action.run(ctx, ev, queue);
        for (const e of step.doneEvents) queue.push(e);
        const changed = step.next !== config || step.assigns || (step.done && !isDone);
        if (step.done) isDone = true;
        // XState sorts a done machine's nodes in place by descending document order (microstep's exit pass).
        config = isDone && step.next !== config ? descending(step.next) : step.next;
        return changed;
      };
      const first = select(config, ctx, event);
      if (first.length > 0) apply(first, event);
      // XState's macrostep: eventless transitions until stable, then the next raised event, and again.
      let current = event;
      let eventless = true;
      for (let microsteps = 0; !isDone; microsteps++) {
        if (microsteps > 10_000)
          throw new Error(
            'auspices: compiled kernel: eventless transitions or raised events did not settle after 10000 microsteps',
          );
        let ts: readonly Transition[] = eventless ? selectEventless(config, ctx, current) : NONE;
        const fromEventless = ts.length > 0;
        if (!fromEventless) {
          const next = queue.shift();
          if (next === undefined) break;
          current = next;
          ts = select(config, ctx, current);
        }
        const changed = ts.length > 0 && apply(ts, current);
        eventless = fromEventless ? changed : true;
      }
      const unchanged = config === start && ctx === context;
      return {
        value: unchanged ? value : config.value,
        context: ctx,
        taken: first.length > 0,
        selected: describe(first),
        done: isDone,
      };
    },
  };
}

const NONE_SELECTED: readonly SelectedTransition[] = [];
