import { Option } from '@commander-js/extra-typings';
import type { PolicyRegistry } from '../agents/registry.js';
import { loadPolicyModule } from '../batch/policy-module.js';
import { CliError } from './cli-error.js';

/** `--policies <module>`: the custom policies a scenario file names, from a JavaScript module. */
export const policiesOption = () =>
  new Option(
    '--policies <module>',
    'a JavaScript module exporting custom policies (`export const policies = [...]`) that the file names',
  );

/** The registry of the built-in policies plus the module's, or undefined without `--policies`. */
export async function policiesFrom(module: string | undefined): Promise<PolicyRegistry | undefined> {
  if (module === undefined) return undefined;
  try {
    return await loadPolicyModule(module);
  } catch (error) {
    throw new CliError(`--policies ${module}: ${(error as Error).message.replace(/^auspices: /, '')}`);
  }
}
