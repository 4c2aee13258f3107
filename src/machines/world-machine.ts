import { defaultWorld, type WorldMachine } from './compose-world.js';

export type { WorldMachine } from './compose-world.js';

/**
 * The statechart of the default world: every built-in region module composed (DESIGN.md section 3).
 * Every guard names the rule it enforces; every action is a named context update. The initial context
 * comes from the scenario (`input`); initial region states are applied with `machine.resolveState`.
 * A scenario's own world's machine is `scenarioWorld(scenario.data).machine`.
 *
 * @example
 * ```ts
 * const machine = createWorldMachine();
 * const snapshot = machine.resolveState({ value: initialValue, context });
 * ```
 */
export function createWorldMachine(): WorldMachine {
  return defaultWorld().machine;
}
