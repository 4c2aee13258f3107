import { createWorldMachine, type WorldMachine } from '../machines/world-machine.js';
import type { WorldContext, WorldState, WorldValue } from '../model/context.js';
import { compileMachine } from './compile-machine.js';
import { explain, handlersByEvent } from './explain.js';
import type { StepOutcome, Stepper } from './stepper.js';
import { createXStateStepper, regionChanges } from './xstate-stepper.js';

/**
 * The compiled-kernel stepper: the same verdicts as the reference stepper (the machine's own checks),
 * with accepted moves applied by `compileMachine`'s flat tables instead of XState's interpreter.
 * Not yet the default engine; differential tests hold it to the reference stepper.
 */
export function createKernelStepper(machine: WorldMachine = createWorldMachine()): Stepper {
  const handlers = handlersByEvent(machine);
  const compiled = compileMachine(machine);
  const reference = createXStateStepper(machine);
  return {
    engine: 'kernel',
    initial: (value, context) => ({ value, context }),
    check: (state, event) => explain(machine, handlers, state.value, state.context, event),
    step(state, event): StepOutcome {
      const verdict = explain(machine, handlers, state.value, state.context, event);
      if (!verdict.accepted) return { ...verdict, state, changes: [] };
      const next = compiled.transition(
        state.value,
        state.context as unknown as Record<string, unknown>,
        event,
      );
      const nextState: WorldState = {
        value: next.value as WorldValue,
        context: next.context as unknown as WorldContext,
      };
      return { ...verdict, state: nextState, changes: regionChanges(state.value, nextState.value) };
    },
    unsettled: (state) => reference.unsettled(state),
  };
}
