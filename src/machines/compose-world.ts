import { type AnyStateMachine, and, assign, not, or, setup, stateIn } from 'xstate';
import type { WorldContext, WorldValue } from '../model/context.js';
import { withRegionState } from '../model/context.js';
import { evaluate, type Predicate } from '../model/predicate.js';
import { rules as builtinRules, type Rule } from '../model/rules.js';
import { type Check, type Ev, isPredicateCheck, isStateCheck } from '../regions/check-types.js';
import type { WorldEvent } from '../regions/events.js';
import { byInvariantId, type WorldInvariant } from '../regions/invariant.js';
import { alwaysIncluded, builtinRegionIds, regionModule } from '../regions/library.js';
import { namer } from '../regions/queries.js';
import type { EventSpec, RegionModule, RegionTrack, WorldSettings } from '../regions/region-module.js';
import { unknownName } from './check-names.js';
import { applyWording, type WorldWording } from './world-wording.js';

/**
 * A world composed from region modules: its statechart, and everything about its regions that runs,
 * reports and checks read. Every list of regions, moves, checks and rules comes from here.
 */
export interface World {
  /** Identifies the composition: equal keys, equal worlds. */
  readonly key: string;
  /** The modules, in composition order. */
  readonly modules: readonly RegionModule[];
  /** The world's regions, in composition order. */
  readonly tracks: readonly RegionTrack[];
  /** The composed XState machine: id `world`, one parallel region per module node. */
  readonly machine: WorldMachine;
  /** The world's moves by event type, `clock.dayElapsed` last. */
  readonly events: ReadonlyMap<string, EventSpec>;
  /** The event types actors may choose, in catalogue order. */
  readonly moveTypes: readonly string[];
  /** Every check the world's guards are made of, by guard name. */
  readonly checks: ReadonlyMap<string, Check>;
  /** Guards made of several checks. */
  readonly composites: ReadonlyMap<string, readonly string[]>;
  /** The rules its checks cite: the built-in catalogue plus the scenario's own. */
  readonly rules: ReadonlyMap<string, Rule>;
  /** The invariants its modules declare, by id (I1 before I11). */
  readonly invariants: readonly WorldInvariant[];
  /** The checks a guard is made of, in evaluation order. */
  checksOf(guard: string): readonly (readonly [string, Check])[];
  /** A region by the name scenario files use (`mandate`, `talks`, a custom region's id). */
  track(alias: string): RegionTrack | undefined;
  /** The dotted path into the state value of a region named in a scenario file. */
  regionPath(alias: string): string;
  /** Every move an actor could attempt in a world, legal or not; the stepper decides which are legal. */
  candidateMoves(ctx: WorldContext, by: string): WorldEvent[];
  /** "the French Senate adopts a non-binding resolution ..." for a move. */
  describe(move: { readonly type: string; readonly by: string }, ctx: WorldContext): string;
  /**
   * The state value at the start: each region in the state the scenario names (by alias), else the
   * module's default for the scenario's `initial` section, else the region's initial state.
   */
  initialValue(
    states: Readonly<Record<string, string>>,
    initial: Readonly<Record<string, unknown>>,
  ): WorldValue;
}

/** Options of `composeWorld`. */
export interface ComposeOptions {
  /** Custom region modules (from `customRegion`), composed after the built-in ones. */
  readonly custom?: readonly RegionModule[] | undefined;
  /** Rules beside the built-in catalogue, which custom regions cite. */
  readonly rules?: Readonly<Record<string, Rule>> | undefined;
  /** A key for the custom part, so equal scenarios share one composed world (and its steppers). */
  readonly customKey?: string | undefined;
  /** A pack's own words: how moves read (templates with `{field}`) and how regions are labelled. */
  readonly wording?: WorldWording | undefined;
  /** What the scenario tells the modules: the formats whose talks run beside the active one's. */
  readonly settings?: WorldSettings | undefined;
}

/** Thrown when modules cannot be composed: an unknown module, two region nodes with one key, a name used twice, a guard naming no check. */
export class WorldCompositionError extends Error {
  constructor(message: string) {
    super(`auspices: composeWorld: ${message}`);
    this.name = 'WorldCompositionError';
  }
}

function guardTree(p: Predicate, leaf: (q: Predicate) => unknown, path: (alias: string) => string): unknown {
  if ('all' in p) return and(p.all.map((q) => guardTree(q, leaf, path)) as never[]);
  if ('any' in p) return or(p.any.map((q) => guardTree(q, leaf, path)) as never[]);
  if ('not' in p) return not(guardTree(p.not, leaf, path) as never);
  if ('in' in p) {
    const parts = Object.entries(p.in).map(([alias, state]) => stateIn(`#world.${path(alias)}.${state}`));
    return parts.length === 1 ? parts[0] : and(parts as never[]);
  }
  return leaf(p);
}

function buildMachine(
  modules: readonly RegionModule[],
  checks: Map<string, Check>,
  composites: Map<string, readonly string[]>,
  path: (alias: string) => string,
): AnyStateMachine {
  const guards: Record<string, unknown> = {};
  for (const [name, check] of checks) {
    if (isStateCheck(check)) guards[name] = stateIn(`#world.${check.region}.${check.state}`);
    else if (isPredicateCheck(check)) {
      guards[name] = guardTree(
        check.predicate,
        (leaf) =>
          ({ context }: { context: WorldContext }) =>
            // Leaves other than `in` read the context only (the scenario checker refuses history in guards).
            checkLeaf(leaf, context),
        path,
      );
    } else
      guards[name] = ({ context, event }: { context: WorldContext; event: Ev }) => check.test(context, event);
  }
  for (const [name, parts] of composites) guards[name] = and([...parts] as never[]);
  const actions: Record<string, unknown> = {};
  for (const m of modules)
    for (const [name, update] of Object.entries(m.updates))
      actions[name] = assign(({ context, event }: { context: WorldContext; event: Ev }) =>
        update(context, event),
      );
  const on: Record<string, unknown> = { 'clock.dayElapsed': { actions: 'tickDay' } };
  actions.tickDay = assign(({ context }: { context: WorldContext }) => ({ day: context.day + 1 }));
  const states: Record<string, unknown> = {};
  for (const m of modules) {
    Object.assign(on, m.on);
    Object.assign(states, m.nodes);
  }
  const misnamed = unknownName({ on, states }, guards, actions);
  if (misnamed) throw new WorldCompositionError(misnamed);
  return setup({
    types: {} as { context: WorldContext; events: WorldEvent; input: WorldContext },
    guards: guards as Record<string, never>,
    actions: actions as Record<string, never>,
  }).createMachine({
    id: 'world',
    type: 'parallel',
    context: ({ input }) => input,
    on: on as never,
    states: states as never,
  }) as unknown as AnyStateMachine;
}

const NO_KEYS: ReadonlySet<string> = new Set();
/** A predicate leaf other than `in`, which reads the context only (the scenario checker refuses history in guards). */
function checkLeaf(p: Predicate, ctx: WorldContext): boolean {
  return evaluate(p, { value: {}, context: ctx, reached: NO_KEYS, moves: [] });
}

/**
 * Compose a world from region modules, in the order given. Use `worldOf` to compose from ids with the
 * library's order and dependencies.
 *
 * @example
 * ```ts
 * const world = composeWorld([formatRegion, talksRegion, coreRegion]);
 * world.tracks.map((t) => t.alias); // ['mandate', 'composition', 'talks']
 * ```
 */
export function composeWorld(modules: readonly RegionModule[], options: ComposeOptions = {}): World {
  const settings = options.settings;
  const all = [...modules, ...(options.custom ?? [])].map((m) =>
    settings && m.withSettings ? m.withSettings(settings) : m,
  );
  const checks = new Map<string, Check>();
  const composites = new Map<string, readonly string[]>();
  const events = new Map<string, EventSpec>();
  const actions = new Set<string>();
  const nodes = new Set<string>(['clock']);
  const owner = new Map<string, string>();
  const claim = (kind: string, name: string, by: string) => {
    const key = `${kind}:${name}`;
    const prior = owner.get(key);
    if (prior !== undefined)
      throw new WorldCompositionError(
        `${kind} "${name}" is declared by both "${prior}" and "${by}"; rename one`,
      );
    owner.set(key, by);
  };
  for (const m of all) {
    claim('region module', m.id, m.id);
    for (const [name, check] of Object.entries(m.checks)) {
      claim('check', name, m.id);
      checks.set(name, check);
    }
    for (const [name, parts] of Object.entries(m.composites)) {
      claim('check', name, m.id);
      composites.set(name, parts);
    }
    for (const [type, spec] of Object.entries(m.events)) {
      claim('move', type, m.id);
      events.set(type, spec);
    }
    for (const name of Object.keys(m.updates)) {
      claim('update', name, m.id);
      actions.add(name);
    }
    for (const key of Object.keys(m.nodes)) {
      if (nodes.has(key)) throw new WorldCompositionError(`two modules add a region node "${key}"`);
      nodes.add(key);
    }
  }
  for (const [name, parts] of composites)
    for (const part of parts)
      if (!checks.has(part)) throw new WorldCompositionError(`guard "${name}" names no check "${part}"`);
  events.set('clock.dayElapsed', { payload: {}, describe: () => 'ends the day' });
  const rules = new Map<string, Rule>(Object.entries(builtinRules));
  for (const [id, rule] of Object.entries(options.rules ?? {})) rules.set(id, rule);
  const tracks = applyWording(
    options.wording,
    events,
    checks,
    all.flatMap((m) => m.tracks),
  );
  const byAlias = new Map(tracks.map((t) => [t.alias, t]));
  const moveTypes = [...events.keys()].filter((t) => t !== 'clock.dayElapsed');
  const regionPath = (alias: string) => byAlias.get(alias)?.path ?? alias;
  const machine = buildMachine(all, checks, composites, regionPath);
  // Each guard's list is built once: steppers read it for every move they judge.
  const checkLists = new Map<string, readonly (readonly [string, Check])[]>();
  const checksOf = (guard: string) => {
    let list = checkLists.get(guard);
    if (!list) {
      const names = composites.get(guard) ?? [guard];
      list = names.map((n) => {
        const check = checks.get(n);
        if (!check) throw new Error(`auspices: guard "${guard}" names no known check "${n}"`);
        return [n, check] as const;
      });
      checkLists.set(guard, list);
    }
    return list;
  };
  const moduleOf = new Map<string, RegionModule>();
  for (const m of all) for (const t of m.tracks) moduleOf.set(t.alias, m);
  const world: World = {
    key: `${all.map((m) => m.id).join(',')}${options.customKey ? `#${options.customKey}` : ''}`,
    modules: all,
    tracks,
    machine,
    events,
    moveTypes,
    checks,
    composites,
    rules,
    invariants: all.flatMap((m) => m.invariants ?? []).sort(byInvariantId),
    checksOf,
    track: (alias) => byAlias.get(alias),
    regionPath,
    candidateMoves(ctx, by) {
      const out: Record<string, unknown>[] = [];
      for (const type of moveTypes) {
        const spec = events.get(type)!;
        if (!spec.candidates) out.push({ type, by });
        else for (const payload of spec.candidates(ctx, by)) out.push({ type, by, ...payload });
      }
      return out as WorldEvent[];
    },
    describe(move, ctx) {
      const n = namer(ctx);
      const spec = events.get(move.type);
      const what = spec ? spec.describe(move as unknown as Record<string, unknown>, n) : move.type;
      return `${n(move.by)} ${what}`;
    },
    initialValue(states, initial) {
      let value: WorldValue = {};
      for (const t of tracks) {
        const state = states[t.alias] ?? moduleOf.get(t.alias)?.initialFrom?.(t.alias, initial) ?? t.initial;
        value = withRegionState(value, t.path, state);
      }
      return value;
    },
  };
  worlds.set(machine, world);
  configs.set(machine.config, world);
  return world;
}

const worlds = new WeakMap<AnyStateMachine, World>();
/** Worlds by their machine's config, which `machine.provide()` keeps: to recognise a provided copy. */
const configs = new WeakMap<object, World>();

/** The composed world a machine belongs to, if `composeWorld` built it. */
export function worldOfMachine(machine: AnyStateMachine): World | undefined {
  return worlds.get(machine);
}

/** The ids of a world's modules with their dependencies and the always-included ones, in library order. */
export function resolveRegionIds(ids: readonly string[]): string[] {
  const wanted = new Set<string>(alwaysIncluded);
  const visit = (id: string, from: string | null) => {
    const m = regionModule(id);
    if (!m)
      throw new WorldCompositionError(
        `unknown region module "${id}"${from ? ` (required by "${from}")` : ''}; the library has ${builtinRegionIds.join(', ')}`,
      );
    if (wanted.has(id)) return;
    wanted.add(id);
    for (const r of m.requires) visit(r, id);
  };
  for (const id of ids) visit(id, null);
  return builtinRegionIds.filter((id) => wanted.has(id));
}

const cache = new Map<string, World>();
const CACHE_LIMIT = 64;

/**
 * The world of a list of built-in region ids (all of them when omitted: the default world) plus custom
 * modules, composed in library order with dependencies added. Worlds are cached by their key.
 */
export function worldOf(ids?: readonly string[] | undefined, options: ComposeOptions = {}): World {
  const resolved = resolveRegionIds(ids ?? builtinRegionIds);
  const custom = options.custom ?? [];
  const key = `${resolved.join(',')}+${custom.map((m) => m.id).join(',')}#${options.customKey ?? ''}`;
  // Custom modules, rules or wording are told apart only by the caller's key.
  const plain =
    custom.length === 0 &&
    options.rules === undefined &&
    options.wording === undefined &&
    (options.settings?.sideFormats.length ?? 0) === 0;
  const canCache = plain || options.customKey !== undefined;
  const hit = canCache ? cache.get(key) : undefined;
  if (hit) return hit;
  const world = composeWorld(
    resolved.map((id) => regionModule(id)!),
    options,
  );
  if (canCache) {
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    cache.set(key, world);
  }
  return world;
}

/** The default world: every built-in region module, as scenarios without `regions:` get. */
export function defaultWorld(): World {
  return worldOf(undefined);
}

/** A composed world statechart. Its configuration is data composed at run time, so it is typed loosely. */
export type WorldMachine = AnyStateMachine;

/** "the French Senate adopts a non-binding resolution ..." for a move, in the words of its world. */
export function describeMove(
  move: { readonly type: string; readonly by: string },
  ctx: WorldContext,
  world: World = defaultWorld(),
): string {
  return world.describe(move, ctx);
}

/** A rule of a world (the built-in catalogue when no world is given), or a stand-in naming the id. */
export function ruleOf(id: string, world: World = defaultWorld()): Rule {
  return world.rules.get(id) ?? { id, text: `rule ${id}`, source: null, kind: 'mechanic' };
}

/** Every move an actor could attempt in a world (the default world when none is given), legal or not. */
export function candidateMoves(ctx: WorldContext, by: string, world: World = defaultWorld()): WorldEvent[] {
  return world.candidateMoves(ctx, by);
}

/**
 * A world, given the world or its machine (as the steppers accept both). A machine that `composeWorld`
 * did not build has no world to judge its moves by, so it is refused with the fix.
 */
export function asWorld(worldOrMachine: World | AnyStateMachine): World {
  if ('tracks' in worldOrMachine) return worldOrMachine;
  const world = worldOfMachine(worldOrMachine);
  if (!world && configs.has(worldOrMachine.config))
    throw new WorldCompositionError(
      "this machine is a composed world's machine with implementations replaced by machine.provide(); the steppers judge moves by the world's checks and updates, so they would not see the change. Change the region module instead (a check's test, an update) and compose the world again, or compile the provided machine with compileMachine(), which runs its implementations",
    );
  if (!world)
    throw new WorldCompositionError(
      'this machine was not composed from region modules, so its moves cannot be judged by rule; build it with composeWorld() and pass the world, or explore it with exploreMachine()',
    );
  return world;
}

/**
 * Throws when a state value has a region node the world lacks: a world of another scenario, which the
 * machine cannot resolve. The message says how to get the right world.
 */
export function assertWorldValue(world: World, value: WorldValue): void {
  for (const key of Object.keys(value))
    if (!(key in world.machine.root.states))
      throw new WorldCompositionError(
        `this state has a region "${key}" that the world (${world.modules.map((m) => m.id).join(', ')}) lacks: it belongs to another scenario's world; step it with a stepper of that world, createXStateStepper(scenarioWorld(scenario.data))`,
      );
}
