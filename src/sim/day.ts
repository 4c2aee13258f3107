import type { ActorView } from '../agents/policy.js';
import type { TraceEntry } from '../agents/trace.js';
import type { WorldState } from '../model/context.js';
import type { PredicateSubject } from '../model/predicate.js';
import type { WorldEvent } from '../regions/events.js';
import { dateOf } from './calendar.js';
import type { RunState } from './run-state.js';
import type { Runner } from './runner.js';

const moveOf = (e: TraceEntry): Move => ({ type: e.move.type, by: e.move.by, accepted: e.accepted });

type Move = PredicateSubject['moves'][number];

/**
 * The mutable working copy of one day. It is also what predicates read (the scenario's invariants, its
 * conditional injects, its end), so evaluating one allocates nothing; the moves predicates read are built
 * from the trace only when a `happened` condition asks for them.
 */
export class Day implements PredicateSubject {
  world: WorldState;
  readonly trace: TraceEntry[];
  readonly violations: RunState['violations'][number][];
  readonly regionPath: (alias: string) => string;
  #moves: Move[] | undefined;
  /** Yesterday's set until a new key is reached, then today's own copy. */
  #reached: ReadonlySet<string>;
  #ownReached = false;
  constructor(r: Runner, state: RunState) {
    this.world = state.world;
    this.trace = [...state.trace];
    this.violations = [...state.violations];
    this.regionPath = r.world.regionPath;
    this.#reached = reachedSetOf(state.reached);
  }
  get value() {
    return this.world.value;
  }
  get context() {
    return this.world.context;
  }
  get reached(): ReadonlySet<string> {
    return this.#reached;
  }
  get moves(): readonly Move[] {
    this.#moves ??= this.trace.map(moveOf);
    return this.#moves;
  }
  push(entry: TraceEntry) {
    this.trace.push(entry);
    this.#moves?.push(moveOf(entry));
  }
  reach(keys: readonly string[]) {
    for (const key of keys) {
      if (this.#reached.has(key)) continue;
      if (!this.#ownReached) {
        this.#reached = new Set(this.#reached);
        this.#ownReached = true;
      }
      (this.#reached as Set<string>).add(key);
    }
  }
  /** The keys reached by the end of the day, sorted: yesterday's list when no new key was reached. */
  reachedList(yesterday: readonly string[]): readonly string[] {
    if (!this.#ownReached && sameSorted(yesterday, this.#reached)) return yesterday;
    const list = [...this.#reached].sort();
    reachedSets.set(list, this.#reached);
    return list;
  }
}

/** The set of each list of reached keys a day ended with, so the next day need not rebuild it. */
const reachedSets = new WeakMap<readonly string[], ReadonlySet<string>>();

function reachedSetOf(list: readonly string[]): ReadonlySet<string> {
  let set = reachedSets.get(list);
  if (!set) {
    set = new Set(list);
    reachedSets.set(list, set);
  }
  return set;
}

/** What an actor sees when it decides; its legal moves are worked out if it asks for them, once. */
export class DayView implements ActorView {
  readonly actor: string;
  readonly day: number;
  readonly date: string;
  readonly world: WorldState;
  readonly news: readonly TraceEntry[];
  readonly history: readonly TraceEntry[];
  readonly reached: ReadonlySet<string>;
  readonly regionPath: (alias: string) => string;
  readonly #r: Runner;
  #legal: WorldEvent[] | undefined;
  constructor(r: Runner, state: RunState, day: Day, actor: string, news: readonly TraceEntry[]) {
    this.actor = actor;
    this.day = state.day;
    this.date = r.dates[state.day] ?? dateOf(r.data.calendar.start, state.day);
    this.world = day.world;
    this.news = news;
    this.history = day.trace;
    this.reached = day.reached;
    this.regionPath = r.world.regionPath;
    this.#r = r;
  }
  legalMoves(): WorldEvent[] {
    const { stepper, world } = this.#r;
    const state = this.world;
    this.#legal ??= world
      .candidateMoves(state.context, this.actor)
      .filter((m) => stepper.accepts?.(state, m) ?? stepper.check(state, m).accepted);
    return this.#legal;
  }
}

/** Whether a list is already the sorted form of a set it was grown from: as long, in strictly rising order. */
function sameSorted(list: readonly string[], set: ReadonlySet<string>): boolean {
  if (list.length !== set.size) return false;
  for (let i = 1; i < list.length; i++) if (!(list[i - 1]! < list[i]!)) return false;
  return true;
}
