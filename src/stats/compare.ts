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

const keyOf = (e: TraceEntry) => `${e.accepted ? '+' : '-'}${JSON.stringify(e.move)}`;

/**
 * The first day on which two traces differ, told from both sides: the moves of that day that only the
 * base made, and those that only the branch made (the moves both made are left out). Null if the traces
 * are the same. `describe` tells an entry in words (the report layer supplies it).
 */
export function firstDivergence(
  base: readonly TraceEntry[],
  branch: readonly TraceEntry[],
  describe: (entry: TraceEntry, side: 'base' | 'branch') => string,
): Divergence | null {
  const byDay = (trace: readonly TraceEntry[]) => {
    const days = new Map<number, TraceEntry[]>();
    for (const e of trace) days.set(e.day, [...(days.get(e.day) ?? []), e]);
    return days;
  };
  const a = byDay(base);
  const b = byDay(branch);
  const days = [...new Set([...a.keys(), ...b.keys()])].sort((x, y) => x - y);
  for (const day of days) {
    const mine = a.get(day) ?? [];
    const theirs = b.get(day) ?? [];
    if (mine.map(keyOf).join('\n') === theirs.map(keyOf).join('\n')) continue;
    // Moves one side made that the other did not (as multisets), in trace order.
    const only = (from: readonly TraceEntry[], other: readonly TraceEntry[]) => {
      const left = new Map<string, number>();
      for (const e of other) left.set(keyOf(e), (left.get(keyOf(e)) ?? 0) + 1);
      return from.filter((e) => {
        const n = left.get(keyOf(e)) ?? 0;
        if (n > 0) left.set(keyOf(e), n - 1);
        return n === 0;
      });
    };
    const tell = (entries: readonly TraceEntry[], side: 'base' | 'branch') =>
      entries.length === 0 ? null : entries.map((e) => describe(e, side)).join('; then ');
    const date = (mine[0] ?? theirs[0])!.date;
    return { day, date, base: tell(only(mine, theirs), 'base'), branch: tell(only(theirs, mine), 'branch') };
  }
  return null;
}
