import type { ActorInfo } from './actor.js';
import type { Format } from './format.js';

/** A dated act by one actor. */
export interface Act {
  readonly by: string;
  readonly day: number;
}

/**
 * Everything the world remembers besides its region states. Plain data: serialisable and comparable.
 *
 * Only the fields the predicate vocabulary reads (`model/predicate.ts`) are typed here. Every other field
 * belongs to the region module that owns it: the module types it by merging into this interface
 * (`declare module '../model/context.js' { interface WorldContext { ... } }`), and its context slice
 * says what the field holds at the start (`RegionModule.context`).
 */
export interface WorldContext {
  /** Simulated days since the scenario's start date. */
  readonly day: number;
  readonly actors: Readonly<Record<string, ActorInfo>>;
  readonly formats: Readonly<Record<string, Format>>;
  readonly activeFormat: string;
  /** For each party, the mediators it accepts (R4). */
  readonly consents: Readonly<Record<string, readonly string[]>>;
  readonly exclusionDemands: readonly (Act & { readonly mediator: string; readonly format: string })[];
  readonly excluded: readonly (Act & { readonly mediator: string; readonly format: string })[];
  readonly recognitions: readonly (Act & { readonly entity: string })[];
}

/** The region states and context of the world, as plain data. */
export interface WorldState {
  readonly value: WorldValue;
  readonly context: WorldContext;
}

/**
 * The state value of the world statechart: one entry per region node of the composed world (for the
 * default world: `hostilities`, `talks`, `format` with `mandate` and `composition`, `status`, `monitoring`,
 * `access`). A compound state nests (`{ ceasefire: 'holding' }`); which regions exist is the world's
 * business (`World.tracks`), not this type's.
 */
export interface WorldValue {
  readonly [region: string]: WorldValueNode;
}

/** A node of a state value: a state name, or the active children of a compound or parallel state. */
export type WorldValueNode = string | { readonly [child: string]: WorldValueNode };

/**
 * A region as a dotted path into the state value (`talks`, `format.mandate`, or a custom region's id).
 * The regions of a world are listed by `World.tracks`.
 */
export type Region = string;

/** The state of one region as a dotted string (`ceasefire.holding`); `''` when the world has no such region. */
export function regionState(value: WorldValue, region: Region): string {
  let node: unknown = value;
  // The path's keys, read in place: this runs for every region after every move.
  for (let from = 0; ; ) {
    const dot = region.indexOf('.', from);
    if (node === null || typeof node !== 'object') return '';
    node = (node as Record<string, unknown>)[dot < 0 ? region.slice(from) : region.slice(from, dot)];
    if (dot < 0) break;
    from = dot + 1;
  }
  return node === undefined ? '' : flatten(node);
}

function flatten(node: unknown): string {
  if (typeof node === 'string') return node;
  for (const key in node as Record<string, unknown>)
    return `${key}.${flatten((node as Record<string, unknown>)[key])}`;
  throw new TypeError('auspices: a compound state value has no active child');
}

/** The state value with one region set to a dotted state (`ceasefire.holding` nests as `{ ceasefire: 'holding' }`). */
export function withRegionState(value: WorldValue, region: Region, state: string): WorldValue {
  const keys = region.split('.');
  const nest = (parts: string[]): WorldValueNode =>
    parts.length === 1 ? parts[0]! : { [parts[0]!]: nest(parts.slice(1)) };
  const set = (node: WorldValueNode | undefined, i: number): WorldValueNode => {
    const base = typeof node === 'object' && node !== null ? node : {};
    const key = keys[i]!;
    return { ...base, [key]: i === keys.length - 1 ? nest(state.split('.')) : set(base[key], i + 1) };
  };
  return set(value, 0) as WorldValue;
}
