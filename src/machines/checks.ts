import type { Check } from './check-types.js';
import { conditions } from './conditions.js';
import { moveChecks } from './move-checks.js';

export type { Check, ContextCheck, StateCheck } from './check-types.js';
export { isStateCheck, passes } from './check-types.js';

/**
 * Every check the world statechart's guards are made of, by guard name: the checks that judge moves and
 * the conditions of eventless transitions. Each names its rule (`src/model/rules.ts`).
 */
export const checks = { ...moveChecks, ...conditions } as const;

/** The name of a check, which is also the name of its guard in the machine. */
export type CheckName = keyof typeof checks;

/** Look up a check by name. */
export function checkNamed(name: string): Check | undefined {
  return Object.hasOwn(checks, name) ? (checks as Record<string, Check>)[name] : undefined;
}
