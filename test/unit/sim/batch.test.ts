import { fc, test } from '@fast-check/vitest';
import { beforeAll, describe, expect, it } from 'vitest';
import { regionState } from '../../../src/model/context.js';
import { initialValue } from '../../../src/scenario/initial-world.js';
import { loadScenarioSync } from '../../../src/scenario/read-file.js';
import type { Scenario } from '../../../src/scenario/scenario.js';
import { scenarioWorld } from '../../../src/scenario/world.js';
import { runScenario } from '../../../src/sim/run-scenario.js';
import {
  type BatchRecord,
  batchRecord,
  runSeed,
  summaryAccumulator,
  wilson,
} from '../../../src/stats/batch.js';
import { firstDivergence, pairedAccumulator } from '../../../src/stats/compare.js';

const seed = Number(process.env.FC_SEED ?? 20201125);
let scenario: Scenario;
let records: BatchRecord[];
const meta = () => ({
  scenario: { id: scenario.data.id, title: scenario.data.title, hash: scenario.hash },
  whatIf: null,
  seed: 3,
  engine: 'kernel',
});
const summaryOf = (list: readonly BatchRecord[]) => {
  const acc = summaryAccumulator(scenario.data, meta());
  for (const r of list) acc.add(r);
  return acc.summary();
};

beforeAll(() => {
  scenario = loadScenarioSync('test/fixtures/batch/volatile.yaml');
  records = Array.from({ length: 40 }, (_, i) =>
    batchRecord(runScenario(scenario, { seed: runSeed(3, i) }), i),
  );
});

describe('runSeed', () => {
  it('should depend only on the batch seed and the index, and spread nearby indices', () => {
    expect(runSeed(3, 7)).toBe(runSeed(3, 7));
    const seeds = Array.from({ length: 1000 }, (_, i) => runSeed(3, i));
    expect(new Set(seeds).size).toBe(1000);
    expect(seeds.every((s) => Number.isSafeInteger(s) && s >= 0)).toBe(true);
    expect(runSeed(4, 0)).not.toBe(runSeed(3, 0));
  });
});

describe('batchRecord', () => {
  it('should date each key event by the first day its region state was entered, as the trace shows', () => {
    const result = runScenario(scenario, { seed: runSeed(3, 5) });
    const record = batchRecord(result, 5);
    for (const [key, day] of Object.entries(record.firstDay)) {
      const [region, state] = key.split(':') as [string, string];
      const first = result.trace.find((e) =>
        e.changes.some((c) => c.to === state && c.region.endsWith(region)),
      );
      expect(first?.day, key).toBe(day);
    }
    // The timeline ends where the run ends.
    for (const [alias, line] of Object.entries(record.timeline))
      expect(line.at(-1)![1]).toBe(record.regions[alias]);
  });

  it('should not date a state the run started in as entered, even when the run leaves it and comes back', () => {
    const world = scenarioWorld(scenario.data);
    const start = initialValue(scenario.data);
    let returns = 0;
    for (const r of records)
      for (const [alias, line] of Object.entries(r.timeline)) {
        const first = regionState(start, world.regionPath(alias));
        expect(r.firstDay[`${alias}:${first}`], `run ${r.index}, ${alias}:${first}`).toBeUndefined();
        const left = (i: number) => line.slice(0, i).some(([, state]) => state !== first);
        if (line.some(([, state], i) => state === first && left(i))) returns++;
      }
    // The sample holds runs that come back to a starting state, which the old count dated.
    expect(returns).toBeGreaterThan(0);
  });
});

describe('summaryAccumulator', () => {
  test.prop([fc.shuffledSubarray([...Array(40).keys()], { minLength: 40 })], { numRuns: 30, seed })(
    'should not depend on the order of the records',
    (order) => {
      const shuffled = order.map((i) => records[i]!);
      expect(JSON.stringify(summaryOf(shuffled))).toBe(JSON.stringify(summaryOf(records)));
    },
  );

  it('should count each outcome and key event, with intervals around the share', () => {
    const s = summaryOf(records);
    expect(s.runs).toBe(40);
    for (const o of s.outcomes) {
      expect(o.reached).toBe(records.filter((r) => r.outcomes[o.id]).length);
      expect(o.ci95[0]).toBeLessThanOrEqual(o.share);
      expect(o.ci95[1]).toBeGreaterThanOrEqual(o.share);
    }
    for (const e of s.keyEvents) {
      expect(e.runs).toBe(records.filter((r) => r.firstDay[e.key] !== undefined).length);
      expect(e.histogram.reduce((a, b) => a + b, 0)).toBe(e.runs);
    }
    // Every day, the shares of a region's states add up to 1.
    for (const byState of Object.values(s.daily)) {
      for (let d = 0; d < s.calendar.days; d++) {
        const total = Object.values(byState).reduce((a, shares) => a + shares[d]!, 0);
        expect(total).toBeCloseTo(1, 3);
      }
    }
  });

  it("should list every state of each region in the world's order, reached or not, for the reports' colours", () => {
    const s = summaryOf(records);
    const world = scenarioWorld(scenario.data);
    expect(Object.keys(s.regionStates)).toEqual(Object.keys(s.daily));
    for (const region of Object.keys(s.daily)) {
      expect(s.regionStates[region]).toEqual(world.track(region)!.states);
      for (const state of Object.keys(s.daily[region]!)) expect(s.regionStates[region]).toContain(state);
    }
    expect(summaryOf([]).regionStates).toEqual(s.regionStates);
  });
});

describe('wilson', () => {
  test.prop([fc.integer({ min: 1, max: 5000 }), fc.double({ min: 0, max: 1, noNaN: true })], { seed })(
    'should hold the observed share and stay within [0, 1]',
    (n, p) => {
      const k = Math.round(p * n);
      const [lo, hi] = wilson(k, n);
      expect(lo).toBeGreaterThanOrEqual(0);
      expect(hi).toBeLessThanOrEqual(1);
      expect(lo).toBeLessThanOrEqual(k / n + 1e-4);
      expect(hi).toBeGreaterThanOrEqual(k / n - 1e-4);
    },
  );
});

describe('pairedAccumulator', () => {
  it('should find no difference between a side and itself, and the exact difference otherwise', () => {
    const same = pairedAccumulator(scenario.data, 'x');
    for (const r of records) same.add(r, r);
    const result = same.result();
    for (const o of result.outcomes) expect(o.delta).toEqual({ mean: 0, ci95: [0, 0], pairs: 40 });
    const shifted = pairedAccumulator(scenario.data, 'x');
    records.forEach((r, i) => shifted.add(r, records[(i + 1) % records.length]!));
    for (const o of shifted.result().outcomes) {
      expect(o.delta.mean).toBeCloseTo(o.branch - o.base, 4);
      expect(o.delta.pairs).toBe(40);
    }
    // A key event that first appears late still counts every earlier pair as no difference.
    for (const e of shifted.result().keyEvents) expect(e.delta.pairs).toBe(40);
  });
});

describe('firstDivergence', () => {
  it('should be null for the same trace, and otherwise tell the first differing day from both sides', () => {
    const a = runScenario(scenario, { seed: 1 }).trace;
    const b = runScenario(scenario, { seed: 2 }).trace;
    const tell = (e: { move: { type: string; by: string } }, side: string) =>
      `${side}:${e.move.by}:${e.move.type}`;
    expect(firstDivergence(a, a, tell)).toBeNull();
    const d = firstDivergence(a, b, tell)!;
    const key = (e: (typeof a)[number]) => `${e.accepted}${JSON.stringify(e.move)}`;
    const dayOf = (t: typeof a, day: number) => t.filter((e) => e.day === day).map(key);
    // Every earlier day is the same on both sides; that day is not.
    for (let day = 0; day < d.day; day++) expect(dayOf(a, day)).toEqual(dayOf(b, day));
    expect(dayOf(a, d.day)).not.toEqual(dayOf(b, d.day));
    // Moves both sides made that day are left out of the story.
    const both = dayOf(a, d.day).filter((k) => dayOf(b, d.day).includes(k));
    for (const k of both) {
      const move = JSON.parse(k.replace(/^(true|false)/, '')) as { type: string; by: string };
      expect(`${d.base} ${d.branch}`).not.toContain(`:${move.by}:${move.type}`);
    }
  });
});
