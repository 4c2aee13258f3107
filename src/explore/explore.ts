import { searchStatesSteps } from '../kernel/state-search.js';
import type { Scenario } from '../scenario/scenario.js';
import { drain } from '../sim/run-scenario.js';
import { exploreResult } from './explore-result.js';
import type { ExploreGraph, ExploreOptions, ExploreResult } from './explore-types.js';
import { createExplorer } from './explorer.js';

export type {
  ExploreGraph,
  ExploreOptions,
  ExploreOutcome,
  ExplorePath,
  ExploreProgress,
  ExploreResult,
  ExploreViolation,
} from './explore-types.js';

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
  const maxStates = checkExploreOptions(options);
  const explorer = createExplorer(scenario, options);
  const { codec, moves } = explorer;
  const graphEdges: [number, string, number][] = [];
  // States expanded so far: the ones found beyond them are queued.
  let expanded = 0;
  const search = yield* searchStatesSteps({
    initial: explorer.start,
    key: (s) => codec.encode(s.world, s.history),
    decode: (k) => codec.decode(k),
    maxStates,
    maxDepth: options.depth,
    ...(options.stop ? { stop: options.stop } : {}),
    found: (i, _key, depth) => {
      explorer.judge(i);
      if (options.progress && i % 10_000 === 0 && i > 0)
        options.progress({ states: i, depth, queued: i + 1 - expanded, done: false });
    },
    successors(state, emit, head) {
      expanded = head + 1;
      explorer.expand(state, head, (id, key) => {
        if (options.graph) graphEdges.push([head, key, id]);
        emit(id, key);
      });
    },
  });
  options.progress?.({ states: search.states, depth: search.depth, queued: 0, done: true });

  const pathTo = (i: number) => search.pathTo(i).map((l) => moves[l]!);
  let graph: ExploreGraph | null = null;
  if (options.graph) {
    const nodes: ExploreGraph['nodes'][number][] = [];
    for (let i = 0; i < search.states; i++) {
      const { world } = codec.decode(search.key(i));
      nodes.push({ id: i, depth: search.depthOf(i), regions: explorer.regionKeys(world.value) });
      if (i % 1000 === 999) yield;
    }
    const edges = graphEdges.flatMap(([from, key, id]) => {
      const to = search.indexOf(key);
      return to === undefined ? [] : [{ from, to, move: moves[id]! }];
    });
    graph = { nodes, edges };
  }
  return yield* exploreResult(
    explorer,
    {
      states: search.states,
      edges: search.edges,
      depth: search.depth,
      bound: search.bound,
      maxStates,
      violations: new Map(
        [...explorer.violations].map(([id, v]) => [
          id,
          { ...v, moves: [...pathTo(v.at), ...(v.move >= 0 ? [moves[v.move]!] : [])] },
        ]),
      ),
      outcomes: new Map([...explorer.outcomes].map(([id, at]) => [id, pathTo(at)])),
      regionSeen: explorer.regionSeen,
      alphabet: explorer.alphabetSize(),
      fieldValues: codec.sizes(),
      verdicts: explorer.verdicts,
      graph,
      facts: explorer.factBits(search.states),
    },
    options,
  );
}

/** Check the bounds of `explore`'s options; returns the state bound. */
export function checkExploreOptions(options: ExploreOptions): number {
  const maxStates = options.maxStates ?? 1_000_000;
  if (!Number.isSafeInteger(maxStates) || maxStates < 1)
    throw new RangeError(`auspices: explore: maxStates ${maxStates} must be a whole number of at least 1`);
  if (options.depth !== undefined && (!Number.isSafeInteger(options.depth) || options.depth < 0))
    throw new RangeError(`auspices: explore: depth ${options.depth} must be a whole number of at least 0`);
  return maxStates;
}
