import { type AnyStateMachine, createActor, type EventObject } from 'xstate';
import { compileMachine } from './compile-machine.js';

/**
 * Breadth-first search over a state space given by keys. States are numbered in the order they are
 * found, which is the breadth-first order, so the queue is an index into that numbering. A state is
 * stored as its key and three numbers (the state it was first reached from, the label of that edge, its
 * depth); `decode` turns a key back into a state when it is expanded, so no snapshot is kept.
 */
export interface SearchSpec<S> {
  readonly initial: S;
  key(state: S): string;
  decode(key: string): S;
  /** Call `emit` for every edge out of a state: its label (a number) and the key of its target. */
  successors(state: S, emit: (label: number, key: string) => void, index: number): void;
  /** Called once for each state found, with its number, in breadth-first order. */
  found?(index: number, key: string, depth: number): void;
  /**
   * Stop after finding this many states (default 1,000,000): the search ends as soon as a new state would
   * exceed it, so the states still queued are found and judged but not expanded.
   */
  readonly maxStates?: number | undefined;
  /** Do not expand states this many edges from the start (default: no limit). */
  readonly maxDepth?: number | undefined;
  /**
   * Asked after each state expanded: `true` ends the search there, with `bound: 'stopped'` (a time limit,
   * an interrupt). The states found so far are kept; those still queued are not expanded.
   */
  stop?(): boolean;
}

/** The states found and the tree of first edges that reached them. */
export interface SearchResult {
  readonly states: number;
  /** Edges between distinct states, counted once per (state, label) from every expanded state. */
  readonly edges: number;
  /** The greatest depth of a state found. */
  readonly depth: number;
  /** Why the search stopped before the whole space was seen, or `null` when it saw all of it. */
  readonly bound: 'max-states' | 'depth' | 'stopped' | null;
  /** The key of state `i`. */
  key(i: number): string;
  /** The number of a key's state, if found. */
  indexOf(key: string): number | undefined;
  /** The labels of the edges of a shortest path from the start to state `i`. */
  pathTo(i: number): number[];
  depthOf(i: number): number;
}

/** Run a breadth-first search; see `SearchSpec`. */
export function searchStates<S>(spec: SearchSpec<S>): SearchResult {
  const steps = searchStatesSteps(spec);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/**
 * `searchStates` one state at a time: yields the number of states found after each state expanded, and
 * returns the result. For callers that must stay responsive (the command line stops on Ctrl-C).
 */
export function* searchStatesSteps<S>(spec: SearchSpec<S>): Generator<number, SearchResult, undefined> {
  const maxStates = spec.maxStates ?? 1_000_000;
  const maxDepth = spec.maxDepth ?? Number.POSITIVE_INFINITY;
  const index = new Map<string, number>();
  const keys: string[] = [];
  let parent = new Int32Array(1024);
  let label = new Int32Array(1024);
  let depth = new Uint32Array(1024);
  let bound: SearchResult['bound'] = null;
  let full = false;
  let edges = 0;
  let deepest = 0;
  const add = (key: string, from: number, via: number, d: number): void => {
    const i = keys.length;
    if (i === parent.length) {
      const grow = <T extends Int32Array | Uint32Array>(a: T, make: (n: number) => T): T => {
        const b = make(a.length * 2);
        b.set(a);
        return b;
      };
      parent = grow(parent, (n) => new Int32Array(n));
      label = grow(label, (n) => new Int32Array(n));
      depth = grow(depth, (n) => new Uint32Array(n));
    }
    keys.push(key);
    index.set(key, i);
    parent[i] = from;
    label[i] = via;
    depth[i] = d;
    if (d > deepest) deepest = d;
    spec.found?.(i, key, d);
  };
  add(spec.key(spec.initial), -1, -1, 0);
  for (let head = 0; head < keys.length; head++) {
    const d = depth[head]!;
    const key = keys[head]!;
    if (d >= maxDepth) {
      bound ??= 'depth';
      continue;
    }
    spec.successors(
      spec.decode(key),
      (via, next) => {
        if (next === key) return;
        edges++;
        if (index.has(next)) return;
        if (keys.length >= maxStates) {
          bound = 'max-states';
          full = true;
          return;
        }
        add(next, head, via, d + 1);
      },
      head,
    );
    // Full: no new state can be recorded, so expanding the rest of the queue would only repeat work.
    if (full) break;
    if (head + 1 < keys.length && spec.stop?.()) {
      bound = 'stopped';
      break;
    }
    yield keys.length;
  }
  // A depth bound that cut nothing off (every state at the bound was a dead end) is no bound.
  if (bound === 'depth' && deepest < maxDepth) bound = null;
  return {
    states: keys.length,
    edges,
    depth: deepest,
    bound,
    key: (i) => keys[i]!,
    indexOf: (k) => index.get(k),
    pathTo(i) {
      const out: number[] = [];
      for (let s = i; s > 0; s = parent[s]!) out.push(label[s]!);
      return out.reverse();
    },
    depthOf: (i) => depth[i]!,
  };
}

/** The reachable states of a machine on the compiled kernel. */
export interface MachineSpace {
  readonly states: number;
  readonly edges: number;
  readonly depth: number;
  readonly bound: SearchResult['bound'];
  /** Every state found, as `{ value, context }`, in breadth-first order. */
  readonly list: readonly { readonly value: unknown; readonly context: unknown }[];
  /** The events of a shortest path to the first state that satisfies `where`, or `null`. */
  shortestPath(where: (state: { value: unknown; context: unknown }) => boolean): EventObject[] | null;
}

/**
 * Explore every state of a machine reachable with the given events, on the compiled kernel. A state is
 * its value and context, compared as JSON; keep the context finite. For the world of a scenario, use
 * `explore`, which abstracts the world first.
 *
 * @example
 * ```ts
 * const space = exploreMachine(machine, { events: [{ type: 'NEXT' }, { type: 'RESET' }] });
 * console.log(space.states, space.edges);
 * ```
 */
export function exploreMachine(
  machine: AnyStateMachine,
  options: {
    readonly events:
      | readonly EventObject[]
      | ((state: { value: unknown; context: unknown }) => readonly EventObject[]);
    readonly input?: unknown;
    readonly maxStates?: number;
    readonly maxDepth?: number;
  },
): MachineSpace {
  const kernel = compileMachine(machine);
  const start = createActor(machine, { input: options.input }).getSnapshot() as unknown as {
    value: unknown;
    context: Record<string, unknown>;
  };
  const list: { value: unknown; context: Record<string, unknown> }[] = [];
  const byKey = new Map<string, { value: unknown; context: Record<string, unknown> }>();
  const events = options.events;
  const eventList: EventObject[] = [];
  const eventIds = new Map<string, number>();
  const eventId = (e: EventObject) => {
    const k = JSON.stringify(e);
    let id = eventIds.get(k);
    if (id === undefined) {
      id = eventList.length;
      eventList.push(e);
      eventIds.set(k, id);
    }
    return id;
  };
  const keyOf = (s: { value: unknown; context: unknown }) => JSON.stringify([s.value, s.context]);
  const initial = { value: start.value, context: start.context };
  byKey.set(keyOf(initial), initial);
  const result = searchStates({
    initial,
    key: keyOf,
    decode: (k) => byKey.get(k)!,
    found: (_i, k) => list.push(byKey.get(k)!),
    maxStates: options.maxStates,
    maxDepth: options.maxDepth,
    successors(state, emit) {
      for (const e of typeof events === 'function' ? events(state) : events) {
        const next = kernel.transition(state.value, state.context as Record<string, unknown>, e);
        const s = { value: next.value, context: next.context as Record<string, unknown> };
        const k = keyOf(s);
        if (!byKey.has(k)) byKey.set(k, s);
        emit(eventId(e), k);
      }
    },
  });
  return {
    states: result.states,
    edges: result.edges,
    depth: result.depth,
    bound: result.bound,
    list,
    shortestPath(where) {
      const i = list.findIndex(where);
      return i < 0 ? null : result.pathTo(i).map((id) => eventList[id]!);
    },
  };
}
