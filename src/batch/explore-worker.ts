import { parentPort, workerData } from 'node:worker_threads';
import type { ExploreOptions } from '../explore/explore-types.js';
import { createExplorer } from '../explore/explorer.js';
import {
  createSharedSearch,
  ownClaims,
  rowBuffers,
  type StateBatch,
  sharedClaims,
} from '../explore/shared-search.js';
import { parseScenario } from '../scenario/parse.js';

/** What a thread of a parallel exploration is given once (see `explore-workers.ts`). */
export interface ExploreWorkerData {
  readonly scenarioText: string;
  readonly hash: string;
  readonly options: Pick<ExploreOptions, 'whatIf' | 'actors' | 'engine' | 'exact' | 'symmetry'>;
  readonly index: number;
  readonly count: number;
  /** The bound on states: of all threads together, or of this process (with `table` null). */
  readonly maxStates: number;
  /** The table of fingerprints the threads share; `null` for a process of several, which keeps its own. */
  readonly table: SharedArrayBuffer | null;
  readonly counters: SharedArrayBuffer;
}

/**
 * The messages a thread answers: take in states and expand a depth, or take in the last states and hand
 * over what was found (and end).
 */
export type ExploreWorkerRequest =
  | { readonly level: number; readonly incoming: readonly StateBatch[] }
  | { readonly finish: number; readonly incoming: readonly StateBatch[] };

const data = workerData as ExploreWorkerData;
const scenario = parseScenario(data.scenarioText, 'scenario.json');
if (scenario.hash !== data.hash)
  throw new Error(`auspices: explore worker: the scenario hashes to ${scenario.hash}, not ${data.hash}`);
const counters = new Int32Array(data.counters);
// With a shared table, the threads of one process; without, one process of several (`--shard`).
const claims = data.table
  ? sharedClaims(new BigInt64Array(data.table), counters, data.maxStates)
  : ownClaims(counters, data.maxStates);
const search = createSharedSearch(createExplorer(scenario, data.options), claims, data.index, data.count);
const port = parentPort!;
port.on('message', (request: ExploreWorkerRequest) => {
  if ('level' in request) {
    const done = search.level(request.level, request.incoming);
    port.postMessage(done, rowBuffers(done.batches));
  } else {
    const findings = search.findings(request.finish, request.incoming);
    const buffers = [findings.parent, findings.label, findings.depth].map((a) => a.buffer as ArrayBuffer);
    port.postMessage(findings, buffers);
    port.close();
  }
});
