import type { TraceEntry } from '../agents/trace.js';
import type { ScenarioData } from '../scenario/schema.js';
import type { BatchRecord, Interval } from './batch.js';

/** A paired difference: its mean, 95% interval and the number of pairs it rests on. */
export interface PairedDelta {
  readonly mean: number;
  readonly ci95: Interval;
  readonly pairs: number;
}

/** One what-if against the base, over paired runs (the same seeds). */
export interface BranchComparison {
  readonly whatIf: string;
  readonly outcomes: readonly {
    readonly id: string;
    readonly text: string;
    /** Share of base runs, and of branch runs, that reached the outcome. */
    readonly base: number;
    readonly branch: number;
    /** Branch minus base, per pair: a share between -1 and 1. */
    readonly delta: PairedDelta;
  }[];
  /** Region states entered during some run of either side. */
  readonly keyEvents: readonly {
    readonly key: string;
    readonly base: number;
    readonly branch: number;
    readonly delta: PairedDelta;
    /** Branch day minus base day, over the pairs where both reached it; null if none did. */
    readonly days: PairedDelta | null;
  }[];
}

/** `compare`'s result. */
export interface Comparison {
  readonly scenario: { readonly id: string; readonly title: string; readonly hash: string };
  /** `paired`: base and branch on the same seeds; `history`: every branch run against the one historical replay. */
  readonly against: 'paired' | 'history';
  readonly seed: number;
  readonly runs: number;
  readonly engine: string;
  readonly calendar: { readonly start: string; readonly end: string };
  readonly branches: readonly BranchComparison[];
  /** For each branch, an example run and where it first leaves the base. */
  readonly examples: readonly Example[];
}

/** Where an example branch run first differs from its base run. */
export interface Example {
  readonly whatIf: string;
  readonly index: number;
  readonly seed: number;
  readonly divergence: Divergence | null;
}

/** The first trace entry where two runs differ, told from both sides. */
export interface Divergence {
  readonly day: number;
  readonly date: string;
  /** What the base did there (null if its trace had ended). */
  readonly base: string | null;
  readonly branch: string | null;
}

const round = (x: number, digits = 4) => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

/** Running sums of a paired difference. */
function pairedSums() {
  let n = 0;
  let sum = 0;
  let squares = 0;
  return {
    add(d: number) {
      n++;
      sum += d;
      squares += d * d;
    },
    /** `k` pairs with no difference. */
    zeros(k: number) {
      n += k;
    },
    result(): PairedDelta {
      if (n === 0) return { mean: 0, ci95: [0, 0], pairs: 0 };
      const mean = sum / n;
      const variance = n > 1 ? Math.max(0, (squares - n * mean * mean) / (n - 1)) : 0;
      const half = 1.959964 * Math.sqrt(variance / n);
      return { mean: round(mean), ci95: [round(mean - half), round(mean + half)], pairs: n };
    },
  };
}

/**
 * Accumulates paired runs of a base and one branch: `add(base, branch)` for each seed, in any order.
 * Memory depends on the number of outcomes and states, not on the number of runs.
 */
export function pairedAccumulator(data: ScenarioData, whatIf: string) {
  const outcomes = Object.entries(data.outcomes ?? {}).map(([id, o]) => ({
    id,
    text: o.text,
    base: 0,
    branch: 0,
    delta: pairedSums(),
  }));
  const events = new Map<
    string,
    {
      base: number;
      branch: number;
      delta: ReturnType<typeof pairedSums>;
      days: ReturnType<typeof pairedSums>;
    }
  >();
  const event = (key: string) => {
    let e = events.get(key);
    if (!e) {
      e = { base: 0, branch: 0, delta: pairedSums(), days: pairedSums() };
      events.set(key, e);
    }
    return e;
  };
  let runs = 0;
  const pendingZeros = new Map<string, number>();
  return {
    add(base: BatchRecord, branch: BatchRecord): void {
      runs++;
      for (const o of outcomes) {
        const a = base.outcomes[o.id] === true ? 1 : 0;
        const b = branch.outcomes[o.id] === true ? 1 : 0;
        o.base += a;
        o.branch += b;
        o.delta.add(b - a);
      }
      const keys = new Set([...Object.keys(base.firstDay), ...Object.keys(branch.firstDay)]);
      for (const key of keys) {
        const e = event(key);
        // Pairs seen before this key first appeared had it on neither side: a difference of 0 each.
        e.delta.zeros(runs - 1 - (pendingZeros.get(key) ?? 0));
        pendingZeros.set(key, runs);
        const a = base.firstDay[key];
        const b = branch.firstDay[key];
        if (a !== undefined) e.base++;
        if (b !== undefined) e.branch++;
        e.delta.add((b !== undefined ? 1 : 0) - (a !== undefined ? 1 : 0));
        if (a !== undefined && b !== undefined) e.days.add(b - a);
      }
    },
    result(): BranchComparison {
      const share = (k: number) => (runs ? round(k / runs) : 0);
      for (const [key, e] of events) {
        e.delta.zeros(runs - (pendingZeros.get(key) ?? 0));
        pendingZeros.set(key, runs);
      }
      return {
        whatIf,
        outcomes: outcomes.map((o) => ({
          id: o.id,
          text: o.text,
          base: share(o.base),
          branch: share(o.branch),
          delta: o.delta.result(),
        })),
        keyEvents: [...events]
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([key, e]) => {
            const days = e.days.result();
            return {
              key,
              base: share(e.base),
              branch: share(e.branch),
              delta: e.delta.result(),
              days: days.pairs > 0 ? days : null,
            };
          }),
      };
    },
  };
}

const sameEntry = (a: TraceEntry, b: TraceEntry) =>
  a.day === b.day && a.accepted === b.accepted && JSON.stringify(a.move) === JSON.stringify(b.move);

/**
 * The first entry where two traces differ, or null if they are the same. `describe` tells an entry in
 * words (the report layer supplies it).
 */
export function firstDivergence(
  base: readonly TraceEntry[],
  branch: readonly TraceEntry[],
  describe: (entry: TraceEntry, side: 'base' | 'branch') => string,
): Divergence | null {
  const n = Math.max(base.length, branch.length);
  for (let i = 0; i < n; i++) {
    const a = base[i];
    const b = branch[i];
    if (a && b && sameEntry(a, b)) continue;
    const day = Math.min(a?.day ?? Number.POSITIVE_INFINITY, b?.day ?? Number.POSITIVE_INFINITY);
    const date = (a && a.day === day ? a : b)!.date;
    // Tell each side's entries of that day from the divergence on, so a move made on either side is shown.
    const from = (trace: readonly TraceEntry[], side: 'base' | 'branch') => {
      const entry = trace[i];
      return entry && entry.day === day ? describe(entry, side) : null;
    };
    return { day, date, base: from(base, 'base'), branch: from(branch, 'branch') };
  }
  return null;
}
