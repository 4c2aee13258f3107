import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Policy } from '../agents/policy.js';
import { builtinPolicies, createPolicyRegistry, type PolicyRegistry } from '../agents/registry.js';
import type { Scenario } from '../scenario/scenario.js';

/**
 * A module that exports custom policies: a file path (relative to the working directory) or a URL. It
 * exports them as `policies`, an array of `definePolicy(...)` results, or as its default export. Batches
 * load it in every worker thread, since policies are code and cannot be sent to a worker.
 */
export type PolicyModule = string | URL;

/** The URL a policy module is imported from. */
export function policyModuleUrl(module: PolicyModule): string {
  if (module instanceof URL) return module.href;
  // A URL (`file:`, `data:`), but not a Windows path with a drive letter.
  if (/^[a-z][a-z0-9+.-]+:/i.test(module)) return module;
  return pathToFileURL(resolve(module)).href;
}

const loaded = new Map<string, Promise<PolicyRegistry>>();

const isPolicy = (x: unknown): x is Policy<unknown> =>
  typeof x === 'object' &&
  x !== null &&
  typeof (x as Policy).name === 'string' &&
  typeof (x as Policy).decide === 'function' &&
  typeof (x as Policy).parseParams === 'function';

/** The built-in policies plus those a policy module exports; each module is imported once per thread. */
export function loadPolicyModule(module: PolicyModule): Promise<PolicyRegistry> {
  const url = policyModuleUrl(module);
  let registry = loaded.get(url);
  if (!registry) {
    registry = import(url).then(
      (exports: Record<string, unknown>) => {
        const list = exports.policies ?? exports.default;
        if (!Array.isArray(list) || list.length === 0 || !list.every(isPolicy))
          throw new Error(
            `auspices: the policy module ${url} exports no policies: export \`policies\`, an array of definePolicy(...) results, or make that array its default export`,
          );
        return createPolicyRegistry(list);
      },
      (error: unknown) => {
        throw new Error(
          `auspices: cannot load the policy module ${url}: ${error instanceof Error ? error.message : String(error)}`,
        );
      },
    );
    registry.catch(() => loaded.delete(url));
    loaded.set(url, registry);
  }
  return registry;
}

/**
 * The policies a batch runs with: the built-ins, plus the module's when one is named. A scenario whose
 * actors use a policy that is neither is refused here, before any run, with the actor and the policy.
 */
export async function batchPolicies(
  scenario: Scenario,
  module: PolicyModule | undefined,
  caller: string,
): Promise<PolicyRegistry | undefined> {
  const registry = module === undefined ? undefined : await loadPolicyModule(module);
  const known = new Set(registry ? registry.keys() : builtinPolicies.map((p) => p.name));
  for (const [id, actor] of Object.entries(scenario.data.actors)) {
    const policy = actor.policy ?? 'scripted';
    if (known.has(policy)) continue;
    throw new Error(
      module === undefined
        ? `auspices: ${caller}: actor "${id}" uses the policy "${policy}", which is not built in; name the module that exports it (policyModule, or --policies on the command line)`
        : `auspices: ${caller}: actor "${id}" uses the policy "${policy}", which the policy module ${policyModuleUrl(module)} does not export (it exports ${[...known].filter((n) => !builtinPolicies.some((p) => p.name === n)).join(', ')})`,
    );
  }
  return registry;
}
