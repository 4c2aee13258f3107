import type { CompiledMachine } from '../kernel/compile-machine.js';
import type { WorldContext, WorldState, WorldValue } from '../model/context.js';
import type { WorldEvent } from '../regions/events.js';
import type { StepOutcome } from '../steppers/stepper.js';

const NO_CHANGES: readonly never[] = [];

/**
 * Step the world on the compiled kernel without working out verdicts' rules: exploration needs only
 * whether a move is taken and where it leads. Same semantics as the kernel stepper: its pre-checks read
 * only the cast, so `explore` applies them once to the alphabet; the tests explore with both engines.
 */
export function kernelStep(
  kernel: CompiledMachine,
): (world: WorldState, move: WorldEvent) => Pick<StepOutcome, 'accepted' | 'state' | 'changes'> {
  return (world, move) => {
    const ctx = world.context as unknown as Record<string, unknown>;
    const next = kernel.transition(world.value, ctx, move);
    const same = next.value === world.value && next.context === ctx;
    const state = same
      ? world
      : { value: next.value as WorldValue, context: next.context as unknown as WorldContext };
    return { accepted: next.taken, state, changes: NO_CHANGES };
  };
}
