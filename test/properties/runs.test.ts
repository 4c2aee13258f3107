import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { isRuleId as isBuiltinRuleId } from '../../src/model/rules.js';
import { hashOf } from '../../src/scenario/hash.js';
import type { Scenario } from '../../src/scenario/scenario.js';
import type { ScenarioData } from '../../src/scenario/schema.js';
import { applyWhatIf } from '../../src/scenario/what-if.js';
import { scenarioWorld } from '../../src/scenario/world.js';
import { dateOf, dayIndex } from '../../src/sim/calendar.js';
import { type RunResult, resumeRun, runScenario } from '../../src/sim/run-scenario.js';
import { saveRun } from '../../src/sim/saved-run.js';
import { loadShipped, ownWhatIfs, scenarioFiles, seed } from './arbitraries.js';

/** Random runs look at the first days of a calendar: they make many moves a day, and some packs span years. */
const RANDOM_DAYS = 45;

/**
 * Every actor of the scenario (and of each what-if's actor patches) driven by `random` at rate 0.5, over
 * at most the first `RANDOM_DAYS` days of its calendar.
 */
function withRandomPolicies(scenario: Scenario): Scenario {
  const random = { policy: 'random', params: { rate: 0.5 } };
  const actors = <T>(list: Readonly<Record<string, T>>): Record<string, T> =>
    Object.fromEntries(Object.entries(list).map(([id, a]) => [id, { ...a, ...random }]));
  const { start, end } = scenario.data.calendar;
  const data: ScenarioData = {
    ...scenario.data,
    calendar: {
      ...scenario.data.calendar,
      end: dayIndex(start, end) > RANDOM_DAYS ? dateOf(start, RANDOM_DAYS) : end,
    },
    actors: actors(scenario.data.actors),
    whatIfs: Object.fromEntries(
      Object.entries(scenario.data.whatIfs).map(([name, w]) => [
        name,
        w.actors ? { ...w, actors: actors(w.actors) } : w,
      ]),
    ),
  };
  return { ...scenario, data, hash: hashOf({ data, whatIf: null }) };
}

/** I8: the trace is append-only from 0, days never go back, every move applied or refused with a rule. */
function expectWellFormedTrace(result: RunResult) {
  const { trace } = result;
  // Catalogued: the built-in rules, or the scenario's own.
  const world = scenarioWorld(result.scenario.data);
  const isRuleId = (id: string) => isBuiltinRuleId(id) || world.rules.has(id);
  trace.forEach((entry, i) => {
    expect(entry.seq).toBe(i);
    if (i > 0) expect(entry.day).toBeGreaterThanOrEqual(trace[i - 1]!.day);
    expect(entry.rules.every(isRuleId)).toBe(true);
    if (entry.accepted) expect(entry.refusal).toBeUndefined();
    else {
      expect(entry.refusal).toBeDefined();
      expect(isRuleId(entry.refusal!.rule)).toBe(true);
      expect(entry.refusal!.reason.trim()).not.toBe('');
      expect(entry.rules).toEqual([entry.refusal!.rule]);
    }
  });
  // Nothing lost: every move of every dated inject up to the last simulated day is in the trace.
  const data = result.scenario.data;
  const last = result.state.day;
  for (const inject of data.injects) {
    if (inject.date === undefined) continue;
    const day = dayIndex(data.calendar.start, inject.date);
    if (day < 0 || day > last) continue;
    const moves = Array.isArray(inject.do) ? inject.do.length : 1;
    expect(trace.filter((e) => e.inject?.id === inject.id && e.day === day)).toHaveLength(moves);
  }
}

/** One shipped scenario, or one of its what-ifs. */
interface Row {
  readonly label: string;
  readonly scenario: Scenario;
  readonly whatIf: string | undefined;
  /** Whether the row also runs with every policy random. */
  readonly random: boolean;
}

// Each file as written and each what-if it declares; a file that extends another leaves the what-ifs it
// inherits to that file. Every file runs with every policy random once, as written: random runs are the
// long ones, and the composed-worlds and invariant properties drive random moves through other worlds.
const rows: Row[] = scenarioFiles().flatMap((file) => {
  const scenario = loadShipped(file);
  return [undefined, ...ownWhatIfs(file, scenario)].map((whatIf) => ({
    label: whatIf ? `${file} (what-if ${whatIf})` : file,
    scenario,
    whatIf,
    random: whatIf === undefined,
  }));
});

/** Whatever the last day of a run, a cut day from 0 to it. */
const runInput = fc.record({ runSeed: fc.integer({ min: 0, max: 2 ** 31 - 1 }), cut: fc.nat() });

/**
 * Runs per variant, shared by all rows so that the suite's time stays flat as scenarios are added
 * (every row still gets at least one run per variant).
 */
const budget = { asWritten: 24, random: 24 };
const perRow = (total: number, count: number) => Math.max(1, Math.ceil(total / count));

const variants = [
  {
    name: 'as written',
    make: (s: Scenario) => s,
    numRuns: perRow(budget.asWritten, rows.length),
    applies: (_: Row) => true,
  },
  {
    name: 'with every policy random',
    make: withRandomPolicies,
    numRuns: perRow(budget.random, rows.filter((r) => r.random).length),
    applies: (r: Row) => r.random,
  },
];

for (const row of rows) {
  const { label, scenario: shipped, whatIf } = row;
  describe(`runs of ${label}`, () => {
    for (const { name, make, numRuns, applies } of variants) {
      if (!applies(row)) continue;
      const scenario = make(shipped);
      test.prop([runInput], { numRuns, seed })(
        `should keep I8, I9, I10 and the scenario invariants ${name}, for any seed and cut day`,
        ({ runSeed, cut }) => {
          const full = runScenario(scenario, { seed: runSeed, whatIf });
          expectWellFormedTrace(full);
          expect(full.outcome.violations).toEqual([]);
          // I9: same input, same trace.
          const again = runScenario(scenario, { seed: runSeed, whatIf });
          expect(JSON.stringify(again.trace)).toBe(JSON.stringify(full.trace));
          // I10: stop after day k, persist, restore, continue: the same run. The head is a prefix (I8).
          const k = cut % (full.state.day + 1);
          const head = runScenario(scenario, { seed: runSeed, whatIf, untilDay: k });
          expect(head.trace).toEqual(full.trace.slice(0, head.trace.length));
          const resumed = resumeRun(scenario, saveRun(head));
          expect(JSON.stringify(resumed.trace)).toBe(JSON.stringify(full.trace));
          expect(saveRun(resumed)).toBe(saveRun(full));
          expect(resumed.outcome).toEqual(full.outcome);
        },
      );
    }
  });
}

describe('withRandomPolicies', () => {
  it('should drive every actor of every row by the random policy', () => {
    for (const { scenario, whatIf } of rows) {
      const variant = withRandomPolicies(scenario);
      const data = whatIf ? applyWhatIf(variant, whatIf).data : variant.data;
      for (const actor of Object.values(data.actors)) expect(actor).toMatchObject({ policy: 'random' });
    }
  });
});
