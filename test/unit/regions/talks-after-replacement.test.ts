import { describe, expect, it } from 'vitest';
import type { WorldEvent } from '../../../src/regions/events.js';
import { initialContext, initialValue } from '../../../src/scenario/initial-world.js';
import { loadScenarioSync } from '../../../src/scenario/read-file.js';
import { scenarioWorld } from '../../../src/scenario/world.js';
import { stepperFor } from '../../../src/sim/run-scenario.js';
import { invariantsOf } from '../../../src/sim/world-invariants.js';

describe('talks that outlive their format', () => {
  // Found by the invariant property test: the OSCE alone convenes Geneva, then a proposal that adds
  // Abkhazia and South Ossetia as parties replaces the format. Abkhazia never accepted the OSCE.
  const scenario = loadScenarioSync('scenarios/georgia-2008-2009/what-ifs/belarus-recognises.yaml');
  const events = [
    { type: 'format.propose', by: 'georgia', format: 'geneva-full-seats' },
    { type: 'mediator.resign', by: 'un', format: 'geneva' },
    { type: 'mediator.resign', by: 'eu', format: 'geneva' },
    { type: 'talks.convene', by: 'osce' },
    { type: 'format.endorse', by: 'russia', format: 'geneva-full-seats' },
    { type: 'format.replace', by: 'georgia', format: 'geneva-full-seats' },
  ] as unknown as WorldEvent[];

  it('stall when a party of the new format does not accept the mediators, on both engines (R4, I1)', () => {
    const world = scenarioWorld(scenario.data);
    const invariants = invariantsOf(world).filter((i) => i.kind === 'state');
    for (const engine of ['kernel', 'xstate'] as const) {
      const stepper = stepperFor(world, engine);
      let state = stepper.initial(initialValue(scenario.data), initialContext(scenario.data));
      const accepted: boolean[] = [];
      for (const e of events) {
        const out = stepper.step(state, e);
        accepted.push(out.accepted);
        state = out.state;
        for (const inv of invariants)
          expect(inv.check(state), `${engine} ${inv.id} after ${e.type}`).toBeNull();
      }
      expect(accepted.at(-1), engine).toBe(true);
      expect(state.context.activeFormat).toBe('geneva-full-seats');
      expect(state.value.talks, engine).toBe('stalled');
    }
  });
});
