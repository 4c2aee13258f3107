import { Worker } from 'node:worker_threads';
import { checkExploreOptions } from '../explore/explore.js';
import { exploreResult } from '../explore/explore-result.js';
import type { ExploreOptions, ExploreResult } from '../explore/explore-types.js';
import { createExplorer } from '../explore/explorer.js';
import {
  mergeFindings,
  rowBuffers,
  SHARED,
  type StateBatch,
  type ThreadFindings,
  tableSlots,
} from '../explore/shared-search.js';
import type { Scenario } from '../scenario/scenario.js';
import { drain } from '../sim/run-scenario.js';
import type { ExploreWorkerData, ExploreWorkerRequest } from './explore-worker.js';
import { workerFile } from './worker-file.js';

/** Options of `exploreInWorkers`: `explore`'s, without the graph and facts, and the threads. */
export interface ParallelExploreOptions extends Omit<ExploreOptions, 'graph' | 'facts'> {
  /** Worker threads that search (at least 1). */
  readonly workers: number;
}

/** A worker thread of the search, with a way to ask it one thing at a time. */
export interface Thread {
  ask(request: ExploreWorkerRequest, transfer?: ArrayBuffer[]): Promise<unknown>;
  end(): Promise<number>;
}

/** Start a thread of a search of `scenario` with `options`, as `part` of it. */
export function startThread(
  scenario: Scenario,
  options: ExploreOptions,
  part: Omit<ExploreWorkerData, 'scenarioText' | 'hash' | 'options'>,
): Thread {
  const { whatIf, actors, engine, exact, symmetry } = options;
  const data: ExploreWorkerData = {
    scenarioText: JSON.stringify(scenario.data),
    hash: scenario.hash,
    options: { whatIf, actors, engine, exact, symmetry },
    ...part,
  };
  const { filename, execArgv } = workerFile('explore-worker');
  // Exploring allocates many short-lived objects: a larger young generation means fewer scavenges.
  const worker = new Worker(new URL(filename), {
    workerData: data,
    execArgv,
    resourceLimits: { maxYoungGenerationSizeMb: 64 },
  });
  // A thread that fails (or exits) rejects what is asked of it, then and from then on.
  let failure: Error | null = null;
  let pending: { resolve(v: unknown): void; reject(e: Error): void } | null = null;
  const fail = (error: Error) => {
    failure ??= error;
    pending?.reject(failure);
    pending = null;
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`auspices: explore: worker ${data.index} exited (${code})`)));
  worker.on('message', (m) => {
    const p = pending;
    pending = null;
    p?.resolve(m);
  });
  return {
    ask(request, transfer) {
      if (failure) return Promise.reject(failure);
      return new Promise((resolve, reject) => {
        pending = { resolve, reject };
        worker.postMessage(request, transfer);
      });
    },
    end: () => worker.terminate(),
  };
}

/**
 * `explore` on several worker threads: the same breadth-first search over the same abstract states,
 * shared out between the threads (see `shared-search.ts`). A complete search finds the same states,
 * edges, reachable outcomes and broken invariants as `explore`, with paths of the same lengths (which
 * path of a given length may differ from run to run). The threads tell states apart by 64-bit
 * fingerprints, so two states could in principle be taken for one: with n states the chance is about
 * n²/2⁶⁵ (3·10⁻⁸ for a million). `maxStates` bounds the states of all threads together; `stop` is
 * asked ten times a second; `progress` is called as often with the threads' totals.
 *
 * @example
 * ```ts
 * const result = await exploreInWorkers(scenario, { workers: 2, maxStates: 500_000 });
 * ```
 */
export async function exploreInWorkers(
  scenario: Scenario,
  options: ParallelExploreOptions,
): Promise<ExploreResult> {
  const maxStates = checkExploreOptions(options);
  const count = options.workers;
  if (!Number.isSafeInteger(count) || count < 1 || count > 256)
    throw new RangeError(`auspices: explore: ${count} workers; use a whole number from 1 to 256`);
  // Unknown actors and what-ifs are refused here, before any thread starts.
  const explorer = createExplorer(scenario, options);
  const slots = tableSlots(maxStates);
  let table: SharedArrayBuffer;
  try {
    table = new SharedArrayBuffer(slots * 8);
  } catch {
    throw new RangeError(
      `auspices: explore: a bound of ${maxStates} states on worker threads needs ${Math.ceil((slots * 8) / 2 ** 30)} GB of shared memory for their table of states, which this machine does not give; lower maxStates (--max-states)`,
    );
  }
  const counters = new SharedArrayBuffer(SHARED.length * 4);
  const shared = new Int32Array(counters);
  const threads = Array.from({ length: count }, (_, index) =>
    startThread(scenario, options, {
      index,
      count,
      maxStates,
      table,
      counters,
    }),
  );
  let depth = 0;
  const tick = () => {
    if (options.stop?.()) Atomics.store(shared, SHARED.stop, 1);
    const states = Atomics.load(shared, SHARED.states);
    const queued = states - Atomics.load(shared, SHARED.expanded);
    options.progress?.({ states, depth, queued, done: false });
  };
  const timer = setInterval(tick, 100);
  let findings: ThreadFindings[];
  let bound: ExploreResult['bound'] = null;
  // The states each thread is handed at the start of the next depth.
  let inboxes: StateBatch[][] = threads.map(() => []);
  const handed = (index: number) => {
    const incoming = inboxes[index]!;
    return [incoming, rowBuffers(incoming)] as const;
  };
  try {
    for (; ; depth++) {
      if (options.depth !== undefined && depth >= options.depth) {
        bound = 'depth';
        break;
      }
      const done = (await Promise.all(
        threads.map((t, i) => {
          const [incoming, buffers] = handed(i);
          return t.ask({ level: depth, incoming }, buffers);
        }),
      )) as { found: number; batches: (StateBatch | null)[] }[];
      inboxes = threads.map((_, to) => done.flatMap((d) => (d.batches[to] ? [d.batches[to]] : [])));
      if (Atomics.load(shared, SHARED.full) !== 0) bound = 'max-states';
      else if (Atomics.load(shared, SHARED.stop) !== 0) bound = 'stopped';
      if (bound !== null || done.every((d) => d.found === 0)) break;
      tick();
    }
    // The states of the next depth found before the search ended are judged, as `explore` judges the
    // states it queued.
    const last = bound === 'depth' ? depth : depth + 1;
    findings = (await Promise.all(
      threads.map((t, i) => {
        const [incoming, buffers] = handed(i);
        return t.ask({ finish: last, incoming }, buffers);
      }),
    )) as ThreadFindings[];
  } finally {
    clearInterval(timer);
    await Promise.all(threads.map((t) => t.end()));
  }
  const merged = mergeFindings(findings, { bound, maxStates });
  // A depth bound that cut nothing off (no state at the bound) is no bound, as in `explore`.
  const found = { ...merged, bound: merged.bound === 'depth' && merged.depth < depth ? null : merged.bound };
  options.progress?.({ states: found.states, depth: found.depth, queued: 0, done: true });
  return drain(exploreResult(explorer, { ...found, graph: null, facts: null }, options));
}
