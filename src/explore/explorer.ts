import type { AnyStateNode } from 'xstate';
import { compileMachine } from '../kernel/compile-machine.js';
import type { World } from '../machines/compose-world.js';
import type { WorldContext, WorldState } from '../model/context.js';
import { evaluate, type PredicateSubject, reachedKeys } from '../model/predicate.js';
import { isPredicateCheck } from '../regions/check-types.js';
import { CLOCK, type WorldEvent } from '../regions/events.js';
import { initialContext, initialValue } from '../scenario/initial-world.js';
import type { Scenario } from '../scenario/scenario.js';
import { applyWhatIf } from '../scenario/what-if.js';
import { scenarioWorld } from '../scenario/world.js';
import { stepperFor } from '../sim/run-scenario.js';
import { invariantsOf } from '../sim/world-invariants.js';
import { precheck } from '../steppers/explain.js';
import { type AbstractState, createWorldCodec, type WorldCodec } from './explore-codec.js';
import { createMoveOracle } from './explore-oracle.js';
import type { ExploreOptions } from './explore-types.js';
import { kernelStep } from './kernel-step.js';
import { predicateAtoms } from './predicate-atoms.js';
import { type Read, readKey, watchReads } from './read-watch.js';
import { type ActorSymmetry, actorSymmetry, interchangeable } from './symmetry.js';
import { vocabulary } from './world-words.js';

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

/** A broken invariant as the search first met it: at state `at`, or on move `move` out of it. */
export interface FoundViolation {
  readonly detail: string;
  readonly text: string;
  readonly builtIn: boolean;
  readonly at: number;
  /** The move (an id of `Explorer.moves`) that broke a step invariant, or -1 for a state invariant. */
  readonly move: number;
}

/**
 * The work exploration does per state, apart from the search that orders it: the abstraction and its
 * codec, the alphabet of moves, the judging of each state found (invariants, outcomes, facts) and the
 * expansion of a state into its successors. One explorer per search, in one thread; the breadth-first
 * search in this thread (`exploreSteps`) and each worker of a parallel one drive their own.
 */
export interface Explorer {
  /** The scenario explored (a what-if applied). */
  readonly resolved: Scenario;
  readonly codec: WorldCodec;
  readonly start: AbstractState;
  /** The moves by id: an edge's label is an index here. */
  readonly moves: readonly WorldEvent[];
  readonly movers: readonly string[];
  /**
   * Judge a state found as state `i`: `state`, or else the state last handed to `emit` by `expand` (the
   * start, before any).
   */
  judge(i: number, state?: AbstractState): void;
  /** Every edge out of a state, as its label and the key of its target (the target is then `judge`able). */
  expand(state: AbstractState, head: number, emit: (label: number, key: string) => void): void;
  readonly violations: ReadonlyMap<string, FoundViolation>;
  /** The first state found in which each outcome holds. */
  readonly outcomes: ReadonlyMap<string, number>;
  /** Region states (`alias:state`) seen in some state judged. */
  readonly regionSeen: ReadonlySet<string>;
  /** The most moves tried in one world. */
  alphabetSize(): number;
  /** With facts: per state judged, a bit set in `factWords` words. */
  factBits(states: number): Uint32Array | null;
  readonly factWords: number;
  readonly verdicts: { readonly hits: number; readonly misses: number } | null;
  /** Ids of the built-in invariants checked. */
  readonly invariantsChecked: readonly string[];
  /** Every region state of the statechart, as `reached` keys. */
  allRegionStates(): Set<string>;
  /** Classes of actors explored as one (`options.symmetry`); empty when none are interchangeable. */
  readonly symmetry: readonly (readonly string[])[];
  /** A path found by the search as the moves of one real world (the same moves without symmetry). */
  unfold(moves: readonly WorldEvent[]): WorldEvent[];
  /**
   * What a built-in invariant says at the end of a real path (after its last move, for a step
   * invariant): `null` if it holds there. With symmetry, the detail the search found names the actors of
   * the state it kept for an orbit, not those of the real path reported.
   */
  recheck(invariant: string, path: readonly WorldEvent[]): string | null;
  /** The region states of a configuration, as `reached` keys joined by spaces (a graph node's label). */
  regionKeys(value: WorldState['value']): string;
}

/** Check the options of `explore` and set up its explorer; throws `RangeError` on an option out of range. */
export function createExplorer(scenario: Scenario, options: ExploreOptions = {}): Explorer {
  const resolved = options.whatIf ? applyWhatIf(scenario, options.whatIf) : scenario;
  const data = resolved.data;
  const composed = scenarioWorld(data);
  const stepper = stepperFor(composed, options.engine === 'xstate' ? 'xstate' : 'kernel');
  const startWorld = stepper.initial(initialValue(data), initialContext(data));
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
  const newCodec = () =>
    createWorldCodec(startWorld.context, predicateAtoms(predicates), composed.tracks, options.exact === true);
  const codec = newCodec();
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
  // The moves tried in a world depend on the parts of its context that the candidate moves read (the
  // formats, their mediators and invitations, the cast, ...). Which parts those are is learnt as they are
  // computed: each computation records what it reads (`read-watch.ts`), and the lists are kept under the
  // text of every part read so far. A list is reused only for a world that agrees on all of them, so it
  // is the list that world would compute: the same inputs, the same answer, in whatever order the
  // worlds come.
  const reads = new Set<Read>();
  let readList: Read[] = [];
  let alphabets = new Map<string, number[]>();
  let widest = 0;
  const alphabetOf = (ctx: WorldContext): number[] => {
    const key = readKey(ctx, readList);
    const cached = alphabets.get(key);
    if (cached) return cached;
    const before = reads.size;
    const watched = watchReads(ctx, reads);
    const all = [
      ...movers.flatMap((a) => composed.candidateMoves(watched, a)),
      ...injectMoves.filter((m) => movers.includes(m.by)),
      CLOCK_MOVE,
    ];
    // Moves the pre-checks refuse (an unknown actor, the clock impersonated) are refused in every
    // world with the same cast: they are left out here.
    const list = [...new Set(all.filter((m) => precheck(watched, m) === null).map(moveId))];
    widest = Math.max(widest, list.length);
    // Keys made before a part was first read do not cover it: start afresh (this settles quickly). A
    // cache, not a record: it starts afresh too when it holds too many lists.
    if (reads.size > before || alphabets.size >= 1 << 16) {
      readList = [...reads].sort();
      alphabets = new Map();
    }
    alphabets.set(readKey(ctx, readList), list);
    return list;
  };

  const violations = new Map<string, FoundViolation>();
  const outcomes = new Map<string, number>();
  const regionSeen = new Set<string>();
  const valuesSeen = new WeakSet<object>();
  const start: AbstractState = { world: startWorld, history: codec.startHistory(startWorld.value) };
  // The state last emitted: the one `judge` judges.
  let found: AbstractState = start;

  // Symmetry: by default, but not with `exact` (which checks the reductions), nor with the graph or
  // facts, whose states are the real ones.
  const symmetric = (options.symmetry ?? options.exact !== true) && !options.graph && facts.length === 0;
  const words = symmetric ? vocabulary(composed, data, startWorld.context) : null;
  let symmetry: ActorSymmetry | null = null;
  if (words) {
    // Tried on a codec of its own, so that the swaps tried leave no values in the search's tables.
    const scratch = newCodec();
    const classes = interchangeable({
      codec: scratch,
      start: scratch.encode(start.world, scratch.startHistory(start.world.value)),
      actors: startWorld.context.actors,
      movers,
      moves: injectMoves.filter((m) => movers.includes(m.by)),
      predicates: [
        ...data.invariants.map((i) => i.holds),
        ...Object.values(data.outcomes).map((o) => o.when),
        ...[...composed.checks.values()].filter(isPredicateCheck).map((c) => c.predicate),
      ],
      data: [data.customRegions ?? {}],
      vocabulary: words,
    });
    if (classes.length > 0) symmetry = actorSymmetry(codec, startWorld.context.actors, classes);
  }
  const keyOf = (world: WorldState, history: AbstractState['history']) =>
    symmetry ? symmetry.canonical(codec.encode(world, history)) : codec.encode(world, history);
  const step = (s: AbstractState, move: WorldEvent): AbstractState => {
    const outcome = stepWorld(s.world, move);
    return {
      world: outcome.state,
      history: codec.nextHistory(s.history, move, outcome.accepted, outcome.state.value),
    };
  };

  const invariants = invariantsOf(composed);
  const outcomeCount = Object.keys(data.outcomes).length;
  const judge = (i: number, state: AbstractState = found) => {
    const { world, history } = state;
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
        const grown = new Uint32Array(Math.max(factBits.length * 2, (i + 1) * factWords));
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
    if (data.invariants.length === 0 && outcomes.size === outcomeCount) return;
    for (const inv of data.invariants)
      if (!violations.has(inv.id) && !evaluate(inv.holds, subject))
        violations.set(inv.id, { detail: inv.text, text: inv.text, builtIn: false, at: i, move: -1 });
    for (const [id, o] of Object.entries(data.outcomes))
      if (!outcomes.has(id) && evaluate(o.when, subject)) outcomes.set(id, i);
  };

  const expand: Explorer['expand'] = ({ world, history, ids }, head, emit) => {
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
        emit(id, keyOf(world, nextHistory));
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
      emit(id, keyOf(after, nextHistory));
    }
  };

  return {
    resolved,
    codec,
    start,
    moves,
    movers,
    judge,
    expand,
    violations,
    outcomes,
    regionSeen,
    alphabetSize: () => widest,
    factBits: (states) => (facts.length > 0 ? factBits.slice(0, states * factWords) : null),
    factWords,
    verdicts: oracle ? oracle.stats : null,
    invariantsChecked: invariants.map((i) => i.id),
    allRegionStates: () => allRegionStates(composed),
    regionKeys: (value) => reachedKeys(value, composed.tracks).join(' '),
    symmetry: symmetry?.classes ?? [],
    unfold: (path) => (symmetry ? symmetry.unfold(path, start, step) : [...path]),
    recheck(invariant, path) {
      const inv = invariants.find((i) => i.id === invariant);
      if (!inv) return null;
      let world = start.world;
      let last: Parameters<typeof inv.check>[0] | null = null;
      for (const move of path) {
        const o = stepWorld(world, move);
        last = { before: world, event: move, accepted: o.accepted, after: o.state, changes: o.changes };
        world = o.state;
      }
      if (inv.kind === 'state') return inv.check(world);
      return last ? inv.check(last) : null;
    },
  };
}
