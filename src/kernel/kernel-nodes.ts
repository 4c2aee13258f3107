import { type AnyStateMachine, type AnyStateNode, and, not, or, stateIn } from 'xstate';

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

export type Context = Record<string, unknown>;
export type Event = { type: string };
/** The arguments XState passes guards and assigners; the kernel builds them once per selection. */
export type Args = { readonly context: Context; readonly event: Event };
type Guard = (args: Args, active: ReadonlySet<number>) => boolean;

/** An action: a context update (`assign`) or a raise that queues an internal event. */
export interface Action {
  readonly assigns: boolean;
  run(ctx: Context, ev: Event, queue: Event[]): Context;
  /** For an assign: the context fields it writes for this context and event. */
  writes?(ctx: Context, ev: Event): readonly string[];
}

export interface Node {
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

export interface Transition {
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

/** A transition chosen for an event: where it is declared and its guard's name, if the guard is named. */
export interface SelectedTransition {
  readonly source: string;
  readonly guard: string | undefined;
  /** Whether it has no target (it stays in its state, leaving and entering nothing). */
  readonly targetless: boolean;
  /** The context fields its actions write for this context and event; `null` if an action raises events. */
  writes(ctx: Context, ev: Event): readonly string[] | null;
}

type BuiltinGuard = { check?: unknown; guards?: unknown[]; stateValue?: unknown };

/** The `check` of each XState built-in guard, to recognise them by identity: a minifier renames functions. */
const builtinChecks = {
  and: (and([]) as unknown as BuiltinGuard).check,
  or: (or([]) as unknown as BuiltinGuard).check,
  not: (not(() => true) as unknown as BuiltinGuard).check,
  stateIn: (stateIn('#x') as unknown as BuiltinGuard).check,
};

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
  const builtin = impl as unknown as BuiltinGuard;
  if (builtin.check === undefined) {
    return impl as (args: Args) => boolean;
  }
  if (builtin.check === builtinChecks.stateIn) {
    if (typeof builtin.stateValue !== 'string' || !builtin.stateValue.startsWith('#'))
      throw new KernelCompileError('stateIn with a state value', where);
    const target = ids.get(builtin.stateValue.slice(1));
    if (target === undefined) throw new KernelCompileError(`stateIn(${builtin.stateValue})`, where);
    return (_args, active) => active.has(target);
  }
  const parts = (builtin.guards ?? []).map((g) => guardOf(machine, g, ids, where)!);
  if (builtin.check === builtinChecks.and)
    return (args, active) => {
      for (const p of parts) if (!p(args, active)) return false;
      return true;
    };
  if (builtin.check === builtinChecks.or)
    return (args, active) => {
      for (const p of parts) if (p(args, active)) return true;
      return false;
    };
  if (builtin.check === builtinChecks.not) return (args, active) => !parts[0]!(args, active);
  throw new KernelCompileError(`guard ${(impl as { name?: string }).name ?? 'builtin'}`, where);
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
    return {
      assigns: true,
      run: (context, event) => ({ ...context, ...fn({ context, event }) }),
      writes: (context, event) => Object.keys(fn({ context, event })),
    };
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
    writes: () => props.map(([key]) => key),
  };
}

/**
 * Walk a machine's state nodes once into a flat array (index = position in document order) with each
 * node's transitions compiled: targets as indices, the machine's own guards and actions as functions.
 * Throws a `KernelCompileError` for anything outside the kernel's subset.
 */
export function flattenMachine(machine: AnyStateMachine): { nodes: Node[]; ids: Map<string, number> } {
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
    }): Transition => {
      const actions = t.actions.map((a) => actionOf(machine, a, node.id));
      const selected: SelectedTransition = {
        source: node.id,
        guard: typeof t.guard === 'string' ? t.guard : undefined,
        targetless: (t.target ?? []).length === 0,
        writes: (ctx, ev) =>
          actions.every((a) => a.writes) ? [...new Set(actions.flatMap((a) => a.writes!(ctx, ev)))] : null,
      };
      return {
        alone: Object.freeze([Object.freeze(selected)]),
        id: transitionCount++,
        source: node.index,
        targets: (t.target ?? []).map((target) => ids.get(target.id)!),
        reenter: t.reenter === true,
        guard: guardOf(machine, t.guard, ids, node.id),
        guardName: typeof t.guard === 'string' ? t.guard : undefined,
        actions,
      };
    };
    for (const [type, list] of sn.transitions) {
      if (type.includes('*')) throw new KernelCompileError(`wildcard event "${type}"`, node.id);
      if (type.startsWith('xstate.')) throw new KernelCompileError(`event "${type}"`, node.id);
      node.on.set(type, list.map(compile));
    }
    for (const t of sn.always ?? []) node.always.push(compile(t));
  }
  return { nodes, ids };
}
