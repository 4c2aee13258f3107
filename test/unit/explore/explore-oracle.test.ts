import { describe, expect, it } from 'vitest';
import { createMoveOracle } from '../../../src/explore/explore-oracle.js';
import { createExplorer } from '../../../src/explore/explorer.js';
import { compileMachine } from '../../../src/kernel/compile-machine.js';
import { loadScenarioSync } from '../../../src/scenario/read-file.js';
import { scenarioWorld } from '../../../src/scenario/world.js';
import { worldsNear } from '../../support/explore-answers.js';

/**
 * The refusal cache answers a move from what it judged in other worlds with the same facts read. Its
 * answers must be the kernel's own: an oracle that has seen hundreds of worlds must give, in each, the
 * verdict of an oracle that has seen only that one (which asks the kernel afresh for every move).
 */
describe('the refusal cache of exploration', () => {
  it('gives in every world the verdicts the kernel gives afresh, after hundreds of worlds', () => {
    const scenario = loadScenarioSync('scenarios/karabakh/format-week-2020.yaml');
    const ex = createExplorer(scenario, { actors: ['russia', 'turkey', 'azerbaijan'], symmetry: false });
    const kernel = compileMachine(scenarioWorld(scenario.data).machine);
    const oracle = () => createMoveOracle(kernel, ex.codec.fields, ex.codec.dropped);
    // The worlds within three moves of the start, breadth first, from 400 on.
    const keys = worldsNear(ex, 3, 400);
    expect(keys.length).toBeGreaterThanOrEqual(400);
    const warm = oracle();
    const wrong: string[] = [];
    for (const key of keys) {
      const { world, ids } = ex.codec.decode(key);
      const cold = oracle();
      ex.moves.forEach((move, id) => {
        const cached = warm.verdict(world, ids!, id, move);
        const afresh = cold.verdict(world, ids!, id, move);
        if (cached !== afresh)
          wrong.push(`${JSON.stringify(move)} in world ${keys.indexOf(key)}: ${cached}, not ${afresh}`);
      });
    }
    expect(wrong.slice(0, 5)).toEqual([]);
    // The cache did its work: most verdicts came from it.
    expect(warm.stats.hits).toBeGreaterThan(warm.stats.misses);
  });
});
