import type { World } from '../machines/compose-world.js';
import { createKernelStepper } from '../steppers/kernel-stepper.js';
import type { Stepper } from '../steppers/stepper.js';
import { createXStateStepper } from '../steppers/xstate-stepper.js';

/** The engines a run can use. */
export type Engine = 'xstate' | 'kernel';

/** The engines, by name. */
export const engines: readonly Engine[] = ['xstate', 'kernel'];

const shared = new WeakMap<World, Map<Engine, Stepper>>();

/**
 * One stepper per world and engine for all runs that bring none: steppers hold no run state, only
 * caches, and worlds are shared by equal compositions.
 */
export function stepperFor(world: World, engine: Engine): Stepper {
  let byEngine = shared.get(world);
  if (!byEngine) {
    byEngine = new Map();
    shared.set(world, byEngine);
  }
  let stepper = byEngine.get(engine);
  if (!stepper) {
    if (!engines.includes(engine)) {
      throw new Error(`auspices: unknown engine "${engine}"; use one of ${engines.join(', ')}`);
    }
    stepper = engine === 'kernel' ? createKernelStepper(world) : createXStateStepper(world);
    byEngine.set(engine, stepper);
  }
  return stepper;
}
