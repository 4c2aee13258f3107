import type { AnyStateMachine, AnyStateNode } from 'xstate';

/** Thrown when a machine uses a statechart feature the compiled kernel does not support. */
export class KernelCompileError extends Error {
  readonly feature: string;
  readonly stateNode: string;
  constructor(feature: string, stateNode: string) {
    super(
      `auspices: compileMachine: "${feature}" at state node "${stateNode}" is not supported by the compiled kernel; use the XState stepper for this machine, or express it with compound, parallel and final states, guarded and eventless transitions, and assign`,
    );
    this.name = 'KernelCompileError';
    this.feature = feature;
    this.stateNode = stateNode;
  }
}

type Context = Record<string, unknown>;
type Event = { type: string };
type Guard = (ctx: Context, ev: Event, active: ReadonlySet<number>) => boolean;
/** An action: a context update, or a raise that queues an internal event. */
type Action = (ctx: Context, ev: Event, queue: Event[]) => Context;

interface Node {
  readonly index: number;
  readonly id: string;
  readonly key: string;
  readonly type: 'atomic' | 'compound' | 'parallel' | 'final';
  readonly parent: number;
  readonly children: number[];
  /** For a compound node, its initial child. */
  initial: number;
  readonly on: Map<string, Transition[]>;
  readonly always: Transition[];
}

interface Transition {
  readonly source: number;
  readonly targets: number[];
  readonly reenter: boolean;
  readonly guard: Guard | null;
  readonly actions: Action[];
}

/** A machine flattened into tables, stepping plain `{ value, context }` with the machine's own guards and actions. */
export interface CompiledMachine {
  /** Apply one event: the next value and context, and whether any transition was taken. */
  transition(
    value: unknown,
    context: Context,
    event: Event,
  ): { value: unknown; context: Context; taken: boolean };
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
    const fn = impl as (args: { context: Context; event: Event }) => boolean;
    return (context, event) => fn({ context, event });
  }
  if (typeof builtin.stateValue === 'string' && builtin.stateValue.startsWith('#')) {
    const target = ids.get(builtin.stateValue.slice(1));
    if (target === undefined) throw new KernelCompileError(`stateIn(${builtin.stateValue})`, where);
    return (_c, _e, active) => active.has(target);
  }
  const parts = (builtin.guards ?? []).map((g) => guardOf(machine, g, ids, where)!);
  const name = (impl as { name?: string }).name;
  if (name === 'and') return (c, e, a) => parts.every((p) => p(c, e, a));
  if (name === 'or') return (c, e, a) => parts.some((p) => p(c, e, a));
  if (name === 'not') return (c, e, a) => !parts[0]!(c, e, a);
  throw new KernelCompileError(`guard ${name ?? 'builtin'}`, where);
}

function actionOf(machine: AnyStateMachine, raw: unknown, where: string): Action {
  const impl =
    typeof raw === 'string' ? (machine.implementations.actions as Record<string, unknown>)[raw] : raw;
  const builtin = impl as { type?: string; assignment?: unknown } | undefined;
  if (typeof raw === 'object' && raw !== null && 'params' in raw)
    throw new KernelCompileError('action params', where);
  if (builtin?.type === 'xstate.raise') {
    const spec = impl as unknown as { event: unknown; delay?: unknown };
    if (spec.delay !== undefined) throw new KernelCompileError('delayed raise', where);
    if (typeof spec.event === 'function') {
      const make = spec.event as (args: { context: Context; event: Event }) => Event;
      return (context, event, queue) => {
        queue.push(make({ context, event }));
        return context;
      };
    }
    const raised = spec.event as Event;
    return (context, _event, queue) => {
      queue.push(raised);
      return context;
    };
  }
  if (builtin?.type !== 'xstate.assign')
    throw new KernelCompileError(`action ${builtin?.type ?? String(raw)}`, where);
  const assignment = builtin.assignment;
  if (typeof assignment === 'function') {
    const fn = assignment as (args: { context: Context; event: Event }) => Context;
    return (context, event) => ({ ...context, ...fn({ context, event }) });
  }
  const props = Object.entries(assignment as Record<string, unknown>);
  return (context, event) => {
    const update: Context = {};
    for (const [key, value] of props) {
      update[key] =
        typeof value === 'function' ? (value as (a: unknown) => unknown)({ context, event }) : value;
    }
    return { ...context, ...update };
  };
}

/**
 * Compile a machine into flat tables once; `transition` then follows XState's macrostep (SCXML
 * selection, conflict removal by exit sets, exit, actions, entry, eventless transitions until stable)
 * on plain data. Supported: compound, parallel and final states, guarded and eventless transitions,
 * `assign`, and `and`/`or`/`not`/`stateIn` guards. Anything else throws a `KernelCompileError`.
 */
export function compileMachine(machine: AnyStateMachine): CompiledMachine {
  const nodes: Node[] = [];
  const ids = new Map<string, number>();
  const raw: AnyStateNode[] = [];
  const visit = (sn: AnyStateNode, parent: number) => {
    const where = sn.id;
    if (sn.type === 'history') throw new KernelCompileError('history state', where);
    if (sn.entry.length > 0) throw new KernelCompileError('entry actions', where);
    if (sn.exit.length > 0) throw new KernelCompileError('exit actions', where);
    if ((sn.config as { invoke?: unknown }).invoke) throw new KernelCompileError('invoke', where);
    if ((sn.config as { after?: unknown }).after)
      throw new KernelCompileError('delayed transitions (after)', where);
    const index = nodes.length;
    const type =
      sn.type === 'atomic' || sn.type === 'final' || sn.type === 'compound' || sn.type === 'parallel'
        ? sn.type
        : 'atomic';
    nodes.push({
      index,
      id: sn.id,
      key: sn.key,
      type,
      parent,
      children: [],
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
      source: node.index,
      targets: (t.target ?? []).map((target) => ids.get(target.id)!),
      reenter: t.reenter === true,
      guard: guardOf(machine, t.guard, ids, node.id),
      actions: t.actions.map((a) => actionOf(machine, a, node.id)),
    });
    for (const [type, list] of sn.transitions) {
      if (type.includes('*')) throw new KernelCompileError(`wildcard event "${type}"`, node.id);
      if (type.startsWith('xstate.')) throw new KernelCompileError(`event "${type}"`, node.id);
      node.on.set(type, list.map(compile));
    }
    for (const t of sn.always ?? []) node.always.push(compile(t));
  }

  const isDescendant = (child: number, ancestor: number): boolean => {
    let p = nodes[child]!.parent;
    while (p >= 0) {
      if (p === ancestor) return true;
      p = nodes[p]!.parent;
    }
    return false;
  };
  const ancestors = (n: number, upTo = -1): number[] => {
    const out: number[] = [];
    for (let p = nodes[n]!.parent; p >= 0 && p !== upTo; p = nodes[p]!.parent) out.push(p);
    return out;
  };
  const activeFrom = (value: unknown): number[] => {
    const out: number[] = [0];
    const walk = (n: number, v: unknown) => {
      if (typeof v === 'string') {
        const child = nodes[n]!.children.find((c) => nodes[c]!.key === v);
        if (child !== undefined) out.push(child);
        return;
      }
      for (const [key, sub] of Object.entries(v as Record<string, unknown>)) {
        const child = nodes[n]!.children.find((c) => nodes[c]!.key === key);
        if (child === undefined) continue;
        out.push(child);
        walk(child, sub);
      }
    };
    walk(0, value);
    return out;
  };
  const valueFrom = (active: ReadonlySet<number>, n = 0): unknown => {
    const node = nodes[n]!;
    const kids = node.children.filter((c) => active.has(c));
    if (node.type === 'compound') {
      const child = nodes[kids[0]!]!;
      return child.children.length === 0 ? child.key : { [child.key]: valueFrom(active, child.index) };
    }
    const out: Record<string, unknown> = {};
    for (const c of kids) out[nodes[c]!.key] = nodes[c]!.children.length === 0 ? {} : valueFrom(active, c);
    return out;
  };
  const domainOf = (t: Transition): number => {
    if (!t.reenter && t.targets.every((x) => x === t.source || isDescendant(x, t.source))) return t.source;
    const all = [...t.targets, t.source];
    for (const anc of ancestors(all[0]!)) if (all.slice(1).every((x) => isDescendant(x, anc))) return anc;
    return 0;
  };
  const exitSet = (t: Transition, active: readonly number[]): number[] => {
    if (t.targets.length === 0) return [];
    const domain = domainOf(t);
    const out = active.filter((n) => isDescendant(n, domain));
    if (t.reenter && t.source === domain) out.push(domain);
    return out;
  };
  const withoutConflicts = (ts: Transition[], active: readonly number[]): Transition[] => {
    const kept: Transition[] = [];
    for (const t1 of ts) {
      let preempted = false;
      const remove = new Set<Transition>();
      const e1 = new Set(exitSet(t1, active));
      for (const t2 of kept) {
        if (exitSet(t2, active).some((n) => e1.has(n))) {
          if (isDescendant(t1.source, t2.source)) remove.add(t2);
          else {
            preempted = true;
            break;
          }
        }
      }
      if (!preempted) {
        for (let i = kept.length - 1; i >= 0; i--) if (remove.has(kept[i]!)) kept.splice(i, 1);
        if (!kept.includes(t1)) kept.push(t1);
      }
    }
    return kept;
  };
  const enabled = (
    list: readonly Transition[] | undefined,
    ctx: Context,
    ev: Event,
    set: ReadonlySet<number>,
  ) => list?.find((t) => t.guard === null || t.guard(ctx, ev, set));
  const select = (
    n: number,
    value: unknown,
    ctx: Context,
    ev: Event,
    set: ReadonlySet<number>,
  ): Transition[] => {
    const own = () => {
      const t = enabled(nodes[n]!.on.get(ev.type), ctx, ev, set);
      return t ? [t] : [];
    };
    if (typeof value === 'string') {
      const child = nodes[n]!.children.find((c) => nodes[c]!.key === value)!;
      const t = enabled(nodes[child]!.on.get(ev.type), ctx, ev, set);
      return t ? [t] : own();
    }
    const entries = Object.entries(value as Record<string, unknown>);
    const inner: Transition[] = [];
    for (const [key, sub] of entries) {
      const child = nodes[n]!.children.find((c) => nodes[c]!.key === key)!;
      inner.push(...select(child, sub, ctx, ev, set));
      if (entries.length === 1) break;
    }
    return inner.length ? inner : own();
  };
  const microstep = (
    ts: Transition[],
    active: number[],
    ctx: Context,
    ev: Event,
    queue: Event[],
  ): [number[], Context] => {
    const filtered = withoutConflicts(ts, active);
    const exits = new Set(filtered.flatMap((t) => exitSet(t, active)));
    let next = active.filter((n) => !exits.has(n));
    let context = ctx;
    for (const t of filtered) for (const a of t.actions) context = a(context, ev, queue);
    const enter = new Set<number>();
    const addDescendants = (s: number) => {
      enter.add(s);
      const node = nodes[s]!;
      if (node.type === 'compound') {
        addDescendants(node.initial);
      } else if (node.type === 'parallel') {
        for (const c of node.children) {
          if (![...enter].some((e) => e === c || isDescendant(e, c))) addDescendants(c);
        }
      }
    };
    const addAncestors = (s: number, domain: number) => {
      for (const anc of ancestors(s, domain)) {
        enter.add(anc);
        if (nodes[anc]!.type === 'parallel') {
          for (const c of nodes[anc]!.children) {
            if (![...enter].some((e) => e === c || isDescendant(e, c))) addDescendants(c);
          }
        }
      }
    };
    for (const t of filtered) {
      if (t.targets.length === 0) continue;
      const domain = domainOf(t);
      for (const target of t.targets) addDescendants(target);
      for (const target of t.targets) addAncestors(target, domain);
    }
    const present = new Set(next);
    for (const n of [...enter].sort((a, b) => a - b)) if (!present.has(n)) next = [...next, n];
    return [next, context];
  };
  return {
    transition(value, context, event) {
      const queue: Event[] = [];
      let active = activeFrom(value);
      let ctx = context;
      let current = event;
      const first = select(0, value, ctx, event, new Set(active));
      let taken = first.length > 0;
      if (taken) [active, ctx] = microstep(first, active, ctx, event, queue);
      // As XState's macrostep: eventless transitions until stable, then the next raised event, and again.
      for (let guard = 0; guard < 10_000; guard++) {
        const set = new Set(active);
        const eventless: Transition[] = [];
        for (const atomic of active.filter((n) => nodes[n]!.children.length === 0)) {
          for (const s of [atomic, ...ancestors(atomic)]) {
            const t = enabled(nodes[s]!.always, ctx, current, set);
            if (t) {
              if (!eventless.includes(t)) eventless.push(t);
              break;
            }
          }
        }
        let chosen = withoutConflicts(eventless, active);
        if (chosen.length === 0) {
          const next = queue.shift();
          if (next === undefined) {
            return taken
              ? { value: valueFrom(new Set(active)), context: ctx, taken }
              : { value, context, taken };
          }
          current = next;
          chosen = select(0, valueFrom(set), ctx, next, set);
        }
        if (chosen.length > 0) taken = true;
        [active, ctx] = microstep(chosen, active, ctx, current, queue);
      }
      throw new Error(
        'auspices: compiled kernel: eventless transitions did not settle after 10000 microsteps',
      );
    },
  };
}
