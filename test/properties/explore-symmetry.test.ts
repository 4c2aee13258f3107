import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { type ExploreResult, explore } from '../../src/explore/explore.js';
import { CLOCK } from '../../src/regions/events.js';
import { loadShipped, seed } from './arbitraries.js';

/**
 * Symmetry reduction: actors the question treats alike are explored as one, and every path found in
 * the quotient is turned back into the moves of one real world. It must change no answer. On small
 * questions (some movers of a world with interchangeable actors, a what-if, a depth of one to three
 * moves), the search with symmetry and the search without agree outcome by outcome (reachable, and the
 * length of the shortest path), counterexample by counterexample (the invariants broken, and the length
 * of the shortest path that breaks each), on the bound, the depth and the region states reached; it
 * finds no more states, and no fewer than the states without it divided by the size of the group; and
 * every path it reports replays, as a scenario file, to the outcome or the broken invariant it claims.
 */
const cases = [
  { file: 'test/fixtures/symmetry/twin-envoys.yaml', whatIf: undefined },
  { file: 'test/fixtures/symmetry/envoy-a-named.yaml', whatIf: undefined },
  { file: 'test/fixtures/symmetry/reserved-ids.yaml', whatIf: undefined },
  { file: 'test/fixtures/symmetry/field-names.yaml', whatIf: undefined },
  { file: 'scenarios/georgia-2008-2009/geneva-2008-2009.yaml', whatIf: undefined },
  { file: 'scenarios/georgia-2008-2009/geneva-2008-2009.yaml', whatIf: 'osce-consensus' },
  { file: 'scenarios/karabakh-2022-2023/parallel-tracks-2022-2023.yaml', whatIf: 'no-september-offensive' },
] as const;
const scenarios = new Map(cases.map((c) => [c.file, loadShipped(c.file)]));

const answers = (r: ExploreResult) => ({
  depth: r.depth,
  bound: r.bound,
  outcomes: r.outcomes.map((o) => [o.id, o.reachable, o.path?.moves.length ?? null]),
  broken: r.violations.map((v) => [v.invariant, v.path.moves.length]).sort(),
  regions: r.regionStates.reached,
});

const factorial = (n: number): number => (n <= 1 ? 1 : n * factorial(n - 1));

/**
 * Every path found replays, as a scenario file, to the outcome or the broken invariant it claims; and
 * every day ends by the clock (a path file does not say who ended a day, so its replay cannot tell).
 */
function expectReplays(r: ExploreResult): void {
  for (const path of [...r.outcomes.map((o) => o.path), ...r.violations.map((v) => v.path)])
    for (const m of path?.moves ?? []) expect(m.type === 'clock.dayElapsed' ? m.by : CLOCK).toBe(CLOCK);
  for (const o of r.outcomes.filter((x) => x.path))
    expect(o.path!.replay!.result.outcome.outcomes.find((x) => x.id === o.id)!.reached, o.id).toBe(true);
  for (const v of r.violations) {
    const seen = v.path.replay!.result.state.violations.map((x) => x.invariant);
    expect(seen, v.invariant).toContain(v.invariant);
  }
}

describe('the search with symmetry and the search without', () => {
  test.prop(
    [
      fc.constantFrom(...cases),
      fc.option(fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), { nil: undefined }),
      fc.integer({ min: 1, max: 3 }),
    ],
    { numRuns: 10, seed },
  )('give the same answers on small questions, with paths that replay', ({ file, whatIf }, picks, depth) => {
    const scenario = scenarios.get(file)!;
    const cast = Object.keys(scenario.data.actors);
    // Some movers, or the whole cast (only on the small test worlds, at depth 3 at most).
    const actors =
      picks === undefined && file.startsWith('test/')
        ? undefined
        : [...new Set((picks ?? [0, 1]).map((p) => cast[p % cast.length]!))];
    const options = { whatIf, actors, depth, maxStates: 200_000 };
    const reduced = explore(scenario, options);
    const full = explore(scenario, { ...options, symmetry: false, replay: false });
    const where = `${file}${whatIf ? ` (${whatIf})` : ''}, ${actors?.join(' + ') ?? 'every actor'}, depth ${depth}`;
    expect(full.symmetry).toEqual([]);
    expect(answers(reduced), where).toEqual(answers(full));
    const group = reduced.symmetry.reduce((n, c) => n * factorial(c.length), 1);
    expect(reduced.states).toBeLessThanOrEqual(full.states);
    expect(reduced.states * group).toBeGreaterThanOrEqual(full.states);
    expectReplays(reduced);
  });

  it('explores two envoys and two parties as one, four times fewer states, with the same answers', () => {
    const scenario = scenarios.get('test/fixtures/symmetry/twin-envoys.yaml')!;
    const reduced = explore(scenario, { depth: 4 });
    const full = explore(scenario, { depth: 4, symmetry: false, replay: false });
    expect(reduced.symmetry).toEqual([
      ['envoy-a', 'envoy-b'],
      ['north', 'south'],
    ]);
    expect(answers(reduced)).toEqual(answers(full));
    expect(full.states / reduced.states).toBeGreaterThan(3);
    expectReplays(reduced);
  });

  it('keeps apart the actors an outcome names on its own, and those that do not move alike', () => {
    const named = explore(scenarios.get('test/fixtures/symmetry/envoy-a-named.yaml')!, {
      depth: 1,
      replay: false,
    });
    expect(named.symmetry).toEqual([['north', 'south']]);
    const twin = scenarios.get('test/fixtures/symmetry/twin-envoys.yaml')!;
    // Only one envoy moves: it is no longer like the other.
    const one = explore(twin, { depth: 1, actors: ['envoy-a', 'north', 'south'], replay: false });
    expect(one.symmetry).toEqual([['north', 'south']]);
    // Neither the graph nor facts are drawn up to symmetry: their states are the real ones.
    expect(explore(twin, { depth: 1, graph: true, replay: false }).symmetry).toEqual([]);
    expect(explore(twin, { depth: 1, facts: [{ always: true }], replay: false }).symmetry).toEqual([]);
    expect(explore(twin, { depth: 1, exact: true, replay: false }).symmetry).toEqual([]);
  });
});
