import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { type ExploreResult, explore } from '../../src/explore/explore.js';
import { loadShipped, seed } from './arbitraries.js';

/**
 * The abstraction that exploration searches over is the cone-of-influence reduction: each region
 * module's canonical form keeps what rules, invariants and the scenario's predicates read, and drops
 * the rest. It must change no answer. On small questions (one or two movers of a shipped scenario, to a
 * depth of one or two moves), the reduced search and the full search (`exact`: every field kept, the day
 * uncapped) agree outcome by outcome (reachable, and the length of the shortest path), counterexample
 * by counterexample (the invariants broken, and the length of the shortest path that breaks each), and
 * on the region states reached.
 */
const files = [
  'scenarios/karabakh/format-week-2020.yaml',
  'scenarios/karabakh/what-ifs/ceasefire-collapses.yaml',
  'scenarios/georgia-2008-2009/geneva-2008-2009.yaml',
  'scenarios/moldova-2003-2006/kozak-to-5plus2.yaml',
  'scenarios/karabakh-2022-2023/parallel-tracks-2022-2023.yaml',
  'examples/worlds/river-dam.yaml',
];
const scenarios = new Map(files.map((f) => [f, loadShipped(f)]));

const answers = (r: ExploreResult) => ({
  outcomes: r.outcomes.map((o) => [o.id, o.reachable, o.path?.moves.length ?? null]),
  broken: r.violations.map((v) => [v.invariant, v.path.moves.length]).sort(),
  regions: r.regionStates.reached,
});

describe('the reduced search and the full search', () => {
  test.prop(
    [
      fc.constantFrom(...files),
      fc.array(fc.nat(), { minLength: 1, maxLength: 2 }),
      fc.integer({ min: 1, max: 2 }),
    ],
    { numRuns: 12, seed },
  )('give the same answers on small questions', (file, picks, depth) => {
    const scenario = scenarios.get(file) as NonNullable<ReturnType<typeof loadShipped>>;
    const cast = Object.keys(scenario.data.actors);
    const actors = [...new Set(picks.map((p) => cast[p % cast.length] as string))];
    const reduced = explore(scenario, { actors, depth, replay: false });
    const full = explore(scenario, { actors, depth, replay: false, exact: true });
    expect(full.states).toBeGreaterThanOrEqual(reduced.states);
    expect(answers(full), `${file}, ${actors.join(' + ')}, depth ${depth}`).toEqual(answers(reduced));
  });
});
