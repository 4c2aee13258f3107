import { type ExploreOptions, type ExploreResult, exploreSteps } from '../explore/explore.js';
import { evaluate, type Predicate, type PredicateSubject } from '../model/predicate.js';
import type { WorldEvent } from '../regions/events.js';
import { canonicalJson } from '../scenario/hash.js';
import type { Scenario } from '../scenario/scenario.js';
import { applyWhatIf } from '../scenario/what-if.js';
import { scenarioWorld } from '../scenario/world.js';
import { drain, type RunResult } from '../sim/run-scenario.js';
import { type DecisionMaker, type GraphModel, movesOf } from './graph-model.js';

/**
 * A graph model derived from a scenario. Exploration finds every world reachable by the legal moves of
 * the actors that have preferences; each world is projected onto the facts those preferences read (one
 * letter per fact in a state's pattern). An actor's moves between worlds become its unilateral moves
 * between the projected states, so what the statechart forbids is never a move, and a state no move
 * leaves is irreversible.
 */
export interface ScenarioGraph {
  readonly model: GraphModel;
  /** The facts, in the order of a pattern's letters. */
  readonly facts: readonly { readonly name: string; readonly predicate: Predicate }[];
  readonly explored: ExploreResult;
  /** For each projected state, a world of the exploration that projects to it (its index in `explored`). */
  readonly witness: Int32Array;
  /** The projected state with a given fact pattern (bit `i`: fact `i` holds), or -1 if exploration never saw it. */
  stateOf(pattern: number): number;
}

export interface ScenarioGraphOptions {
  readonly whatIf?: string | undefined;
  readonly depth?: number | undefined;
  readonly maxStates?: number | undefined;
  readonly stop?: ExploreOptions['stop'];
  readonly progress?: ExploreOptions['progress'];
}

export class NoPreferencesError extends Error {
  override readonly name = 'NoPreferencesError';
}

/** A short name for a predicate: `activeFormat=minsk-group`, `in talks=convened`, `mediates actor=turkey`. */
function factName(p: unknown): string {
  if (p === null || typeof p !== 'object') return String(p);
  if (Array.isArray(p)) return `(${p.map(factName).join(', ')})`;
  return Object.entries(p)
    .map(([k, v]) => (v !== null && typeof v === 'object' ? `${k} ${factName(v)}` : `${k}=${String(v)}`))
    .join(', ');
}

/** A statement's fact and whether the statement holds when the fact does not (`not:` is read as such). */
function literal(p: Predicate): { readonly fact: Predicate; readonly negated: boolean } {
  const inner = (p as { not?: Predicate }).not;
  return inner !== undefined && Object.keys(p).length === 1
    ? { fact: inner, negated: true }
    : { fact: p, negated: false };
}

/** The graph model of a scenario's format contest, from the stated preferences of its actors. */
export function scenarioGraphModel(scenario: Scenario, options: ScenarioGraphOptions = {}): ScenarioGraph {
  return drain(scenarioGraphSteps(scenario, options));
}

/**
 * `scenarioGraphModel` as a generator that yields while it explores, so that a caller can let the event
 * loop turn (and `stop` can see an interrupt) during a long search.
 */
export function* scenarioGraphSteps(
  scenario: Scenario,
  options: ScenarioGraphOptions = {},
): Generator<unknown, ScenarioGraph, undefined> {
  const resolved = options.whatIf ? applyWhatIf(scenario, options.whatIf) : scenario;
  const data = resolved.data;
  const dms = Object.entries(data.actors).filter(([, a]) => a.preferences !== undefined);
  if (dms.length === 0)
    throw new NoPreferencesError(
      `no actor of ${data.id} states preferences; give each actor whose stability you ask about \`preferences:\` (docs/stability.md)`,
    );
  // The facts: every predicate a statement or a ranked outcome reads, once (by its canonical form).
  const facts: { name: string; predicate: Predicate }[] = [];
  const factOf = new Map<string, number>();
  const fact = (p: Predicate): number => {
    const key = canonicalJson(p);
    let i = factOf.get(key);
    if (i === undefined) {
      i = facts.length;
      facts.push({ name: factName(p), predicate: p });
      factOf.set(key, i);
    }
    return i;
  };
  const scores = dms.map(([, a]) => {
    const prefs = a.preferences as NonNullable<typeof a.preferences>;
    if ('statements' in prefs) {
      const lits = prefs.statements.map((st) => {
        const l = literal(st.when);
        return { bit: fact(l.fact), negated: l.negated };
      });
      return (pattern: number) =>
        lits.reduce(
          (sum, l, i) =>
            sum + ((((pattern >>> l.bit) & 1) === 1) !== l.negated ? 2 ** (lits.length - 1 - i) : 0),
          0,
        );
    }
    const levels = prefs.ranking.map((entry) =>
      (typeof entry === 'string' ? [entry] : entry).map((o) =>
        fact((data.outcomes[o] as { when: Predicate }).when),
      ),
    );
    return (pattern: number) => {
      const at = levels.findIndex((level) => level.some((b) => ((pattern >>> b) & 1) === 1));
      return at < 0 ? 0 : levels.length - at;
    };
  });
  const explored = yield* exploreSteps(resolved, {
    actors: dms.map(([id]) => id),
    depth: options.depth,
    maxStates: options.maxStates,
    graph: true,
    replay: false,
    facts: facts.map((f) => f.predicate),
    stop: options.stop,
    progress: options.progress,
  });
  const worldFacts = explored.facts as Uint32Array;
  // Projected states, numbered in increasing pattern code, as GMCR numbers states.
  const patterns = [...new Set(worldFacts)].sort((a, b) => a - b);
  const index = new Map(patterns.map((p, i) => [p, i]));
  const witness = new Int32Array(patterns.length).fill(-1);
  worldFacts.forEach((p, w) => {
    const s = index.get(p) as number;
    if (witness[s] === -1) witness[s] = w;
  });
  // A world with no move out was not expanded (the search stopped at it): every world can at least end the day.
  const expanded = new Uint8Array(worldFacts.length);
  for (const e of explored.graph?.edges ?? []) expanded[e.from] = 1;
  const unexpanded = new Uint8Array(patterns.length).fill(1);
  worldFacts.forEach((p, w) => {
    if (expanded[w]) unexpanded[index.get(p) as number] = 0;
  });
  const edges = (explored.graph?.edges ?? []).map((e) => ({
    by: e.move.by,
    from: index.get(worldFacts[e.from] as number) as number,
    to: index.get(worldFacts[e.to] as number) as number,
  }));
  const size = patterns.length;
  const decisionMakers: DecisionMaker[] = dms.map(([id, a], d) => {
    const targets = Array.from({ length: size }, () => new Set<number>());
    for (const e of edges) if (e.by === id && e.from !== e.to) targets[e.from]?.add(e.to);
    const score = scores[d] as (p: number) => number;
    return {
      name: a.name,
      moves: movesOf(size, (s, push) => {
        for (const t of [...(targets[s] as Set<number>)].sort((x, y) => x - y)) push(t);
      }),
      payoff: Float64Array.from(patterns, (p) => score(p)),
    };
  });
  const label = (s: number) =>
    Array.from(facts, (_, b) => ((((patterns[s] as number) >>> b) & 1) === 1 ? 'Y' : 'N')).join('');
  return {
    model: {
      size,
      dms: decisionMakers,
      statusQuo: index.get(worldFacts[0] as number),
      label,
      facts: facts.map((f) => f.name),
      unexpanded,
    },
    facts,
    explored,
    witness,
    stateOf: (pattern) => index.get(pattern) ?? -1,
  };
}

/**
 * Where a run of the scenario ends in the graph model: the facts that hold at its end, as a pattern and
 * as a projected state (-1 when exploration never saw that combination, e.g. past its bound).
 */
export function projectRun(graph: ScenarioGraph, run: RunResult): { pattern: string; state: number } {
  const data = run.scenario.data;
  const world = scenarioWorld(data);
  const subject: PredicateSubject = {
    regionPath: world.regionPath,
    value: run.state.world.value,
    context: run.state.world.context,
    reached: new Set(run.state.reached),
    moves: run.trace.map((e) => ({ type: e.move.type, by: e.move.by, accepted: e.accepted })),
  };
  let bits = 0;
  graph.facts.forEach((f, b) => {
    if (evaluate(f.predicate, subject)) bits |= 1 << b;
  });
  return {
    pattern: Array.from(graph.facts, (_, b) => (((bits >>> b) & 1) === 1 ? 'Y' : 'N')).join(''),
    state: graph.stateOf(bits >>> 0),
  };
}

/**
 * The shortest sequence of moves (day ends included) from the scenario's start to a world that projects
 * to state `s`, as exploration found it: a path `auspices run` can replay. Null when none was found.
 */
export function worldPathTo(graph: ScenarioGraph, s: number): WorldEvent[] | null {
  const worldFacts = graph.explored.facts as Uint32Array;
  const edges = graph.explored.graph?.edges ?? [];
  const out = new Map<number, { to: number; move: WorldEvent }[]>();
  for (const e of edges) {
    const list = out.get(e.from) ?? [];
    if (list.length === 0) out.set(e.from, list);
    list.push({ to: e.to, move: e.move });
  }
  const target = worldFacts[graph.witness[s] as number];
  const parent = new Map<number, { from: number; move: WorldEvent } | null>([[0, null]]);
  const queue = [0];
  for (let head = 0; head < queue.length; head++) {
    const w = queue[head] as number;
    if (worldFacts[w] === target) {
      const moves: WorldEvent[] = [];
      for (let at = parent.get(w); at; at = parent.get(at.from)) moves.unshift(at.move);
      return moves;
    }
    for (const e of out.get(w) ?? []) {
      if (parent.has(e.to)) continue;
      parent.set(e.to, { from: w, move: e.move });
      queue.push(e.to);
    }
  }
  return null;
}
