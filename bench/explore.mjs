// `npm run bench:explore` (also run by `npm run bench`; about 8 minutes): exploration against XState's own explorer,
// `getAdjacencyMap` from `xstate/graph`, on the same machine, the same moves and the same state
// abstraction, in one process; bytes per state kept; the search with and without the abstraction (the
// cone-of-influence reduction), answers compared; and, with `--million`, a widened configuration
// explored to one million states. Prints a table and writes bench/explore-results.json.
// `node bench/explore.mjs --reductions-only` measures only the reductions and updates that part of the file;
// `--workers-only` measures only the search on 1 and 2 worker threads (about 4 minutes) and updates that part.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { getAdjacencyMap } from 'xstate/graph';
import { createWorldCodec } from '../dist/explore/explore-codec.js';
import { predicateAtoms } from '../dist/explore/predicate-atoms.js';
import {
  candidateMoves,
  explore,
  exploreInWorkers,
  initialContext,
  initialValue,
  scenarioWorld,
} from '../dist/index.js';
import { loadScenarioSync } from '../dist/scenario/read-file.js';

const million = process.argv.includes('--million');
const reductionsOnly = process.argv.includes('--reductions-only');
const workersOnly = process.argv.includes('--workers-only');
const base = loadScenarioSync('scenarios/karabakh/format-week-2020.yaml');
// Without outcomes and invariants, no path history enters the abstract state, so XState's explorer,
// which keys states by the snapshot alone, can be given exactly the same abstraction.
const scenario = { ...base, data: { ...base.data, outcomes: {}, invariants: [] } };
// Growing configurations, each explored to the end by both: XState's explorer queues every successor
// it generates (duplicates included) and dequeues with Array.shift, so its cost grows faster than the
// space; the ladder shows how the ratio moves with size.
// With formats side by side and joint convening, Russia + France spans 25,280 states (it was 1,896), which
// xstate/graph takes minutes to map; the ladder stops at the United States + France (5,056 states).
const ladder = [['france'], ['russia'], ['usa', 'france']];
const data = scenario.data;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Ours: `explore` on the compiled kernel. */
function ours(actors) {
  const t0 = process.hrtime.bigint();
  const r = explore(scenario, { actors, replay: false, symmetry: false });
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  return { states: r.states, edges: r.edges, seconds: s, perSecond: r.states / s };
}

/** XState's: getAdjacencyMap with the same moves (each actor's candidate moves and the clock) and keys. */
function theirs(actors) {
  const world = scenarioWorld(data);
  const machine = world.machine;
  const codec = createWorldCodec(initialContext(data), predicateAtoms([]), world.tracks);
  const history = codec.startHistory(initialValue(data));
  const clock = { type: 'clock.dayElapsed', by: 'clock' };
  const alphabets = new Map();
  const events = (s) => {
    const f = s.context.activeFormat;
    const k = `${f}:${s.context.formats[f].mediators.join(',')}`;
    let list = alphabets.get(k);
    if (!list) {
      list = [...actors.flatMap((a) => candidateMoves(s.context, a, world)), clock];
      alphabets.set(k, list);
    }
    return list;
  };
  const fromState = machine.resolveState({ value: initialValue(data), context: initialContext(data) });
  const t0 = process.hrtime.bigint();
  const adjacency = getAdjacencyMap(machine, {
    fromState,
    events,
    serializeState: (s) => codec.encode({ value: s.value, context: s.context }, history),
    serializeEvent: (e) => JSON.stringify(e),
    limit: Number.MAX_SAFE_INTEGER,
  });
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  const states = Object.keys(adjacency).length;
  return { states, seconds: s, perSecond: states / s };
}

/** Bytes of heap still held per state when a search of `n` states ends (the keys, tables, caches). */
function bytesPerState(n, which) {
  globalThis.gc?.();
  const before = process.memoryUsage().heapUsed;
  let held = 0;
  const t0 = process.hrtime.bigint();
  const r = explore(base, {
    actors: which,
    maxStates: n,
    replay: false,
    progress: (p) => {
      if (!p.done) return;
      globalThis.gc?.();
      held = process.memoryUsage().heapUsed - before;
    },
  });
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  return {
    actors: which,
    states: r.states,
    depth: r.depth,
    bound: r.bound,
    seconds: s,
    perSecond: r.states / s,
    bytesPerState: held / r.states,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
  };
}

function compare(actors) {
  ours(actors); // warm-up
  const oursRuns = [ours(actors), ours(actors), ours(actors)];
  const theirsRun = theirs(actors);
  if (theirsRun.states !== oursRuns[0].states)
    throw new Error(
      `the explorers disagree: ours found ${oursRuns[0].states} states, xstate/graph ${theirsRun.states}`,
    );
  const oursPerSecond = median(oursRuns.map((r) => r.perSecond));
  return {
    configuration: `flagship, movers ${actors.join(' + ')}, outcomes and invariants left out`,
    states: theirsRun.states,
    edges: oursRuns[0].edges,
    ours_states_per_s: Math.round(oursPerSecond),
    xstate_graph_states_per_s: Math.round(theirsRun.perSecond),
    ours_vs_xstate_graph: +(oursPerSecond / theirsRun.perSecond).toFixed(1),
  };
}

/** An exploration with its time, and its answers as text to compare two searches by. */
function timedExplore(s, options) {
  const t0 = process.hrtime.bigint();
  const r = explore(s, { ...options, replay: false });
  return { r, seconds: Number(process.hrtime.bigint() - t0) / 1e9 };
}
const answersOf = ({ r }) =>
  JSON.stringify([
    r.outcomes.map((o) => [o.id, o.reachable, o.path?.moves.length ?? null]),
    r.violations.map((v) => [v.invariant, v.path.moves.length]),
    r.regionStates.reached,
    r.bound,
  ]);

/**
 * The abstraction is the cone-of-influence reduction: each region module's canonical form keeps what
 * rules, invariants and the scenario's predicates read and drops the rest. Each configuration is
 * searched with it and without it (`exact`), to the same depth, with its outcomes and invariants; the
 * answers must agree (each outcome's reachability and shortest path length, each broken invariant's
 * shortest counterexample length), or the benchmark stops.
 */
const reductionLadder = [
  ['scenarios/karabakh/format-week-2020.yaml', ['france'], 3],
  ['scenarios/karabakh/format-week-2020.yaml', ['russia', 'turkey'], 3],
  ['scenarios/georgia-2008-2009/geneva-2008-2009.yaml', ['russia', 'georgia'], 3],
  ['scenarios/moldova-2003-2006/kozak-to-5plus2.yaml', ['russia'], 3],
];
function reductions() {
  return reductionLadder.map(([file, actors, depth]) => {
    const s = loadScenarioSync(file);
    // Symmetry off in both: this measures the abstraction alone (see `symmetries` for symmetry).
    const reduced = timedExplore(s, { actors, depth, exact: false, symmetry: false });
    const full = timedExplore(s, { actors, depth, exact: true, symmetry: false });
    if (answersOf(reduced) !== answersOf(full))
      throw new Error(`the reduced and full searches disagree on ${file} (${actors.join(' + ')})`);
    return {
      configuration: `${s.data.id}, movers ${actors.join(' + ')}, depth ${depth}, outcomes and invariants kept`,
      with: { states: reduced.r.states, edges: reduced.r.edges, seconds: +reduced.seconds.toFixed(2) },
      without: { states: full.r.states, edges: full.r.edges, seconds: +full.seconds.toFixed(2) },
      states_ratio: Math.round(full.r.states / reduced.r.states),
      answers_agree: true,
    };
  });
}

/**
 * Symmetry reduction: actors the question treats alike are explored as one. Each configuration is
 * searched with the abstraction, with symmetry and without it, to the same depth (every actor moving
 * unless named); the answers must agree, or the benchmark stops.
 */
const symmetryLadder = [
  ['test/fixtures/symmetry/twin-envoys.yaml', undefined, 5],
  ['test/fixtures/symmetry/six-observers.yaml', undefined, 4],
  ['scenarios/georgia-2008-2009/geneva-2008-2009.yaml', undefined, 3],
  ['scenarios/georgia-2008-2009/geneva-2008-2009.yaml', ['abkhazia', 'south-ossetia', 'georgia'], 4],
];
function symmetries() {
  return symmetryLadder.map(([file, actors, depth]) => {
    const s = loadScenarioSync(file);
    const reduced = timedExplore(s, { actors, depth, symmetry: true });
    const full = timedExplore(s, { actors, depth, symmetry: false });
    if (answersOf(reduced) !== answersOf(full))
      throw new Error(`the searches with and without symmetry disagree on ${file}`);
    return {
      configuration: `${s.data.id}, movers ${actors?.join(' + ') ?? 'all'}, depth ${depth}`,
      interchangeable: reduced.r.symmetry,
      with: { states: reduced.r.states, edges: reduced.r.edges, seconds: +reduced.seconds.toFixed(2) },
      without: { states: full.r.states, edges: full.r.edges, seconds: +full.seconds.toFixed(2) },
      states_ratio: +(full.r.states / reduced.r.states).toFixed(2),
      answers_agree: true,
    };
  });
}

/**
 * The search on worker threads against the search in this process, on the flagship with every actor
 * moving: a complete search to depth 3 (the same work for each: every state found and expanded),
 * alternating 1 and 2 threads and this process, three rounds, medians; then the command line's default
 * bound, 500,000 states, once each on 1 and 2 threads. The answers must agree, or the benchmark stops.
 */
async function workers() {
  const flagship = loadScenarioSync('scenarios/karabakh/format-week-2020.yaml');
  const answers = (r) =>
    JSON.stringify([
      r.states,
      r.edges,
      r.outcomes.map((o) => [o.id, o.reachable, o.path?.moves.length ?? null]),
    ]);
  const timed = async (k, options) => {
    const t0 = process.hrtime.bigint();
    const r =
      k === 0
        ? explore(flagship, { ...options, replay: false })
        : await exploreInWorkers(flagship, { ...options, workers: k, replay: false });
    return { r, seconds: Number(process.hrtime.bigint() - t0) / 1e9 };
  };
  const complete = { depth: 3, maxStates: 2_000_000 };
  const rounds = { 0: [], 1: [], 2: [] };
  for (let round = 0; round < 3; round++) for (const k of [1, 2, 0]) rounds[k].push(await timed(k, complete));
  const all = [...rounds[0], ...rounds[1], ...rounds[2]];
  if (new Set(all.map(({ r }) => answers(r))).size !== 1)
    throw new Error('the searches on 1 and 2 threads and in this process disagree');
  const med = (k) => median(rounds[k].map((x) => x.seconds));
  const bounded = { maxStates: 500_000 };
  const one = await timed(1, bounded);
  const two = await timed(2, bounded);
  const reached = ({ r }) => r.outcomes.filter((o) => o.reachable).length;
  return {
    date: new Date().toISOString().slice(0, 10),
    cpus: (await import('node:os')).availableParallelism(),
    complete: {
      configuration: 'flagship, every actor moving, depth 3, searched to the end',
      states: all[0].r.states,
      edges: all[0].r.edges,
      seconds_median_of_3: {
        this_process: +med(0).toFixed(2),
        workers_1: +med(1).toFixed(2),
        workers_2: +med(2).toFixed(2),
      },
      speedup_2_vs_1_workers: +(med(1) / med(2)).toFixed(2),
      speedup_2_workers_vs_this_process: +(med(0) / med(2)).toFixed(2),
      answers_agree: true,
    },
    bounded: {
      configuration: 'flagship, every actor moving, stopped at 500,000 states (the command line default)',
      workers_1: {
        seconds: +one.seconds.toFixed(2),
        states_per_s: Math.round(one.r.states / one.seconds),
        outcomes_reached: reached(one),
      },
      workers_2: {
        seconds: +two.seconds.toFixed(2),
        states_per_s: Math.round(two.r.states / two.seconds),
        outcomes_reached: reached(two),
      },
      outcomes: one.r.outcomes.length,
    },
  };
}

const previous = existsSync('bench/explore-results.json')
  ? JSON.parse(readFileSync('bench/explore-results.json', 'utf8'))
  : {};
const results = reductionsOnly
  ? {
      ...previous,
      reductions: {
        date: new Date().toISOString().slice(0, 10),
        configurations: reductions(),
        symmetry: symmetries(),
      },
    }
  : workersOnly
    ? { ...previous, workers: await workers() }
    : {
        date: new Date().toISOString().slice(0, 10),
        node: process.version,
        comparison: ladder.map(compare),
        memory: bytesPerState(100_000, ['osce', 'france']),
        million: million ? bytesPerState(1_000_000, ['osce', 'france']) : null,
        reductions: {
          date: new Date().toISOString().slice(0, 10),
          configurations: reductions(),
          symmetry: symmetries(),
        },
        workers: await workers(),
      };
const row = (a, b) => `${a.padEnd(44)} ${String(b).padStart(14)}`;
for (const c of reductionsOnly || workersOnly ? [] : results.comparison) {
  console.log(c.configuration);
  console.log(row('  states (both explorers, whole space)', c.states));
  console.log(row('  explore, states/s (median of 3)', c.ours_states_per_s));
  console.log(row('  xstate/graph getAdjacencyMap, states/s', c.xstate_graph_states_per_s));
  console.log(row('  explore vs xstate/graph', `${c.ours_vs_xstate_graph}x`));
}
for (const [name, m] of reductionsOnly || workersOnly
  ? []
  : [
      ['100k', results.memory],
      ['1M', results.million],
    ]) {
  if (!m) continue;
  console.log(row(`${name} states (osce + france): states/s`, Math.round(m.perSecond)));
  console.log(row(`${name} states: bytes held per state`, Math.round(m.bytesPerState)));
  console.log(row(`${name} states: peak RSS, MB`, Math.round(m.peakRssMB)));
}
for (const c of workersOnly ? [] : results.reductions.configurations) {
  console.log(c.configuration);
  console.log(row('  with the abstraction: states, seconds', `${c.with.states}, ${c.with.seconds}`));
  console.log(row('  without: states, seconds', `${c.without.states}, ${c.without.seconds}`));
}
for (const c of workersOnly ? [] : (results.reductions.symmetry ?? [])) {
  console.log(`${c.configuration} (${c.interchangeable.map((k) => k.join(' = ')).join('; ')})`);
  console.log(row('  with symmetry: states, seconds', `${c.with.states}, ${c.with.seconds}`));
  console.log(row('  without: states, seconds', `${c.without.states}, ${c.without.seconds}`));
}
if (results.workers) {
  const w = results.workers;
  console.log(w.complete.configuration);
  console.log(row('  states, edges', `${w.complete.states}, ${w.complete.edges}`));
  console.log(
    row('  seconds: this process, 1, 2 threads', Object.values(w.complete.seconds_median_of_3).join(', ')),
  );
  console.log(row('  2 threads vs 1', `${w.complete.speedup_2_vs_1_workers}x`));
  console.log(w.bounded.configuration);
  console.log(
    row(
      '  1 thread: seconds, outcomes reached',
      `${w.bounded.workers_1.seconds}, ${w.bounded.workers_1.outcomes_reached}`,
    ),
  );
  console.log(
    row(
      '  2 threads: seconds, outcomes reached',
      `${w.bounded.workers_2.seconds}, ${w.bounded.workers_2.outcomes_reached}`,
    ),
  );
}
writeFileSync('bench/explore-results.json', `${JSON.stringify(results, null, 2)}\n`);
