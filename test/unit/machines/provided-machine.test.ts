import { describe, expect, it } from 'vitest';
import { createActor, type StateValue } from 'xstate';
import { compileMachine } from '../../../src/kernel/compile-machine.js';
import { initialContext, initialValue } from '../../../src/scenario/initial-world.js';
import { loadScenarioSync } from '../../../src/scenario/read-file.js';
import { scenarioWorld } from '../../../src/scenario/world.js';
import { createKernelStepper } from '../../../src/steppers/kernel-stepper.js';
import { createXStateStepper } from '../../../src/steppers/xstate-stepper.js';

const flagship = loadScenarioSync('scenarios/karabakh/format-week-2020.yaml');
const world = scenarioWorld(flagship.data);
const context = initialContext(flagship.data) as unknown as Record<string, unknown>;
const value = initialValue(flagship.data);
// Armenia is no mediator of the trilateral, so only R2's `isConvener` keeps it from convening those talks.
const move = { type: 'talks.convene', by: 'armenia', format: 'russia-trilateral' } as const;
const provided = world.machine.provide({ guards: { isConvener: () => true } as never });

describe('a composed machine with implementations replaced by machine.provide()', () => {
  it("should be refused by both steppers with what to do instead, since they judge by the world's checks", () => {
    for (const create of [createKernelStepper, createXStateStepper])
      expect(() => create(provided)).toThrow(
        /implementations replaced by machine\.provide\(\).*Change the region module instead.*compileMachine\(\)/,
      );
  });

  it('should run its provided guard on the compiled kernel exactly as XState does', () => {
    const original = compileMachine(world.machine).transition(value, context, move);
    const compiled = compileMachine(provided).transition(value, context, move);
    const actor = createActor(provided, {
      snapshot: provided.resolveState({ value: value as unknown as StateValue, context }),
    }).start();
    actor.send(move as never);
    const xstate = actor.getSnapshot();
    actor.stop();
    expect(original.value).toEqual(value);
    expect(compiled.value).not.toEqual(value);
    expect(compiled.value).toEqual(xstate.value);
    expect(compiled.context).toEqual(xstate.context);
  });
});
