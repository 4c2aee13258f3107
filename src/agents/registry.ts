import { randomPolicy, rulesPolicy, scriptedPolicy } from './builtin-policies.js';
import type { Policy } from './policy.js';

/** Policies by name. Scenario files name policies; the code registers them here. */
export type PolicyRegistry = ReadonlyMap<string, Policy<unknown>>;

/** The built-in policies: `scripted`, `rules` and `random`. */
export const builtinPolicies: readonly Policy<unknown>[] = [
  scriptedPolicy as Policy<unknown>,
  rulesPolicy as Policy<unknown>,
  randomPolicy as Policy<unknown>,
];

/**
 * A registry of the built-in policies plus any custom ones. A custom policy may not reuse a built-in name.
 *
 * @example
 * ```ts
 * const registry = createPolicyRegistry([stubborn]);
 * runScenario(scenario, { policies: registry });
 * ```
 */
export function createPolicyRegistry(custom: readonly Policy<unknown>[] = []): PolicyRegistry {
  const map = new Map<string, Policy<unknown>>();
  for (const p of [...builtinPolicies, ...custom]) {
    if (map.has(p.name))
      throw new Error(`auspices: a policy named "${p.name}" is already registered; give yours another name`);
    map.set(p.name, p);
  }
  return map;
}
