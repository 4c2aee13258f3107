import type { AnyStateMachine, AnyStateNode } from 'xstate';

/** Thrown when a machine uses a statechart feature the compiled kernel does not support. */
export class KernelCompileError extends Error {
  readonly feature: string;
  readonly stateNode: string;
  constructor(feature: string, stateNode: string) {
    super(
      `auspices: compileMachine: "${feature}" at state node "${stateNode}" is not supported by the compiled kernel; use the XState stepper for this machine, or express it with compound, parallel and final states, guarded and eventless transitions, assign and raise`,
    );
    this.name = 'KernelCompileError';
    this.feature = feature;
    this.stateNode = stateNode;
  }
}

type Context = Record<string, unknown>;
type Event = { type: string };
/** The arguments XState passes guards and assigners; the kernel builds them once per selection. */
type Args = { readonly context: Context; readonly event: Event };
type Guard = (args: Args, active: ReadonlySet<number>) => boolean;

/** An action: a context update (`assign`) or a raise that queues an internal event. */
interface Action {
  readonly assigns: boolean;
  run(ctx: Context, ev: Event, queue: Event[]): Context;
}

interface Node {
  readonly index: number;
  readonly id: string;
  readonly key: string;
  readonly type: 'atomic' | 'compound' | 'parallel' | 'final';
  readonly parent: number;
  readonly children: number[];
  /** XState's document order. */
  readonly order: number;
  /** For a compound node, its initial child. */
  initial: number;
  readonly on: Map<string, Transition[]>;
  readonly always: Transition[];
}

interface Transition {
  readonly id: number;
  readonly source: number;
  readonly targets: readonly number[];
  readonly reenter: boolean;
  readonly guard: Guard | null;
  readonly guardName: string | undefined;
  readonly actions: readonly Action[];
  /** This transition as the one-element `selected` list of a result. */
  readonly alone: readonly SelectedTransition[];
}

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

/** A transition chosen for an event: where it is declared and its guard's name, if the guard is named. */
export interface SelectedTransition {
  readonly source: string;
  readonly guard: string | undefined;
}

/** The result of `CompiledMachine.transition`. */
export interface KernelResult {
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

function guardOf(
  machine: AnyStateMachine,
  raw: unknown,
  ids: Map<string, number>,
  where: string,
): Guard | null {
  if (raw === undefined) return null;
  const impl =
    typeof raw === 'string' ? (machine.implementations.guards as Record<string, unknown>)[raw] : raw;
  if (typeof raw === 'object' && raw !== null && 'params' in raw)
    throw new KernelCompileError('guard params', where);
  if (typeof impl !== 'function') throw new KernelCompileError(`guard ${String(raw)}`, where);
  const builtin = impl as unknown as { check?: unknown; guards?: unknown[]; stateValue?: unknown };
  if (builtin.check === undefined) {
    return impl as (args: Args) => boolean;
  }
  if (typeof builtin.stateValue === 'string' && builtin.stateValue.startsWith('#')) {
    const target = ids.get(builtin.stateValue.slice(1));
    if (target === undefined) throw new KernelCompileError(`stateIn(${builtin.stateValue})`, where);
    return (_args, active) => active.has(target);
  }
  if (builtin.stateValue !== undefined) throw new KernelCompileError('stateIn with a state value', where);
  const parts = (builtin.guards ?? []).map((g) => guardOf(machine, g, ids, where)!);
  const name = (impl as { name?: string }).name;
  if (name === 'and')
    return (args, active) => {
      for (const p of parts) if (!p(args, active)) return false;
      return true;
    };
  if (name === 'or')
    return (args, active) => {
      for (const p of parts) if (p(args, active)) return true;
      return false;
    };
  if (name === 'not') return (args, active) => !parts[0]!(args, active);
  throw new KernelCompileError(`guard ${name ?? 'builtin'}`, where);
}

function actionOf(machine: AnyStateMachine, raw: unknown, where: string): Action {
  const impl =
    typeof raw === 'string' ? (machine.implementations.actions as Record<string, unknown>)[raw] : raw;
  const builtin = impl as { type?: string; assignment?: unknown } | undefined;
  if (typeof raw === 'object' && raw !== null && 'params' in raw)
    throw new KernelCompileError('action params', where);
  if (builtin?.type === 'xstate.raise') {
    const spec = impl as unknown as { event: unknown; delay?: unknown; id?: unknown };
    if (spec.delay !== undefined) throw new KernelCompileError('delayed raise', where);
    if (typeof spec.event === 'function') {
      const make = spec.event as (args: { context: Context; event: Event }) => Event;
      return {
        assigns: false,
        run(context, event, queue) {
          queue.push(make({ context, event }));
          return context;
        },
      };
    }
    const raised = spec.event as Event;
    return {
      assigns: false,
      run(context, _event, queue) {
        queue.push(raised);
        return context;
      },
    };
  }
  if (builtin?.type !== 'xstate.assign')
    throw new KernelCompileError(`action ${builtin?.type ?? String(raw)}`, where);
  const assignment = builtin.assignment;
  if (typeof assignment === 'function') {
    const fn = assignment as (args: { context: Context; event: Event }) => Context;
    return { assigns: true, run: (context, event) => ({ ...context, ...fn({ context, event }) }) };
  }
  const props = Object.entries(assignment as Record<string, unknown>);
  return {
    assigns: true,
    run(context, event) {
      const update: Context = {};
      for (const [key, value] of props) {
        update[key] =
          typeof value === 'function' ? (value as (a: unknown) => unknown)({ context, event }) : value;
      }
      return { ...context, ...update };
    },
  };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
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
  const nodes: Node[] = [];
  const ids = new Map<string, number>();
  const raw: AnyStateNode[] = [];
  const visit = (sn: AnyStateNode, parent: number) => {
    const where = sn.id;
    if (sn.type === 'history') throw new KernelCompileError('history state', where);
    // XState implements `after` with entry actions, so name it before entry actions in general.
    if ((sn.config as { after?: unknown }).after)
      throw new KernelCompileError('delayed transitions (after)', where);
    if (sn.entry.length > 0) throw new KernelCompileError('entry actions', where);
    if (sn.exit.length > 0) throw new KernelCompileError('exit actions', where);
    if (sn.invoke.length > 0) throw new KernelCompileError('invoke', where);
    if (sn.initial && sn.initial.actions.length > 0)
      throw new KernelCompileError('initial transition actions', where);
    const index = nodes.length;
    nodes.push({
      index,
      id: sn.id,
      key: sn.key,
      type: sn.type as Node['type'],
      parent,
      children: [],
      order: sn.order,
      initial: -1,
      on: new Map(),
      always: [],
    });
    ids.set(sn.id, index);
    raw.push(sn);
    if (parent >= 0) nodes[parent]!.children.push(index);
    for (const child of Object.values(sn.states)) visit(child as AnyStateNode, index);
  };
  visit(machine.root, -1);
  let transitionCount = 0;
  for (const node of nodes) {
    const sn = raw[node.index]!;
    if (node.type === 'compound') {
      const first = sn.initial?.target[0] as AnyStateNode | undefined;
      if (!first) throw new KernelCompileError('compound state without an initial state', node.id);
      node.initial = ids.get(first.id)!;
    }
    const compile = (t: {
      target?: readonly AnyStateNode[] | undefined;
      reenter?: boolean;
      guard?: unknown;
      actions: readonly unknown[];
    }): Transition => ({
      alone: Object.freeze([
        Object.freeze({ source: node.id, guard: typeof t.guard === 'string' ? t.guard : undefined }),
      ]),
      id: transitionCount++,
      source: node.index,
      targets: (t.target ?? []).map((target) => ids.get(target.id)!),
      reenter: t.reenter === true,
      guard: guardOf(machine, t.guard, ids, node.id),
      guardName: typeof t.guard === 'string' ? t.guard : undefined,
      actions: t.actions.map((a) => actionOf(machine, a, node.id)),
    });
    for (const [type, list] of sn.transitions) {
      if (type.includes('*')) throw new KernelCompileError(`wildcard event "${type}"`, node.id);
      if (type.startsWith('xstate.')) throw new KernelCompileError(`event "${type}"`, node.id);
      node.on.set(type, list.map(compile));
    }
    for (const t of sn.always ?? []) node.always.push(compile(t));
  }

  // Tree relations, as XState defines them. A domain of -1 stands for XState's `undefined` domain
  // (a re-entering transition of the root), of which every node is a descendant.
  const isDescendant = (child: number, ancestor: number): boolean => {
    if (ancestor < 0) return true;
    for (let p = nodes[child]!.parent; p >= 0; p = nodes[p]!.parent) if (p === ancestor) return true;
    return false;
  };
  const properAncestors = (n: number, upTo: number): number[] => {
    const out: number[] = [];
    if (n === upTo) return out;
    for (let p = nodes[n]!.parent; p >= 0 && p !== upTo; p = nodes[p]!.parent) out.push(p);
    return out;
  };
  const isAtomic = (n: number) => nodes[n]!.type === 'atomic' || nodes[n]!.type === 'final';
  const isInFinalState = (active: ReadonlySet<number>, n: number): boolean => {
    const node = nodes[n]!;
    if (node.type === 'compound')
      return node.children.some((c) => nodes[c]!.type === 'final' && active.has(c));
    if (node.type === 'parallel') return node.children.every((c) => isInFinalState(active, c));
    return node.type === 'final';
  };
  const childByKey = (n: number, key: string) => nodes[n]!.children.find((c) => nodes[c]!.key === key);

  const domains = new Map<Transition, number>();
  const domainOf = (t: Transition): number => {
    let domain = domains.get(t);
    if (domain !== undefined) return domain;
    domain = -1;
    if (!t.reenter && t.targets.every((x) => x === t.source || isDescendant(x, t.source))) domain = t.source;
    else {
      const [head, ...tail] = [...t.targets, t.source];
      const lca = properAncestors(head!, -1).find((anc) => tail.every((x) => isDescendant(x, anc)));
      domain = lca ?? (t.reenter ? -1 : 0);
    }
    domains.set(t, domain);
    return domain;
  };
  const exitSet = (t: Transition, active: readonly number[]): number[] => {
    if (t.targets.length === 0) return [];
    const domain = domainOf(t);
    const out = new Set<number>();
    if (t.reenter && t.source === domain) out.add(domain);
    for (const n of active) if (isDescendant(n, domain)) out.add(n);
    return [...out];
  };
  const withoutConflicts = (ts: readonly Transition[], active: readonly number[]): Transition[] => {
    const kept = new Set<Transition>();
    for (const t1 of ts) {
      let preempted = false;
      const remove = new Set<Transition>();
      const e1 = exitSet(t1, active);
      for (const t2 of kept) {
        const e2 = new Set(exitSet(t2, active));
        if (e1.some((n) => e2.has(n))) {
          if (isDescendant(t1.source, t2.source)) remove.add(t2);
          else {
            preempted = true;
            break;
          }
        }
      }
      if (!preempted) {
        for (const t of remove) kept.delete(t);
        kept.add(t1);
      }
    }
    return [...kept];
  };
  const entrySet = (filtered: readonly Transition[]): Set<number> => {
    const enter = new Set<number>();
    const hasDescendantIn = (child: number) => {
      for (const s of enter) if (isDescendant(s, child)) return true;
      return false;
    };
    const addDescendants = (s: number) => {
      const node = nodes[s]!;
      if (node.type === 'compound') {
        enter.add(node.initial);
        addDescendants(node.initial);
      } else if (node.type === 'parallel') {
        for (const c of node.children) {
          if (!hasDescendantIn(c)) {
            enter.add(c);
            addDescendants(c);
          }
        }
      }
    };
    const addAncestors = (list: readonly number[], reentrancyDomain: number) => {
      for (const anc of list) {
        if (reentrancyDomain < 0 || isDescendant(anc, reentrancyDomain)) enter.add(anc);
        if (nodes[anc]!.type === 'parallel') {
          for (const c of nodes[anc]!.children) {
            if (!hasDescendantIn(c)) {
              enter.add(c);
              addDescendants(c);
            }
          }
        }
      }
    };
    for (const t of filtered) {
      const domain = domainOf(t);
      for (const s of t.targets) {
        if (t.source !== s || t.source !== domain || t.reenter) enter.add(s);
        addDescendants(s);
      }
      for (const s of t.targets) {
        const list = properAncestors(s, domain);
        if (domain >= 0 && nodes[domain]!.type === 'parallel') list.push(domain);
        addAncestors(list, nodes[t.source]!.parent < 0 && t.reenter ? -1 : domain);
      }
    }
    return enter;
  };

  const valueFromNodes = (list: readonly number[]): unknown => {
    const adj = new Map<number, number[]>();
    for (const s of list) {
      if (!adj.has(s)) adj.set(s, []);
      const parent = nodes[s]!.parent;
      if (parent >= 0) {
        if (!adj.has(parent)) adj.set(parent, []);
        adj.get(parent)!.push(s);
      }
    }
    const build = (base: number): unknown => {
      const kids = adj.get(base);
      if (!kids) return {};
      if (nodes[base]!.type === 'compound') {
        const first = kids[0];
        if (first === undefined) return {};
        if (isAtomic(first)) return nodes[first]!.key;
      }
      const out: Record<string, unknown> = {};
      for (const c of kids) out[nodes[c]!.key] = build(c);
      return out;
    };
    return deepFreeze(build(0));
  };

  const interned = new Map<string, Configuration>();
  const byValue = new WeakMap<object, Configuration>();
  const byString = new Map<string, Configuration>();
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
    if (typeof value === 'string') byString.set(value, config);
    else byValue.set(value as object, config);
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
