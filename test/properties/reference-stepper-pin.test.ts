import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { transition } from 'xstate';
import xstatePackage from 'xstate/package.json' with { type: 'json' };
import { createWorldMachine } from '../../src/machines/world-machine.js';
import { eventStream, seed, smallWorld, walk } from './arbitraries.js';

const machine = createWorldMachine();
const world = smallWorld();

describe('the XState reference stepper', () => {
  it('should be pinned to the XState version it was checked against', () => {
    // The stepper calls machine.transition with one reused actor scope, an API XState does not document.
    // When XState changes version, this test and the property below must be re-checked together.
    expect(xstatePackage.version).toBe('5.33.3');
  });

  test.prop([eventStream(40)], { numRuns: 40, seed })(
    "should step exactly as XState's exported transition() does, event after event",
    (specs) => {
      for (const step of walk(world.stepper, world.initial, specs)) {
        if (!step.outcome.accepted) continue;
        const snapshot = machine.resolveState({
          value: step.before.value as never,
          context: step.before.context,
        });
        const [expected] = transition(machine, snapshot, step.event);
        expect({ value: step.outcome.state.value, context: step.outcome.state.context }).toEqual({
          value: expected.value,
          context: expected.context,
        });
      }
    },
  );
});
