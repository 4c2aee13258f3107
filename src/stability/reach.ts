import { type Moves, movesFrom } from './graph-model.js';
import type { Player } from './players.js';

/**
 * How far the opponents of a focal decision maker may go to sanction its move.
 * - `legal`: any legal sequence of their moves, of any length, no one moving twice in a row (the
 *   textbook definition, Fang, Hipel and Kilgour 1993);
 * - `distinct`: each opponent moves at most once;
 * - `single`: one move by one opponent.
 */
export type SanctionReading = 'legal' | 'distinct' | 'single';
export const sanctionReadings: readonly SanctionReading[] = ['legal', 'distinct', 'single'];

/** The opponents' moves used for a concept: all of them (GMR, SMR) or their improvements only (SEQ). */
export type MoveKind = 'moves' | 'improving';

/** More (state, opponents used) pairs than this, and the `distinct` reading is refused. */
const maxDistinctNodes = 2 ** 26;

export class SanctionLimitError extends Error {
  override readonly name = 'SanctionLimitError';
}

const movesOfKind = (p: Player, kind: MoveKind): Moves => (kind === 'moves' ? p.moves : p.improving);

/**
 * For each state `x` and each value array `v`, the least `v` over the states the opponents can reach
 * from `x` with at least one move (`Infinity` when they cannot move). A focal move to `x` is sanctioned
 * when that least value is no better for the focal player than where it started.
 */
export function leastReachable(
  size: number,
  opponents: readonly Player[],
  kind: MoveKind,
  values: readonly Float64Array[],
  reading: SanctionReading,
): Float64Array[] {
  const moves = opponents.map((p) => movesOfKind(p, kind));
  if (reading === 'single') return single(size, moves, values);
  if (reading === 'distinct') return distinct(size, moves, values);
  return legal(size, moves, values);
}

function single(size: number, moves: readonly Moves[], values: readonly Float64Array[]): Float64Array[] {
  return values.map((v) => {
    const out = new Float64Array(size).fill(Number.POSITIVE_INFINITY);
    for (let x = 0; x < size; x++) {
      let best = Number.POSITIVE_INFINITY;
      for (const m of moves) {
        for (let k = m.offsets[x] as number; k < (m.offsets[x + 1] as number); k++) {
          const y = v[m.targets[k] as number] as number;
          if (y < best) best = y;
        }
      }
      out[x] = best;
    }
    return out;
  });
}

function distinct(size: number, moves: readonly Moves[], values: readonly Float64Array[]): Float64Array[] {
  const n = moves.length;
  const masks = 2 ** n;
  if (size * masks > maxDistinctNodes) {
    throw new SanctionLimitError(
      `the "distinct" reading of sanctions needs ${size.toLocaleString('en-GB')} states x ${masks} sets of opponents, more than ${maxDistinctNodes.toLocaleString('en-GB')}; use --sanctions legal or single`,
    );
  }
  // best[mask][s]: the least value reachable from s (s included) when the opponents in mask have moved.
  const order = Array.from({ length: masks }, (_, m) => m).sort((a, b) => popcount(b) - popcount(a));
  return values.map((v) => {
    const best: Float64Array[] = new Array(masks);
    for (const mask of order) {
      const row = new Float64Array(size);
      for (let s = 0; s < size; s++) {
        let b = v[s] as number;
        for (let j = 0; j < n; j++) {
          if ((mask >> j) & 1) continue;
          const m = moves[j] as Moves;
          const next = best[mask | (1 << j)] as Float64Array;
          for (let k = m.offsets[s] as number; k < (m.offsets[s + 1] as number); k++) {
            const y = next[m.targets[k] as number] as number;
            if (y < b) b = y;
          }
        }
        row[s] = b;
      }
      best[mask] = row;
    }
    const out = new Float64Array(size).fill(Number.POSITIVE_INFINITY);
    for (let x = 0; x < size; x++) {
      let b = Number.POSITIVE_INFINITY;
      for (let j = 0; j < n; j++) {
        const m = moves[j] as Moves;
        const next = best[1 << j] as Float64Array;
        for (let k = m.offsets[x] as number; k < (m.offsets[x + 1] as number); k++) {
          const y = next[m.targets[k] as number] as number;
          if (y < b) b = y;
        }
      }
      out[x] = b;
    }
    return out;
  });
}

function popcount(x: number): number {
  let c = 0;
  for (let v = x; v; v &= v - 1) c++;
  return c;
}

/**
 * The `legal` reading. Nodes are (state, last mover); an edge is a move by anyone but the last mover.
 * Strongly connected components (Tarjan's algorithm, iterative) are found in reverse topological order,
 * so each component's least reachable value is known when it is closed: time proportional to the
 * nodes and edges, for all value arrays at once.
 */
function legal(size: number, moves: readonly Moves[], values: readonly Float64Array[]): Float64Array[] {
  const n = moves.length;
  const nodes = size * n;
  const index = new Int32Array(nodes).fill(-1);
  const low = new Int32Array(nodes);
  const comp = new Int32Array(nodes).fill(-1);
  const onStack = new Uint8Array(nodes);
  const stack = new Int32Array(nodes);
  let top = 0;
  // The DFS: per frame, the node, the mover being scanned and the position in its row.
  const frameNode = new Int32Array(nodes);
  const frameMover = new Int32Array(nodes);
  const framePos = new Int32Array(nodes);
  const compBest = values.map(() => [] as number[]);
  let counter = 0;
  let comps = 0;

  const rowStart = (node: number, mover: number) =>
    (moves[mover] as Moves).offsets[Math.floor(node / n)] as number;
  const rowEnd = (node: number, mover: number) =>
    (moves[mover] as Moves).offsets[Math.floor(node / n) + 1] as number;

  // The members of the component being closed, popped off the stack (reused: components never overlap).
  const members = new Int32Array(nodes);
  const nv = values.length;
  const best = new Float64Array(nv);
  const closeComponent = (root: number) => {
    best.fill(Number.POSITIVE_INFINITY);
    let count = 0;
    for (;;) {
      const w = stack[--top] as number;
      onStack[w] = 0;
      comp[w] = comps;
      members[count++] = w;
      if (w === root) break;
    }
    for (let x = 0; x < count; x++) {
      const w = members[x] as number;
      const s = (w - (w % n)) / n;
      const last = w % n;
      for (let i = 0; i < nv; i++) {
        const v = (values[i] as Float64Array)[s] as number;
        if (v < (best[i] as number)) best[i] = v;
      }
      for (let j = 0; j < n; j++) {
        if (j === last) continue;
        const m = moves[j] as Moves;
        const end = m.offsets[s + 1] as number;
        for (let k = m.offsets[s] as number; k < end; k++) {
          const c = comp[(m.targets[k] as number) * n + j] as number;
          if (c === comps) continue;
          for (let i = 0; i < nv; i++) {
            const b = (compBest[i] as number[])[c] as number;
            if (b < (best[i] as number)) best[i] = b;
          }
        }
      }
    }
    for (let i = 0; i < nv; i++) (compBest[i] as number[]).push(best[i] as number);
    comps++;
  };

  const visit = (start: number) => {
    let depth = 0;
    const open = (node: number) => {
      index[node] = low[node] = counter++;
      stack[top++] = node;
      onStack[node] = 1;
      frameNode[depth] = node;
      frameMover[depth] = 0;
      framePos[depth] = rowStart(node, 0);
      depth++;
    };
    open(start);
    while (depth > 0) {
      const f = depth - 1;
      const node = frameNode[f] as number;
      const last = node % n;
      let mover = frameMover[f] as number;
      let pos = framePos[f] as number;
      let descended = false;
      while (mover < n) {
        if (mover === last || pos >= rowEnd(node, mover)) {
          mover++;
          if (mover < n) pos = rowStart(node, mover);
          continue;
        }
        const next = ((moves[mover] as Moves).targets[pos] as number) * n + mover;
        pos++;
        if (index[next] === -1) {
          frameMover[f] = mover;
          framePos[f] = pos;
          open(next);
          descended = true;
          break;
        }
        if (onStack[next] && (index[next] as number) < (low[node] as number))
          low[node] = index[next] as number;
      }
      if (descended) continue;
      depth--;
      if (low[node] === index[node]) closeComponent(node);
      if (depth > 0) {
        const parent = frameNode[depth - 1] as number;
        if ((low[node] as number) < (low[parent] as number)) low[parent] = low[node] as number;
      }
    }
  };
  for (let node = 0; node < nodes; node++) if (index[node] === -1) visit(node);

  return compBest.map((cb) => {
    const out = new Float64Array(size).fill(Number.POSITIVE_INFINITY);
    for (let x = 0; x < size; x++) {
      let b = Number.POSITIVE_INFINITY;
      for (let j = 0; j < n; j++) {
        const m = moves[j] as Moves;
        for (let k = m.offsets[x] as number; k < (m.offsets[x + 1] as number); k++) {
          const y = cb[comp[(m.targets[k] as number) * n + j] as number] as number;
          if (y < b) b = y;
        }
      }
      out[x] = b;
    }
    return out;
  });
}

/** One move of a sanction: who moves (an index among the opponents) and where to. */
export interface Step {
  readonly mover: number;
  readonly state: number;
}

/**
 * The shortest sequence of opponents' moves from `x` (at least one) to a state that `good` accepts, under
 * the reading of sanctions, or null: for explanations and for the few checks that cannot use least values.
 */
export function sanctionPath(
  opponents: readonly Player[],
  x: number,
  reading: SanctionReading,
  kind: 'moves' | 'improving',
  good: (t: number) => boolean,
): Step[] | null {
  type Node = { state: number; last: number; used: number; path: Step[] };
  const queue: Node[] = [{ state: x, last: -1, used: 0, path: [] }];
  const seen = new Set<string>();
  // Nodes are (state, last mover, movers used), each queued once: the search ends.
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head] as Node;
    for (let j = 0; j < opponents.length; j++) {
      if (j === node.last || (reading === 'distinct' && (node.used >> j) & 1)) continue;
      const o = opponents[j] as Player;
      for (const t of movesFrom(kind === 'moves' ? o.moves : o.improving, node.state)) {
        const path = [...node.path, { mover: j, state: t }];
        if (good(t)) return path;
        if (reading === 'single') continue;
        const next = { state: t, last: j, used: node.used | (1 << j), path };
        const key = `${t}:${j}:${reading === 'distinct' ? next.used : 0}`;
        if (seen.has(key)) continue;
        seen.add(key);
        queue.push(next);
      }
    }
  }
  return null;
}
