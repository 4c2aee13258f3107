import type { ScenarioData } from '../scenario/schema.js';
import { scenarioWorld } from '../scenario/world.js';
import { dayIndex } from '../sim/calendar.js';
import type { RunResult } from '../sim/run-scenario.js';

/** The regions a batch of a scenario follows, by the names scenario files use: its world's regions. */
function batchRegions(data: ScenarioData): string[] {
  return scenarioWorld(data).tracks.map((t) => t.alias);
}

/**
 * Every state of each region of a scenario's world, in the order the world defines them (a compound state
 * with and without its children). Reports colour states by this order, so a state keeps its colour in
 * every chart, whichever states a batch happened to reach.
 */
function batchRegionStates(data: ScenarioData): Record<string, readonly string[]> {
  return Object.fromEntries(scenarioWorld(data).tracks.map((t) => [t.alias, [...t.states]]));
}

/** The region name (`mandate`) of each region path (`format.mandate`) of a scenario's world. */
function aliasOfPath(data: ScenarioData): Map<string, string> {
  return new Map(scenarioWorld(data).tracks.map((t) => [t.path, t.alias]));
}

/** splitmix32's mix of a 32-bit batch seed and a run index. */
function mixRunSeed(seed: number, index: number): number {
  let z = (Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca77)) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad) >>> 0;
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97) >>> 0;
  return (z ^ (z >>> 15)) >>> 0;
}

/** murmur3's finalizer: a bijection of 32-bit words that spreads every bit over all of them. */
function fmix32(word: number): number {
  let z = word | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * The seed of run `index` of a batch started with `seed`: a splitmix32 mix of both, so it depends on
 * nothing else (not the worker count, not the shard), and nearby runs get unrelated seeds. The whole
 * seed counts: seeds from 0 to 2^32 - 1 mix as they always have, and any other seed (negative, or
 * 2^32 and above) mixes its high part in too, so seeds that share their low 32 bits give unrelated
 * batches. Distinct indices below 2^32 get distinct run seeds.
 */
export function runSeed(seed: number, index: number): number {
  const low = mixRunSeed(seed, index);
  const high = Math.floor(seed / 2 ** 32);
  if (high === 0) return low;
  // Bijections of the low mix, which is one in the index: distinct indices still get distinct seeds.
  return fmix32(low ^ fmix32(high + 0x9e3779b9));
}

/** One run of a batch: a line of `results.jsonl`. */
export interface BatchRecord {
  /** The run's index in the batch, from 0. */
  readonly index: number;
  readonly seed: number;
  readonly endedOn: string;
  /** Days simulated (the calendar, or fewer if the scenario's `end` condition stopped the run). */
  readonly days: number;
  /** The scenario's named outcomes: reached at the end or not. */
  readonly outcomes: Readonly<Record<string, boolean>>;
  /** Each region's state at the end. */
  readonly regions: Readonly<Record<string, string>>;
  /**
   * The day (from 0, the scenario's start date) each region state was first entered during the run,
   * `region:state`. A state the run started in is not entered, even if the run leaves it and comes back.
   */
  readonly firstDay: Readonly<Record<string, number>>;
  /** Each region's state through the run: `[day, state]` from the end of that day on, from day 0. */
  readonly timeline: Readonly<Record<string, readonly (readonly [number, string])[]>>;
  readonly moves: { readonly total: number; readonly accepted: number; readonly refused: number };
  /** The scenario invariants the run broke, by id. */
  readonly violations: readonly string[];
}

/** Reduce a finished run to its batch record. */
export function batchRecord(result: RunResult, index: number): BatchRecord {
  const { outcome, trace } = result;
  const timeline: Record<string, [number, string][]> = {};
  const initial = initialRegionStates(result);
  const data = result.scenario.data;
  for (const alias of batchRegions(data)) timeline[alias] = [[0, initial[alias]!]];
  const firstDay: Record<string, number> = {};
  const heldAtStart = new Set(Object.entries(initial).map(([alias, state]) => `${alias}:${state}`));
  const regionOf = aliasOfPath(data);
  for (const entry of trace) {
    for (const change of entry.changes) {
      const alias = regionOf.get(change.region);
      if (alias === undefined) continue;
      const line = timeline[alias]!;
      const last = line[line.length - 1]!;
      if (last[0] === entry.day) last[1] = change.to;
      else line.push([entry.day, change.to]);
      const key = `${alias}:${change.to}`;
      if (firstDay[key] === undefined && !heldAtStart.has(key)) firstDay[key] = entry.day;
    }
  }
  // A change undone the same day leaves no trace in the end-of-day timeline.
  for (const alias of batchRegions(data)) {
    const line = timeline[alias]!;
    timeline[alias] = line.filter((point, i) => i === 0 || point[1] !== line[i - 1]![1]);
  }
  return {
    index,
    seed: result.seed,
    endedOn: outcome.endedOn,
    days: outcome.days,
    outcomes: Object.fromEntries(outcome.outcomes.map((o) => [o.id, o.reached])),
    regions: { ...outcome.regions },
    firstDay,
    timeline,
    moves: { total: outcome.moves.total, accepted: outcome.moves.accepted, refused: outcome.moves.refused },
    violations: [...new Set(outcome.violations.map((v) => v.invariant))],
  };
}

/** Each region's state before the first move: the final state, walked back through the trace's changes. */
function initialRegionStates(result: RunResult): Record<string, string> {
  const states: Record<string, string> = { ...result.outcome.regions };
  const regionOf = aliasOfPath(result.scenario.data);
  for (let i = result.trace.length - 1; i >= 0; i--) {
    const changes = result.trace[i]!.changes;
    for (let j = changes.length - 1; j >= 0; j--) {
      const alias = regionOf.get(changes[j]!.region);
      if (alias !== undefined) states[alias] = changes[j]!.from;
    }
  }
  return states;
}

/** A 95% confidence interval. */
export type Interval = readonly [low: number, high: number];

/** Wilson's score interval for `k` successes in `n` trials (95%). */
export function wilson(k: number, n: number): Interval {
  if (n === 0) return [0, 1];
  const z = 1.959964;
  const p = k / n;
  const denom = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / denom;
  return [round(Math.max(0, centre - half)), round(Math.min(1, centre + half))];
}

const round = (x: number, digits = 4) => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

/** Statistics of a day count over runs, from a per-day histogram (exact, order-independent). */
export interface DayStats {
  readonly mean: number;
  readonly median: number;
  readonly p10: number;
  readonly p90: number;
  readonly min: number;
  readonly max: number;
}

function dayStats(histogram: readonly number[]): DayStats | null {
  const n = histogram.reduce((a, b) => a + b, 0);
  if (n === 0) return null;
  let sum = 0;
  let min = -1;
  let max = 0;
  histogram.forEach((count, day) => {
    sum += count * day;
    if (count > 0) {
      if (min < 0) min = day;
      max = day;
    }
  });
  const quantile = (q: number) => {
    const rank = Math.max(1, Math.ceil(q * n));
    let seen = 0;
    for (let day = 0; day < histogram.length; day++) {
      seen += histogram[day]!;
      if (seen >= rank) return day;
    }
    return max;
  };
  return { mean: round(sum / n, 2), median: quantile(0.5), p10: quantile(0.1), p90: quantile(0.9), min, max };
}

/** What a batch's runs add up to: `summary.json`. */
export interface BatchSummary {
  readonly scenario: { readonly id: string; readonly title: string; readonly hash: string };
  readonly whatIf: string | null;
  /** The what-if's title, from the scenario. */
  readonly whatIfTitle: string | null;
  readonly seed: number;
  readonly engine: string;
  /** The runs summarised. */
  readonly runs: number;
  readonly calendar: { readonly start: string; readonly end: string; readonly days: number };
  /** The scenario's named outcomes: in how many runs each was reached, its share and 95% interval. */
  readonly outcomes: readonly {
    readonly id: string;
    readonly text: string;
    readonly reached: number;
    readonly share: number;
    readonly ci95: Interval;
  }[];
  /** How many runs ended in each state of each region. */
  readonly finalRegions: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** Each region state entered during some run: how many runs entered it, and on which day. */
  readonly keyEvents: readonly {
    readonly key: string;
    readonly region: string;
    readonly state: string;
    readonly runs: number;
    readonly share: number;
    readonly ci95: Interval;
    readonly day: DayStats | null;
    /** Runs that first entered the state on each day, by day index. */
    readonly histogram: readonly number[];
  }[];
  /** Every state of each region, in the world's order: the order reports colour states by. */
  readonly regionStates: Readonly<Record<string, readonly string[]>>;
  /** The share of runs in each state of each region at the end of each day, by day index. */
  readonly daily: Readonly<Record<string, Readonly<Record<string, readonly number[]>>>>;
  readonly moves: { readonly total: number; readonly accepted: number; readonly refused: number };
  /** Runs that broke each scenario invariant. */
  readonly violations: Readonly<Record<string, number>>;
}

/** Identity of a batch, from which its summary is labelled. */
export interface BatchMeta {
  readonly scenario: { readonly id: string; readonly title: string; readonly hash: string };
  readonly whatIf: string | null;
  readonly seed: number;
  readonly engine: string;
}

/**
 * A streaming summary: `add` each run's record in any order, `summary()` at any time. Memory depends on
 * the calendar and the number of states, not on the number of runs; the result does not depend on the
 * order in which records were added.
 */
export function summaryAccumulator(data: ScenarioData, meta: BatchMeta) {
  const days = dayIndex(data.calendar.start, data.calendar.end) + 1;
  const outcomeIds = Object.entries(data.outcomes ?? {}).map(([id, o]) => ({ id, text: o.text }));
  const reachedOutcomes = new Map<string, number>();
  const finals = new Map<string, Map<string, number>>();
  const firsts = new Map<string, number[]>();
  const daily = new Map<string, Map<string, number[]>>();
  const violations = new Map<string, number>();
  let runs = 0;
  const moves = { total: 0, accepted: 0, refused: 0 };
  const bump = <K>(map: Map<K, number>, key: K, by = 1) => map.set(key, (map.get(key) ?? 0) + by);
  return {
    add(record: BatchRecord): void {
      runs++;
      for (const [id, reached] of Object.entries(record.outcomes)) if (reached) bump(reachedOutcomes, id);
      for (const [alias, state] of Object.entries(record.regions)) {
        if (!finals.has(alias)) finals.set(alias, new Map());
        bump(finals.get(alias)!, state);
      }
      for (const [key, day] of Object.entries(record.firstDay)) {
        let histogram = firsts.get(key);
        if (!histogram) {
          histogram = new Array<number>(days).fill(0);
          firsts.set(key, histogram);
        }
        histogram[Math.min(day, days - 1)]!++;
      }
      for (const [alias, line] of Object.entries(record.timeline)) {
        if (!daily.has(alias)) daily.set(alias, new Map());
        const byState = daily.get(alias)!;
        line.forEach(([from, state], i) => {
          const to = i + 1 < line.length ? line[i + 1]![0] : days;
          let counts = byState.get(state);
          if (!counts) {
            counts = new Array<number>(days).fill(0);
            byState.set(state, counts);
          }
          for (let d = from; d < to && d < days; d++) counts[d]!++;
        });
      }
      moves.total += record.moves.total;
      moves.accepted += record.moves.accepted;
      moves.refused += record.moves.refused;
      for (const id of record.violations) bump(violations, id);
    },
    summary(): BatchSummary {
      const sorted = <V>(map: Map<string, V>) => [...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      const per = (x: number) => (runs === 0 ? 0 : round(x / runs, 2));
      return {
        scenario: meta.scenario,
        whatIf: meta.whatIf,
        whatIfTitle: meta.whatIf === null ? null : (data.whatIfs[meta.whatIf]?.title ?? null),
        seed: meta.seed,
        engine: meta.engine,
        runs,
        calendar: { start: data.calendar.start, end: data.calendar.end, days },
        outcomes: outcomeIds.map(({ id, text }) => {
          const reached = reachedOutcomes.get(id) ?? 0;
          return { id, text, reached, share: runs ? round(reached / runs) : 0, ci95: wilson(reached, runs) };
        }),
        finalRegions: Object.fromEntries(
          batchRegions(data).map((alias) => [
            alias,
            Object.fromEntries(sorted(finals.get(alias) ?? new Map())),
          ]),
        ),
        keyEvents: sorted(firsts).map(([key, histogram]) => {
          const count = histogram.reduce((a, b) => a + b, 0);
          const [region, state] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];
          return {
            key,
            region,
            state,
            runs: count,
            share: runs ? round(count / runs) : 0,
            ci95: wilson(count, runs),
            day: dayStats(histogram),
            histogram: [...histogram],
          };
        }),
        regionStates: batchRegionStates(data),
        daily: Object.fromEntries(
          batchRegions(data).map((alias) => [
            alias,
            Object.fromEntries(
              sorted(daily.get(alias) ?? new Map()).map(([state, counts]) => [
                state,
                (counts as number[]).map((c) => (runs ? round(c / runs) : 0)),
              ]),
            ),
          ]),
        ),
        moves: { total: per(moves.total), accepted: per(moves.accepted), refused: per(moves.refused) },
        violations: Object.fromEntries(sorted(violations)),
      };
    },
  };
}
