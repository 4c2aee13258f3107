import { type ExploreOptions, type ExploreResult, exploreSteps } from '../explore/explore.js';
import { evaluate, type Predicate, type PredicateSubject } from '../model/predicate.js';
import type { WorldEvent } from '../regions/events.js';
import { canonicalJson } from '../scenario/hash.js';
import type { Preferences } from '../scenario/preferences.js';
import type { Scenario } from '../scenario/scenario.js';
import { applyWhatIf } from '../scenario/what-if.js';
import { scenarioWorld } from '../scenario/world.js';
import { drain, type RunResult } from '../sim/run-scenario.js';
import { type DecisionMaker, type GraphModel, movesOf } from './graph-model.js';
import {
  coalitionGroups,
  factName,
  optionForm,
  preferenceScore,
  ScenarioModelError,
} from './scenario-options.js';

/**
 * A graph model derived from a scenario. Exploration finds every world reachable by the legal moves of
 * the actors that have preferences; each world is projected onto the options the scenario declares
 * (`stability.options:`), or else onto the facts those preferences read (one letter per option or fact
 * in a state's pattern). An actor's moves between worlds become its unilateral moves
 * between the projected states, so what the statechart forbids is never a move, and a state no move
 * leaves is irreversible.
 */
export interface ScenarioGraph {
  readonly model: GraphModel;
  /**
   * The facts evaluated in each world: the pattern's letters first (the declared options, or else every
   * fact the preferences read), then any other fact the preferences read.
   */
  readonly facts: readonly { readonly name: string; readonly predicate: Predicate }[];
  /** How many of `facts` make a state's pattern. */
  readonly letters: number;
  /**
   * Why the model has no option form, so that simultaneous stability (SIM, SEQ+SIM) cannot be computed,
   * or null when it has one.
   */
  readonly simultaneousIssue: string | null;
  readonly explored: ExploreResult;
  /** For each projected state, a world of the exploration that projects to it (its index in `explored`). */
  readonly witness: Int32Array;
  /**
   * The projected state of a world whose facts are `pattern` (bit `i`: fact `i` holds; only the pattern's
   * letters count), or -1 if exploration never saw it.
   */
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
  const declared = data.stability?.options ?? [];
  // The facts: the declared options first (a state's pattern), then every predicate a statement or a
  // ranked outcome reads that is not one of them, once each (by its canonical form).
  const facts: { name: string; predicate: Predicate }[] = [];
  const factOf = new Map<string, number>();
  const push = (p: Predicate, name: string): number => {
    const key = canonicalJson(p);
    facts.push({ name, predicate: p });
    if (!factOf.has(key)) factOf.set(key, facts.length - 1);
    return facts.length - 1;
  };
  for (const o of declared) push(o.when, o.id);
  const fact = (p: Predicate): number => factOf.get(canonicalJson(p)) ?? push(p, factName(p));
  // Each decision maker's payoff, and the facts it reads beyond the pattern's letters.
  const reads: number[][] = dms.map(() => []);
  const scores = dms.map(([, a], d) =>
    preferenceScore(a.preferences as Preferences, data.outcomes, (p) => {
      const b = fact(p);
      reads[d]?.push(b);
      return b;
    }),
  );
  // A state's pattern is one number: without options, every fact the preferences read is a letter of it.
  if (declared.length === 0 && facts.length > 31)
    throw new ScenarioModelError(
      `the preferences read ${facts.length} facts, and a state's pattern has at most 31 letters; declare the options under \`stability.options:\` (docs/stability.md), or state the preferences over fewer facts`,
    );
  if (facts.length > 256)
    throw new ScenarioModelError(
      `the options and preferences read ${facts.length} facts, and at most 256 can be tracked; state the preferences over fewer facts`,
    );
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
  const allFacts = explored.facts as Uint32Array;
  const words = explored.factWords;
  /** Whether fact `b` holds in world `w`. */
  const holds = (w: number, b: number) =>
    (((allFacts[w * words + (b >>> 5)] as number) >>> (b & 31)) & 1) === 1;
  // With options, a state's pattern is its options; otherwise, every fact the preferences read.
  const letters = declared.length > 0 ? declared.length : facts.length;
  const mask = 2 ** letters - 1;
  const worldFacts = Uint32Array.from(
    { length: allFacts.length / Math.max(1, words) },
    (_, w) => ((allFacts[w * words] as number) & mask) >>> 0,
  );
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
    move: e.move,
    from: index.get(worldFacts[e.from] as number) as number,
    to: index.get(worldFacts[e.to] as number) as number,
  }));
  const size = patterns.length;
  const label = (s: number) =>
    Array.from({ length: letters }, (_, b) => ((((patterns[s] as number) >>> b) & 1) === 1 ? 'Y' : 'N')).join(
      '',
    );
  const decisionMakers: DecisionMaker[] = dms.map(([id, a], d) => {
    const targets = Array.from({ length: size }, () => new Set<number>());
    for (const e of edges) if (e.move.by === id && e.from !== e.to) targets[e.from]?.add(e.to);
    const score = scores[d] as (has: (b: number) => boolean) => number;
    // A state's payoff is its witness world's; the options must leave no room for another.
    const payoff = Float64Array.from(witness, (w) => score((b) => holds(w, b)));
    // Without options every fact read is a letter of the pattern, so a state settles every payoff.
    const beyond = (reads[d] ?? []).filter((b) => b >= letters);
    if (beyond.length > 0)
      worldFacts.forEach((p, w) => {
        const s = index.get(p) as number;
        const other = witness[s] as number;
        const differs = beyond.find((b) => holds(w, b) !== holds(other, b));
        if (differs === undefined || score((b) => holds(w, b)) === payoff[s]) return;
        const f = facts[differs] as { name: string };
        throw new ScenarioModelError(
          `the options do not settle ${a.name}'s preferences: state ${label(s)} holds worlds where \`${f.name}\` holds and worlds where it does not, which ${a.name} ranks differently; declare that fact as an option under \`stability.options:\`, or state the preference over the options`,
        );
      });
    return {
      name: a.name,
      moves: movesOf(size, (s, push) => {
        for (const t of [...(targets[s] as Set<number>)].sort((x, y) => x - y)) push(t);
      }),
      payoff,
    };
  });
  const dmIndex = new Map(dms.map(([id], d) => [id, d]));
  const form =
    declared.length > 0
      ? optionForm(declared, dmIndex, patterns, index, edges)
      : { form: undefined, issue: null };
  return {
    model: {
      size,
      dms: decisionMakers,
      options: form.form,
      byProcess: true,
      coalitions: coalitionGroups(data.stability?.coalitions, dmIndex),
      statusQuo: index.get(worldFacts[0] as number),
      label,
      facts: facts.slice(0, letters).map((f) => f.name),
      unexpanded,
    },
    facts,
    letters,
    simultaneousIssue:
      form.issue ??
      (declared.length === 0
        ? 'simultaneous stability combines moves option by option, and this scenario declares no `stability.options:`, each owned by one decision maker (docs/stability.md)'
        : null),
    explored,
    witness,
    stateOf: (pattern) => index.get((pattern & mask) >>> 0) ?? -1,
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
    if (b < graph.letters && evaluate(f.predicate, subject)) bits |= 1 << b;
  });
  return {
    pattern: Array.from({ length: graph.letters }, (_, b) => (((bits >>> b) & 1) === 1 ? 'Y' : 'N')).join(''),
    state: graph.stateOf(bits >>> 0),
  };
}

/**
 * The shortest sequence of moves (day ends included) from the scenario's start to a world that projects
 * to state `s`, as exploration found it: a path `auspices run` can replay. Null when none was found.
 */
export function worldPathTo(graph: ScenarioGraph, s: number): WorldEvent[] | null {
  const words = graph.explored.factWords;
  const pattern = (w: number) => graph.stateOf((graph.explored.facts as Uint32Array)[w * words] as number);
  const edges = graph.explored.graph?.edges ?? [];
  const out = new Map<number, { to: number; move: WorldEvent }[]>();
  for (const e of edges) {
    const list = out.get(e.from) ?? [];
    if (list.length === 0) out.set(e.from, list);
    list.push({ to: e.to, move: e.move });
  }

  const parent = new Map<number, { from: number; move: WorldEvent } | null>([[0, null]]);
  const queue = [0];
  for (let head = 0; head < queue.length; head++) {
    const w = queue[head] as number;
    if (pattern(w) === s) {
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
