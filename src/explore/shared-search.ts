import type { WorldEvent } from '../regions/events.js';
import type { PortableValue } from './codec-tables.js';
import type { SearchFindings } from './explore-result.js';
import type { ExploreResult } from './explore-types.js';
import type { Explorer, FoundViolation } from './explorer.js';

/**
 * One thread's part of a breadth-first search shared by several threads (`exploreInWorkers`).
 *
 * The threads share a table of the states found, as 64-bit fingerprints (`WorldCodec.fingerprint`), and
 * a few counters, in shared memory. Each state belongs to one thread, chosen by its fingerprint, which
 * keeps it and expands it. The search goes a depth at a time, in step: every thread expands its states
 * of depth d; a new state it finds is claimed in the shared table (so it is found once), then kept if it
 * is the thread's own, or else put in a batch for its owner. When every thread has finished depth d, the
 * batches are handed over and depth d + 1 begins, so every state is found at its true depth. A batch
 * carries each state as its sender's interned ids, with the values its receiver has not been sent yet;
 * the receiver interns them in its own codec. A state's number across threads is `local * count + index`.
 */
/** The counters the threads share (an `Int32Array` over shared memory), by position. */
export const SHARED = {
  /** States found by all threads. */
  states: 0,
  /** States expanded by all threads. */
  expanded: 1,
  /** Set when the states found reach the bound: every thread stops. */
  full: 2,
  /** Set by the caller to stop the search (an interrupt, a time limit). */
  stop: 3,
  length: 4,
} as const;

/** Slots in the shared table for a bound on states: a power of two, at least twice the bound. */
export function tableSlots(maxStates: number): number {
  let n = 1024;
  while (n < 2 * maxStates) n *= 2;
  return n;
}

/** Insert a fingerprint (never 0) into the shared open-addressing table; true when it was not there. */
function insert(table: BigInt64Array, fp: bigint): boolean {
  const mask = table.length - 1;
  let at = Number(fp & 0xffffffffn) & mask;
  // The table holds at most half its slots (see `tableSlots`), so a free slot is always near.
  for (let probes = 0; probes < table.length; probes++) {
    const was = Atomics.compareExchange(table, at, 0n, fp);
    if (was === 0n) return true;
    if (was === fp) return false;
    at = (at + 1) & mask;
  }
  throw new Error('auspices: explore: the shared table of states is full');
}

/**
 * Who has seen which state, for one part of a shared search: in worker threads, the table in shared
 * memory (`sharedClaims`); in separate processes, which share no memory, each part's own sets
 * (`ownClaims`), with the owner of a state deciding on receipt whether it is new.
 */
export interface Claims {
  /** A state this part found: whether to keep it (its own) or hand it over (another part's). */
  found(fp: bigint, own: boolean): boolean;
  /** A state handed over to this part: whether it is new. */
  received(fp: bigint): boolean;
  /** Whether to stop expanding: the bound on states reached, or a stop asked for. */
  halted(): boolean;
  /** Count one state expanded. */
  expanded(): void;
  /** Whether a state was left out because the bound on states was reached. */
  full(): boolean;
}

/** Claims on the table and counters that worker threads share, bounded by `maxStates` in all. */
export function sharedClaims(table: BigInt64Array, counters: Int32Array, maxStates: number): Claims {
  return {
    found(fp) {
      if (Atomics.load(counters, SHARED.full) !== 0 || !insert(table, fp)) return false;
      if (Atomics.add(counters, SHARED.states, 1) >= maxStates) {
        Atomics.store(counters, SHARED.full, 1);
        return false;
      }
      return true;
    },
    received: () => true,
    halted: () => Atomics.load(counters, SHARED.stop) !== 0 || Atomics.load(counters, SHARED.full) !== 0,
    expanded: () => void Atomics.add(counters, SHARED.expanded, 1),
    full: () => Atomics.load(counters, SHARED.full) !== 0,
  };
}

/**
 * Claims for one process of several: it keeps the states it owns (at most `maxStates`) and hands over
 * each other state once; the owner drops what it already has. `counters` are this process's own (its
 * states, the stop flag, and `full` when its bound is reached).
 */
export function ownClaims(counters: Int32Array, maxStates: number): Claims {
  const mine = new Set<bigint>();
  const sent = new Set<bigint>();
  const keep = (fp: bigint) => {
    if (Atomics.load(counters, SHARED.full) !== 0 || mine.has(fp)) return false;
    if (mine.size >= maxStates) {
      Atomics.store(counters, SHARED.full, 1);
      return false;
    }
    mine.add(fp);
    Atomics.add(counters, SHARED.states, 1);
    return true;
  };
  return {
    found(fp, own) {
      if (own) return keep(fp);
      if (sent.has(fp)) return false;
      sent.add(fp);
      return true;
    },
    received: keep,
    halted: () => Atomics.load(counters, SHARED.stop) !== 0 || Atomics.load(counters, SHARED.full) !== 0,
    expanded: () => void Atomics.add(counters, SHARED.expanded, 1),
    full: () => Atomics.load(counters, SHARED.full) !== 0,
  };
}

/** What one thread found, to merge with the others' (structured-cloneable). */
export interface ThreadFindings {
  readonly states: number;
  readonly edges: number;
  readonly deepest: number;
  /** Per local state: the number across threads of the state it was found from (-1 for the start). */
  readonly parent: Float64Array;
  /** Per local state: the move it was found by, an index of `moves`. */
  readonly label: Int32Array;
  readonly depth: Uint32Array;
  readonly moves: readonly WorldEvent[];
  readonly violations: readonly (readonly [string, FoundViolation])[];
  readonly outcomes: readonly (readonly [string, number])[];
  readonly regionSeen: readonly string[];
  readonly alphabet: number;
  readonly fieldValues: Readonly<Record<string, number>>;
  readonly verdicts: { readonly hits: number; readonly misses: number } | null;
  /** Whether this part left a state out because the bound on states was reached (even at the very end). */
  readonly full: boolean;
}

/** States handed from one thread to another: rows of `[from, label, ...ids]`, and the values they need. */
export interface StateBatch {
  readonly sender: number;
  /** Values of the sender's tables its receiver has not had yet, with the sender's ids. */
  readonly values: readonly (readonly [number, PortableValue])[];
  readonly rows: Float64Array;
}

/** The buffers of batches' rows, to move between threads rather than copy. */
export const rowBuffers = (batches: readonly (StateBatch | null)[]): ArrayBuffer[] =>
  batches.flatMap((b) => (b ? [b.rows.buffer as ArrayBuffer] : []));

/** One thread's search: expand a depth at a time, then hand over what it found. */
export interface SharedSearch {
  /**
   * Take in the states other threads found for this one at depth `d`, then expand this thread's states
   * of depth `d`. Returns the states of depth d + 1 found (kept or handed over), and the batches for the
   * other threads (by receiver; `null` where there are none).
   */
  level(d: number, incoming: readonly StateBatch[]): { found: number; batches: (StateBatch | null)[] };
  /**
   * Take in the last batches (states of depth `d` found when the search stopped), then hand over what
   * was found.
   */
  findings(d: number, incoming: readonly StateBatch[]): ThreadFindings;
}

/** The thread that owns a state: its fingerprint's high bits, so that owners and table slots are unrelated. */
function ownerOf(fp: bigint, count: number): number {
  return Number(BigInt.asUintN(64, fp) >> 40n) % count;
}

/** Part `index` of `count` of a shared search, with `claims` saying which states it keeps. */
export function createSharedSearch(
  explorer: Explorer,
  claims: Claims,
  index: number,
  count: number,
): SharedSearch {
  const { codec } = explorer;
  const keys: string[] = [];
  let parent = new Float64Array(1024);
  let label = new Int32Array(1024);
  let depth = new Uint32Array(1024);
  let edges = 0;
  let deepest = 0;
  // The local states not yet expanded start here; they are all of one depth.
  let cursor = 0;
  const add = (key: string, from: number, via: number, d: number): number => {
    const i = keys.length;
    if (i === parent.length) {
      const p = new Float64Array(i * 2);
      p.set(parent);
      parent = p;
      const l = new Int32Array(i * 2);
      l.set(label);
      label = l;
      const dd = new Uint32Array(i * 2);
      dd.set(depth);
      depth = dd;
    }
    keys.push(key);
    parent[i] = from;
    label[i] = via;
    depth[i] = d;
    if (d > deepest) deepest = d;
    return i;
  };
  const tables = codec.fields.length + 2;
  const stride = tables + 2;
  // Per receiver: the values sent to it so far (table * 2^26 + id), and the batch being filled.
  const sent = Array.from({ length: count }, () => new Set<number>());
  let out: { values: [number, PortableValue][]; rows: number[] }[] = [];
  const resetOut = () => {
    out = Array.from({ length: count }, () => ({ values: [], rows: [] }));
  };
  resetOut();
  // Per sender: its ids, table by table, to this thread's.
  const ours = Array.from({ length: count }, () =>
    Array.from({ length: tables }, () => new Map<number, number>()),
  );
  const takeIn = (incoming: readonly StateBatch[], d: number) => {
    for (const batch of incoming) {
      const map = ours[batch.sender]!;
      for (const [id, v] of batch.values) map[v.table]!.set(id, codec.adopt(v));
      const { rows } = batch;
      const ids: number[] = new Array(tables);
      for (let r = 0; r < rows.length; r += stride) {
        for (let t = 0; t < tables; t++) ids[t] = map[t]!.get(rows[r + 2 + t]!)!;
        const key = codec.keyOf(ids);
        if (!claims.received(codec.fingerprint(key))) continue;
        explorer.judge(add(key, rows[r]!, rows[r + 1]!, d), codec.decode(key));
      }
    }
  };
  // The start is part 0's, whatever its fingerprint says, in every part.
  const startKey = codec.encode(explorer.start.world, explorer.start.history);
  const startPrint = codec.fingerprint(startKey);
  if (index === 0) {
    const key = startKey;
    claims.found(startPrint, true);
    // The start is part 0's: the claims, not its owner, keep it from being found twice.
    explorer.judge(add(key, -1, -1, 0));
  }
  const handOver = (owner: number, key: string, from: number, via: number) => {
    const box = out[owner]!;
    const ids = codec.idsOf(key);
    box.rows.push(from, via);
    ids.forEach((id, t) => {
      box.rows.push(id);
      const mark = t * 2 ** 26 + id;
      if (!sent[owner]!.has(mark)) {
        sent[owner]!.add(mark);
        box.values.push([id, codec.portable(t, id)]);
      }
    });
  };
  const batches = (): (StateBatch | null)[] => {
    const made = out.map((box) =>
      box.rows.length === 0 ? null : { sender: index, values: box.values, rows: Float64Array.from(box.rows) },
    );
    resetOut();
    return made;
  };
  return {
    level(d, incoming) {
      takeIn(incoming, d);
      const end = keys.length;
      let found = 0;
      for (let head = cursor; head < end; head++) {
        if (claims.halted()) break;
        const key = keys[head]!;
        const from = head * count + index;
        explorer.expand(codec.decode(key), head, (via, next) => {
          if (next === key) return;
          edges++;
          const fp = codec.fingerprint(next);
          const owner = fp === startPrint ? 0 : ownerOf(fp, count);
          if (!claims.found(fp, owner === index)) return;
          found++;
          if (owner === index) explorer.judge(add(next, from, via, d + 1));
          else handOver(owner, next, from, via);
        });
        claims.expanded();
      }
      cursor = end;
      return { found, batches: batches() };
    },
    findings(d, incoming) {
      takeIn(incoming, d);
      const n = keys.length;
      return {
        states: n,
        edges,
        deepest,
        parent: parent.slice(0, n),
        label: label.slice(0, n),
        depth: depth.slice(0, n),
        moves: explorer.moves,
        violations: [...explorer.violations],
        outcomes: [...explorer.outcomes],
        regionSeen: [...explorer.regionSeen],
        alphabet: explorer.alphabetSize(),
        fieldValues: codec.sizes(),
        verdicts: explorer.verdicts ? { ...explorer.verdicts } : null,
        full: claims.full(),
      };
    },
  };
}
/**
 * Join the threads' findings into one search's: states and edges add up; each outcome and broken
 * invariant takes the shortest path any thread found (the first thread's on a tie), read back through
 * the threads' parent links.
 */
export function mergeFindings(
  threads: readonly ThreadFindings[],
  how: { readonly bound: ExploreResult['bound']; readonly maxStates: number },
): Omit<SearchFindings, 'graph' | 'facts'> {
  const count = threads.length;
  const pathTo = (thread: number, local: number): WorldEvent[] => {
    const out: WorldEvent[] = [];
    let t = thread;
    let i = local;
    // Each step goes to a shallower state, so the walk ends at the start.
    for (let guard = threads[t]!.depth[i]!; guard >= 0; guard--) {
      const f = threads[t]!;
      const from = f.parent[i]!;
      if (from < 0) return out.reverse();
      const via = f.label[i]!;
      t = from % count;
      i = Math.floor(from / count);
      // The label is a move of the thread that expanded the parent.
      out.push(threads[t]!.moves[via]!);
    }
    throw new Error('auspices: explore: a path between threads does not lead back to the start');
  };
  const outcomes = new Map<string, WorldEvent[]>();
  const outcomeIds = new Set(threads.flatMap((f) => f.outcomes.map(([id]) => id)));
  for (const id of outcomeIds) {
    let best: [number, number, number] | null = null;
    threads.forEach((f, t) => {
      const at = f.outcomes.find(([o]) => o === id)?.[1];
      if (at !== undefined && (best === null || f.depth[at]! < best[2])) best = [t, at, f.depth[at]!];
    });
    const [t, at] = best!;
    outcomes.set(id, pathTo(t, at));
  }
  const violations: Map<string, Omit<FoundViolation, 'at' | 'move'> & { moves: WorldEvent[] }> = new Map();
  const violationIds = new Set(threads.flatMap((f) => f.violations.map(([id]) => id)));
  for (const id of violationIds) {
    let best: { t: number; v: FoundViolation; length: number } | null = null;
    threads.forEach((f, t) => {
      const v = f.violations.find(([o]) => o === id)?.[1];
      if (v === undefined) return;
      const length = f.depth[v.at]! + (v.move >= 0 ? 1 : 0);
      if (best === null || length < best.length) best = { t, v, length };
    });
    const { t, v } = best!;
    const f = threads[t]!;
    violations.set(id, {
      detail: v.detail,
      text: v.text,
      builtIn: v.builtIn,
      moves: [...pathTo(t, v.at), ...(v.move >= 0 ? [f.moves[v.move]!] : [])],
    });
  }
  const fieldValues: Record<string, number> = {};
  for (const f of threads)
    for (const [k, n] of Object.entries(f.fieldValues)) fieldValues[k] = Math.max(fieldValues[k] ?? 0, n);
  const verdicts = threads.every((f) => f.verdicts)
    ? {
        hits: threads.reduce((s, f) => s + f.verdicts!.hits, 0),
        misses: threads.reduce((s, f) => s + f.verdicts!.misses, 0),
      }
    : null;
  return {
    // A part that left out states handed to it at the very end still cut the search short.
    bound: threads.some((f) => f.full) ? 'max-states' : how.bound,
    states: threads.reduce((s, f) => s + f.states, 0),
    edges: threads.reduce((s, f) => s + f.edges, 0),
    depth: Math.max(...threads.map((f) => f.deepest)),
    maxStates: how.maxStates,
    violations,
    outcomes,
    regionSeen: new Set(threads.flatMap((f) => f.regionSeen)),
    alphabet: Math.max(...threads.map((f) => f.alphabet)),
    fieldValues,
    verdicts,
    workers: count,
  };
}
