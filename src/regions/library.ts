import type { z } from 'zod';
import type { WorldContext } from '../model/context.js';
import { accessRegion } from './access.js';
import { coreRegion } from './core.js';
import { formatRegion } from './format.js';
import { hostilitiesRegion } from './hostilities.js';
import { monitoringRegion } from './monitoring.js';
import { recognitionRegion } from './recognition.js';
import type { InitialReference, RegionModule, StartInput } from './region-module.js';
import { statusRegion } from './status.js';
import { talksRegion } from './talks.js';

/**
 * The library of region modules, in composition order: a world's state nodes, moves and summary lines
 * follow this order whatever order a scenario lists its regions in. Adding a region is one file plus
 * one entry here.
 */
export const regionLibrary = [
  hostilitiesRegion,
  talksRegion,
  formatRegion,
  statusRegion,
  recognitionRegion,
  coreRegion,
  monitoringRegion,
  accessRegion,
] as const satisfies readonly RegionModule[];

/** A built-in region module's id. */
export type BuiltinRegionId = (typeof regionLibrary)[number]['id'];

/** The ids of the built-in region modules, in composition order. */
export const builtinRegionIds: readonly BuiltinRegionId[] = regionLibrary.map((m) => m.id);

/** The region modules every world has, whatever a scenario lists. */
export const alwaysIncluded: readonly BuiltinRegionId[] = ['core'];

/** A built-in region module by id. */
export function regionModule(id: string): RegionModule | undefined {
  return regionLibrary.find((m) => m.id === id);
}

// A module without a slice of its own still has the optional, untyped member of `RegionModule`: it adds no fields.
type SliceFields<M> = M extends { readonly context: { readonly initial: infer S } }
  ? string extends keyof S
    ? Record<never, never>
    : S
  : Record<never, never>;
type Intersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/**
 * The fields of a scenario's `initial:` section that the modules read, gathered from their context
 * slices in composition order; the scenario schema adds `regions` and `activeFormat`.
 */
export const initialFields = sliceFields(regionLibrary) as Intersection<
  SliceFields<(typeof regionLibrary)[number]>
>;

/**
 * The `initial:` fields of a list of modules. Two modules reading the same field, or a module reading
 * `regions` or `activeFormat`, which the scenario schema itself holds, is a programming error.
 */
export function sliceFields(modules: readonly RegionModule[]): Readonly<Record<string, z.ZodType>> {
  const fields: Record<string, z.ZodType> = {};
  for (const m of modules)
    for (const [field, schema] of Object.entries(m.context?.initial ?? {})) {
      if (Object.hasOwn(fields, field) || field === 'regions' || field === 'activeFormat')
        throw new Error(
          `auspices: region module "${m.id}" reads \`initial.${field}\`, which is already taken`,
        );
      fields[field] = schema as z.ZodType;
    }
  return fields;
}

/**
 * The world's memory at the start: every built-in module's slice, whichever regions the world has, so
 * that the context has one shape. Two modules starting the same field is a programming error.
 */
export function startContext(
  input: StartInput,
  modules: readonly RegionModule[] = regionLibrary,
): Partial<WorldContext> {
  const context: Record<string, unknown> = {};
  for (const m of modules) {
    for (const [field, value] of Object.entries(m.context?.start(input) ?? {})) {
      if (Object.hasOwn(context, field))
        throw new Error(`auspices: two region modules start the context field "${field}"`);
      context[field] = value;
    }
  }
  return context as Partial<WorldContext>;
}

/** The actors and formats a scenario's `initial:` section names, by module, for validation. */
export function* initialReferences(
  initial: Readonly<Record<string, unknown>>,
  modules: readonly RegionModule[] = regionLibrary,
): Iterable<InitialReference> {
  for (const m of modules) if (m.context?.references) yield* m.context.references(initial);
}
