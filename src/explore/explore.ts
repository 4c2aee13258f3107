import type { AnyStateNode } from 'xstate';
import { compileMachine } from '../kernel/compile-machine.js';
import { searchStatesSteps } from '../kernel/state-search.js';
import type { World } from '../machines/compose-world.js';
import type { WorldContext, WorldState } from '../model/context.js';
import { evaluate, type PredicateSubject, reachedKeys } from '../model/predicate.js';
import { isPredicateCheck } from '../regions/check-types.js';
import { CLOCK, type WorldEvent } from '../regions/events.js';
import { initialContext, initialValue } from '../scenario/initial-world.js';
import type { Scenario } from '../scenario/scenario.js';
import { applyWhatIf } from '../scenario/what-if.js';
import { scenarioWorld } from '../scenario/world.js';
import { drain, stepperFor } from '../sim/run-scenario.js';
import { invariantsOf } from '../sim/world-invariants.js';
import { precheck } from '../steppers/explain.js';
import { type AbstractState, createWorldCodec, predicateAtoms } from './explore-codec.js';
import { createMoveOracle } from './explore-oracle.js';
import { replayPath } from './explore-path.js';
import type {
  ExploreGraph,
  ExploreOptions,
  ExploreOutcome,
  ExplorePath,
  ExploreResult,
  ExploreViolation,
} from './explore-types.js';
import { kernelStep } from './kernel-step.js';

export type {
  ExploreGraph,
  ExploreOptions,
  ExploreOutcome,
  ExplorePath,
  ExploreProgress,
  ExploreResult,
  ExploreViolation,
} from './explore-types.js';

/** The most facts `explore` evaluates on every state (`options.facts`). */
const maxFacts = 256;

const CLOCK_MOVE: WorldEvent = Object.freeze({ type: 'clock.dayElapsed', by: CLOCK });

/** Every region state of the world statechart, `alias:state` with dotted nested states, as `reached` keys. */
function allRegionStates(world: World): Set<string> {
  const machine = world.machine;
  const out = new Set<string>();
  for (const { alias, path: region } of world.tracks) {
    let node: AnyStateNode = machine.root;
    for (const part of region.split('.')) node = node.states[part] as AnyStateNode;
    const walk = (n: AnyStateNode, prefix: string): void => {
      for (const [k, child] of Object.entries(n.states)) {
        const path = prefix ? `${prefix}.${k}` : k;
        out.add(`${alias}:${path}`);
        walk(child as AnyStateNode, path);
      }
    };
    walk(node, '');
  }
  return out;
}

/**
 * Explore every world reachable from a scenario's start by any sequence of legal moves: every actor's
 * candidate moves, the moves of the scenario's injects (at any time), and the end of a day. Breadth
 * first, over abstract states (see `explore-codec.ts` for what is abstracted), so every path reported is
 * a shortest one. Checks the world's built-in invariants (its modules' and I11) on every state and move, and the
 * scenario's own invariants on every state; finds a shortest path to every named outcome; replays each
 * path found as a scenario file through `runScenario`.
 *
 * @example
 * ```ts
 * const result = explore(scenario, { maxStates: 100_000 });
 * for (const v of result.violations) console.log(v.invariant, v.path.moves.length);
 * ```
 */
export function explore(scenario: Scenario, options: ExploreOptions = {}): ExploreResult {
  return drain(exploreSteps(scenario, options));
}

/**
 * `explore` in steps: yields after each state expanded and each path replayed, and returns the result.
 * For callers that must stay responsive during a long search (the command line stops on Ctrl-C).
 */
export function* exploreSteps(
  scenario: Scenario,
  options: ExploreOptions = {},
): Generator<unknown, ExploreResult, undefined> {
  const resolved = options.whatIf ? applyWhatIf(scenario, options.whatIf) : scenario;
  const data = resolved.data;
  const maxStates = options.maxStates ?? 1_000_000;
  if (!Number.isSafeInteger(maxStates) || maxStates < 1)
    throw new RangeError(`auspices: explore: maxStates ${maxStates} must be a whole number of at least 1`);
  if (options.depth !== undefined && (!Number.isSafeInteger(options.depth) || options.depth < 0))
    throw new RangeError(`auspices: explore: depth ${options.depth} must be a whole number of at least 0`);
  const composed = scenarioWorld(data);
  const stepper = stepperFor(composed, options.engine === 'xstate' ? 'xstate' : 'kernel');
  const start = stepper.initial(initialValue(data), initialContext(data));
  const kernel = options.engine === 'xstate' ? null : compileMachine(composed.machine);
  const stepWorld = kernel ? kernelStep(kernel) : (w: WorldState, m: WorldEvent) => stepper.step(w, m);
  const predicates = [
    ...data.invariants.map((i) => i.holds),
    ...Object.values(data.outcomes).map((o) => o.when),
    // A custom region's guards read the world too: the days they name must be told apart.
    ...[...composed.checks.values()].filter(isPredicateCheck).map((c) => c.predicate),
    ...(options.facts ?? []),
  ];
  const facts = options.facts ?? [];
  if (facts.length > maxFacts)
    throw new RangeError(`auspices: explore: ${facts.length} facts; at most ${maxFacts} can be tracked`);
  const factWords = Math.ceil(facts.length / 32);
  let factBits = new Uint32Array(factWords * 1024);
  const codec = createWorldCodec(
    start.context,
    predicateAtoms(predicates),
    composed.tracks,
    options.exact === true,
  );
  const oracle = kernel ? createMoveOracle(kernel, codec.fields, codec.dropped) : null;

  // The alphabet: interned moves, so that an edge's label is a number.
  const moves: WorldEvent[] = [];
  const moveIds = new Map<string, number>();
  const moveId = (m: WorldEvent) => {
    const k = JSON.stringify(m);
    let id = moveIds.get(k);
    if (id === undefined) {
      id = moves.length;
      moves.push(Object.freeze(m));
      moveIds.set(k, id);
    }
    return id;
  };
  const movers = options.actors ?? Object.keys(data.actors);
  for (const a of movers)
    if (!Object.hasOwn(data.actors, a))
      throw new RangeError(
        `auspices: explore: "${a}" is not an actor of ${data.id}; use one of ${Object.keys(data.actors).join(', ')}`,
      );
  const injectMoves = data.injects.flatMap((inject) =>
    (Array.isArray(inject.do) ? inject.do : [inject.do]).map(
      (m) => ({ ...m, by: m.by ?? inject.by }) as unknown as WorldEvent,
    ),
  );
  const alphabets = new Map<string, number[]>();
  const alphabetOf = (ctx: WorldContext): number[] => {
    const k = `${ctx.activeFormat}:${ctx.formats[ctx.activeFormat]?.mediators.join(',')}`;
    let list = alphabets.get(k);
    if (!list) {
      const all = [
        ...movers.flatMap((a) => composed.candidateMoves(ctx, a)),
        ...injectMoves.filter((m) => movers.includes(m.by)),
        CLOCK_MOVE,
      ];
      // Moves the pre-checks refuse (an unknown actor, the clock impersonated) are refused in every
      // world, since they read only the cast: they are left out once, here.
      list = [...new Set(all.filter((m) => precheck(ctx, m) === null).map(moveId))];
      alphabets.set(k, list);
    }
    return list;
  };

  const violations = new Map<
    string,
    { detail: string; text: string; builtIn: boolean; at: number; move: number }
  >();
  const outcomes = new Map<string, number>();
  const regionSeen = new Set<string>();
  const valuesSeen = new WeakSet<object>();
  const graphEdges: [number, string, number][] = [];
  let found: AbstractState = {
    world: start,
    history: codec.startHistory(start.value),
  };

  const invariants = invariantsOf(composed);
  const judgeState = (i: number) => {
    const { world, history } = found;
    if (!valuesSeen.has(world.value)) {
      valuesSeen.add(world.value);
      for (const k of reachedKeys(world.value, composed.tracks)) regionSeen.add(k);
    }
    for (const inv of invariants) {
      if (inv.kind !== 'state' || violations.has(inv.id)) continue;
      const detail = inv.check(world);
      if (detail !== null) violations.set(inv.id, { detail, text: inv.text, builtIn: true, at: i, move: -1 });
    }
    const subject: PredicateSubject = {
      regionPath: composed.regionPath,
      value: world.value,
      context: world.context,
      reached: history.reachedSet,
      moves: history.moves,
    };
    if (facts.length > 0) {
      if ((i + 1) * factWords > factBits.length) {
        const grown = new Uint32Array(factBits.length * 2);
        grown.set(factBits);
        factBits = grown;
      }
      facts.forEach((f, b) => {
        if (evaluate(f, subject)) {
          const at = i * factWords + (b >>> 5);
          factBits[at] = ((factBits[at] as number) | (1 << (b & 31))) >>> 0;
        }
      });
    }
    if (data.invariants.length === 0 && outcomes.size === Object.keys(data.outcomes).length) return;
    for (const inv of data.invariants)
      if (!violations.has(inv.id) && !evaluate(inv.holds, subject))
        violations.set(inv.id, { detail: inv.text, text: inv.text, builtIn: false, at: i, move: -1 });
    for (const [id, o] of Object.entries(data.outcomes))
      if (!outcomes.has(id) && evaluate(o.when, subject)) outcomes.set(id, i);
  };

  // States expanded so far: the ones found beyond them are queued.
  let expanded = 0;
  const search = yield* searchStatesSteps({
    initial: found,
    key: (s) => codec.encode(s.world, s.history),
    decode: (k) => codec.decode(k),
    maxStates,
    maxDepth: options.depth,
    ...(options.stop ? { stop: options.stop } : {}),
    found: (i, _key, depth) => {
      judgeState(i);
      if (options.progress && i % 10_000 === 0 && i > 0)
        options.progress({ states: i, depth, queued: i + 1 - expanded, done: false });
    },
    successors({ world, history, ids }, emit, head) {
      expanded = head + 1;
      for (const id of alphabetOf(world.context)) {
        const move = moves[id]!;
        // A move the oracle has seen refused on the same facts is refused again: no need to step it.
        // Moves it has to judge afresh are stepped, so the step invariants (I11) see every new refusal.
        const verdict = oracle && ids ? oracle.verdict(world, ids, id, move) : 'taken';
        if (verdict !== 'taken' && !oracle?.missed) {
          if (verdict === 'refused' && !codec.refusalsMatter) continue;
          const nextHistory = codec.nextHistory(history, move, verdict === 'inert', world.value);
          if (nextHistory === history) continue;
          found = { world, history: nextHistory };
          const key = codec.encode(world, nextHistory);
          if (options.graph) graphEdges.push([head, key, id]);
          emit(id, key);
          continue;
        }
        const outcome = stepWorld(world, move);
        const after = outcome.state;
        const step = {
          before: world,
          event: move,
          accepted: outcome.accepted,
          after,
          changes: outcome.changes,
        };
        for (const inv of invariants) {
          if (inv.kind !== 'step' || violations.has(inv.id)) continue;
          const detail = inv.check(step);
          if (detail !== null)
            violations.set(inv.id, { detail, text: inv.text, builtIn: true, at: head, move: id });
        }
        if (!outcome.accepted && !codec.refusalsMatter) continue;
        const nextHistory = codec.nextHistory(history, move, outcome.accepted, after.value);
        if (after === world && nextHistory === history) continue;
        found = { world: after, history: nextHistory };
        const key = codec.encode(after, nextHistory);
        if (options.graph) graphEdges.push([head, key, id]);
        emit(id, key);
      }
    },
  });

  options.progress?.({ states: search.states, depth: search.depth, queued: 0, done: true });
  const replay = options.replay ?? true;
  const pathOf = (labels: number[], label: string): ExplorePath => {
    const path = labels.map((l) => moves[l]!);
    const days = path.filter((m) => m.type === 'clock.dayElapsed').length;
    return { moves: path, days, replay: replay ? replayPath(resolved, path, label) : null };
  };
  const all = allRegionStates(composed);
  const complete = search.bound === null;
  const broken: ExploreViolation[] = [];
  for (const [invariant, v] of violations) {
    const labels = [...search.pathTo(v.at), ...(v.move >= 0 ? [v.move] : [])];
    broken.push({
      invariant,
      text: v.text,
      detail: v.detail,
      builtIn: v.builtIn,
      path: pathOf(labels, `breaks ${invariant}`),
    });
    yield;
  }
  const reached: ExploreOutcome[] = [];
  for (const [id, o] of Object.entries(data.outcomes)) {
    const at = outcomes.get(id);
    const reachable = at !== undefined ? true : complete ? false : null;
    reached.push({
      id,
      text: o.text,
      reachable,
      path: at === undefined ? null : pathOf(search.pathTo(at), `reaches ${id}`),
    });
    yield;
  }
  let graph: ExploreGraph | null = null;
  if (options.graph) {
    const nodes: ExploreGraph['nodes'][number][] = [];
    for (let i = 0; i < search.states; i++) {
      const { world } = codec.decode(search.key(i));
      nodes.push({
        id: i,
        depth: search.depthOf(i),
        regions: reachedKeys(world.value, composed.tracks).join(' '),
      });
      if (i % 1000 === 999) yield;
    }
    const edges = graphEdges.flatMap(([from, key, id]) => {
      const to = search.indexOf(key);
      return to === undefined ? [] : [{ from, to, move: moves[id]! }];
    });
    graph = { nodes, edges };
  }
  return {
    scenario: { id: data.id, title: data.title, whatIf: resolved.whatIf },
    states: search.states,
    edges: search.edges,
    depth: search.depth,
    bound: search.bound,
    limits: { maxStates, depth: options.depth ?? null },
    movers,
    alphabet: Math.max(...[...alphabets.values()].map((a) => a.length)),
    regionStates: {
      reached: [...regionSeen].filter((k) => all.has(k)).sort(),
      unreached: [...all].filter((k) => !regionSeen.has(k)).sort(),
    },
    violations: broken,
    invariantsChecked: invariants.map((i) => i.id),
    outcomes: reached,
    fieldValues: codec.sizes(),
    verdicts: oracle ? { ...oracle.stats } : null,
    graph,
    facts: facts.length > 0 ? factBits.slice(0, search.states * factWords) : null,
    factWords,
  };
}
