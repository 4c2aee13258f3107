import { describe, expect, it } from 'vitest';
import type { WorldContext } from '../../../src/model/context.js';
import { loadScenarioSync } from '../../../src/scenario/read-file.js';
import { scenarioWorld } from '../../../src/scenario/world.js';
import { runScenario } from '../../../src/sim/run-scenario.js';
import { createKernelStepper } from '../../../src/steppers/kernel-stepper.js';
import type { Stepper } from '../../../src/steppers/stepper.js';

const flagship = loadScenarioSync('scenarios/karabakh/format-week-2020.yaml');

describe('the built-in invariants in every run', () => {
  it('hold on every move of the flagship', () => {
    expect(runScenario(flagship).state.violations).toEqual([]);
  });

  it('report a machine that breaks one, on the move that broke it', () => {
    // A faulty engine: a legislature's resolution also records a recognition (against R6 and I3).
    const good = createKernelStepper(scenarioWorld(flagship.data));
    const faulty: Stepper = {
      ...good,
      step(state, event) {
        const outcome = good.step(state, event);
        if (!outcome.accepted || event.type !== 'legislature.resolve') return outcome;
        const context: WorldContext = {
          ...outcome.state.context,
          recognitions: [...outcome.state.context.recognitions, { by: event.by, day: 0, entity: 'nk' }],
        };
        return { ...outcome, state: { ...outcome.state, context } };
      },
    };
    const result = runScenario(flagship, { stepper: faulty });
    const i3 = result.state.violations.find((v) => v.invariant === 'I3');
    expect(i3?.text).toMatch(
      /recognitions change only by an executive act: recognitions changed on legislature\.resolve/,
    );
    expect(result.trace[i3!.seq]!.move.type).toBe('legislature.resolve');
  });
});
