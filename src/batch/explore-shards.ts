import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
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
} from '../explore/shared-search.js';
import type { Scenario } from '../scenario/scenario.js';
import { drain } from '../sim/run-scenario.js';
import { startThread } from './explore-workers.js';
import { makeFolder, writeAtomically } from './files.js';

/** Options of `exploreShard`: `explore`'s, without the graph and facts, and where this shard stands. */
export interface ShardExploreOptions extends Omit<ExploreOptions, 'graph' | 'facts'> {
  readonly shard: { readonly index: number; readonly count: number };
  /** The folder every shard of the search reads and writes; a new one for each search. */
  readonly exchange: string;
  /** How long to wait for the other shards at any one step before giving up (default 600 s). */
  readonly waitSeconds?: number | undefined;
  /**
   * Aborted to stop at once, even while waiting for the other shards (which then give up after
   * `waitSeconds`). `stop`, by contrast, stops the search at the end of a depth, with the others.
   */
  readonly signal?: AbortSignal | undefined;
}

/** A shard that cannot go on: the others did not answer, or the folder belongs to another search. */
export class ShardExchangeError extends Error {
  override name = 'ShardExchangeError';
}

/** What each shard writes first, so that shards of different searches are not mixed. */
interface Signature {
  readonly format: 'auspices.explore-shard';
  readonly node: string;
  readonly scenario: string;
  readonly whatIf: string | null;
  readonly actors: readonly string[] | null;
  readonly depth: number | null;
  readonly maxStates: number;
  readonly engine: string;
  readonly exact: boolean;
  readonly symmetry: boolean;
  readonly count: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One shard of a search shared between processes, on this machine or others, that share a folder (a
 * network filesystem, a Kubernetes volume, a Slurm cluster's shared disk) and run at the same time.
 *
 * It is the search of `exploreInWorkers`, with files for shared memory: each state belongs to the shard
 * its fingerprint names, which keeps and expands it. A depth at a time, every shard expands its states,
 * writes the states it found for each other shard into `level-<d>/<from>-<to>.bin`, then
 * `level-<d>/done-<from>.json`; when every shard's `done` file is there, each reads what was written for
 * it, drops the states it already has, and goes on. No memory is shared, so a shard keeps each state it
 * owns once, and hands each other state over once; `maxStates` bounds each shard's own states. At the
 * end every shard writes `findings-<i>.bin`; shard 0 waits for them all, joins them and returns the
 * result (the other shards return `null`), then removes the levels' files.
 *
 * The files are written atomically and hold V8-serialised data: every shard must run the same Node.
 * A shard that waits longer than `waitSeconds` for the others at one step throws `ShardExchangeError`.
 * `stop` is asked ten times a second; a stopped shard tells the others at the end of the depth, and
 * they stop too.
 */
export async function exploreShard(
  scenario: Scenario,
  options: ShardExploreOptions,
): Promise<ExploreResult | null> {
  const maxStates = checkExploreOptions(options);
  const { index, count } = options.shard;
  if (
    !Number.isSafeInteger(count) ||
    count < 1 ||
    !Number.isSafeInteger(index) ||
    index < 0 ||
    index >= count
  )
    throw new RangeError(
      `auspices: explore: shard ${index}/${count} does not exist; shards run from 0/n to ${Math.max(0, count - 1)}/n`,
    );
  const explorer = createExplorer(scenario, options);
  const dir = options.exchange;
  const waitMs = (options.waitSeconds ?? 600) * 1000;
  const mark = join(dir, `shard-${index}.json`);
  /** A file operation on the folder, whose failure is the folder's, said as such. */
  const onFolder = <T>(what: () => T): T => {
    try {
      return what();
    } catch (error) {
      throw new ShardExchangeError(
        `cannot use ${dir} as the exchange folder: ${(error as Error).message}; choose a folder every shard can write with --exchange`,
      );
    }
  };
  onFolder(() => makeFolder(dir));
  if (existsSync(mark))
    throw new ShardExchangeError(
      `${dir} already holds shard ${index} of a search; give each search a new, empty --exchange folder`,
    );
  const signature: Signature = {
    format: 'auspices.explore-shard',
    node: process.version,
    scenario: scenario.hash,
    whatIf: options.whatIf ?? null,
    actors: options.actors ?? null,
    depth: options.depth ?? null,
    maxStates,
    engine: options.engine ?? 'kernel',
    exact: options.exact === true,
    symmetry: options.symmetry !== false,
    count,
  };
  onFolder(() => writeAtomically(mark, JSON.stringify(signature)));

  /** Wait until every file `name(j)` exists, j over the shards; each new one resets the clock. */
  const waitFor = async (what: string, name: (j: number) => string) => {
    let missing = Array.from({ length: count }, (_, j) => j);
    let since = performance.now();
    for (;;) {
      const still = missing.filter((j) => !existsSync(join(dir, name(j))));
      if (still.length < missing.length) since = performance.now();
      missing = still;
      if (missing.length === 0) return;
      if (options.signal?.aborted)
        throw new ShardExchangeError(
          `stopped while waiting for shard(s) ${missing.map((j) => `${j}/${count}`).join(', ')} to ${what}; the other shards give up after their --shard-wait`,
        );
      if (performance.now() - since > waitMs)
        throw new ShardExchangeError(
          `waited ${Math.round(waitMs / 1000)} s for shard(s) ${missing.map((j) => `${j}/${count}`).join(', ')} to ${what} in ${dir}; start every shard at once, with the same file and options`,
        );
      await sleep(50);
    }
  };
  await waitFor('start', (j) => `shard-${j}.json`);
  for (let j = 0; j < count; j++) {
    const theirs = readFileSync(join(dir, `shard-${j}.json`), 'utf8');
    if (theirs !== JSON.stringify(signature))
      throw new ShardExchangeError(
        `shard ${j}/${count} in ${dir} explores something else (${theirs}); every shard needs the same file, options and Node (this one: ${JSON.stringify(signature)})`,
      );
  }

  const counters = new SharedArrayBuffer(SHARED.length * 4);
  const shared = new Int32Array(counters);
  const thread = startThread(scenario, options, {
    index,
    count,
    maxStates,
    table: null,
    counters,
  });
  let depth = 0;
  const tick = () => {
    if (options.stop?.()) Atomics.store(shared, SHARED.stop, 1);
    const states = Atomics.load(shared, SHARED.states);
    options.progress?.({
      states,
      depth,
      queued: states - Atomics.load(shared, SHARED.expanded),
      done: false,
    });
  };
  const timer = setInterval(tick, 100);
  const levelDir = (d: number) => join(dir, `level-${d}`);
  const read = (file: string) => deserialize(readFileSync(file)) as unknown;
  let inbox: StateBatch[] = [];
  let bound: ExploreResult['bound'] = null;
  let mine: ThreadFindings;
  try {
    for (; ; depth++) {
      if (options.depth !== undefined && depth >= options.depth) {
        bound = 'depth';
        break;
      }
      const done = (await thread.ask({ level: depth, incoming: inbox }, rowBuffers(inbox))) as {
        found: number;
        batches: (StateBatch | null)[];
      };
      makeFolder(levelDir(depth));
      done.batches.forEach((batch, to) => {
        if (batch) writeAtomically(join(levelDir(depth), `${index}-${to}.bin`), serialize(batch));
      });
      const report = {
        found: done.found,
        full: Atomics.load(shared, SHARED.full) !== 0,
        stopped: Atomics.load(shared, SHARED.stop) !== 0,
      };
      writeAtomically(join(levelDir(depth), `done-${index}.json`), JSON.stringify(report));
      await waitFor(`finish depth ${depth}`, (j) => `level-${depth}/done-${j}.json`);
      const reports = Array.from(
        { length: count },
        (_, j) => JSON.parse(readFileSync(join(levelDir(depth), `done-${j}.json`), 'utf8')) as typeof report,
      );
      inbox = readdirSync(levelDir(depth))
        .filter((f) => f.endsWith(`-${index}.bin`))
        .sort()
        .map((f) => read(join(levelDir(depth), f)) as StateBatch);
      // Every shard has read what was written for it at the depth before: those files can go.
      if (index === 0 && depth > 0) rmSync(levelDir(depth - 1), { recursive: true, force: true });
      if (reports.some((r) => r.full)) bound = 'max-states';
      else if (reports.some((r) => r.stopped)) bound = 'stopped';
      if (bound !== null || reports.every((r) => r.found === 0)) break;
      tick();
    }
    const last = bound === 'depth' ? depth : depth + 1;
    mine = (await thread.ask({ finish: last, incoming: inbox }, rowBuffers(inbox))) as ThreadFindings;
  } finally {
    clearInterval(timer);
    await thread.end();
  }
  writeAtomically(join(dir, `findings-${index}.bin`), serialize(mine));
  if (index !== 0) return null;
  await waitFor('hand over its findings', (j) => `findings-${j}.bin`);
  const all = Array.from({ length: count }, (_, j) =>
    j === 0 ? mine : (read(join(dir, `findings-${j}.bin`)) as ThreadFindings),
  );
  // Every shard has read its last batches before writing its findings: the levels can go.
  for (const f of readdirSync(dir))
    if (f.startsWith('level-')) rmSync(join(dir, f), { recursive: true, force: true });
  const merged = mergeFindings(all, { bound, maxStates });
  const found = {
    ...merged,
    bound: merged.bound === 'depth' && merged.depth < depth ? null : merged.bound,
    workers: 1,
    shards: count,
  };
  options.progress?.({ states: found.states, depth: found.depth, queued: 0, done: true });
  return drain(exploreResult(explorer, { ...found, graph: null, facts: null }, options));
}
