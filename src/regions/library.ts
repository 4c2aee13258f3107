import { accessRegion } from './access.js';
import { coreRegion } from './core.js';
import { formatRegion } from './format.js';
import { hostilitiesRegion } from './hostilities.js';
import { monitoringRegion } from './monitoring.js';
import { recognitionRegion } from './recognition.js';
import type { RegionModule } from './region-module.js';
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
