import type { WorldContext, WorldState } from '../model/context.js';
import type { Ev } from './check-types.js';

/** One step of the world: the world before, the event, and what the stepper made of it. */
export interface WorldStep {
  readonly before: WorldState;
  /** The move (typed loosely: the event union is derived from the modules that declare invariants). */
  readonly event: Ev;
  readonly accepted: boolean;
  readonly after: WorldState;
  /** The region changes the stepper reported. */
  readonly changes: readonly unknown[];
}

/**
 * A world invariant of DESIGN.md section 3, owned by the region module whose facts it guards. A `state`
 * invariant reads one world; a `step` invariant reads a step (before, event, after). A check returns
 * `null` when it holds, else a sentence saying what broke. They read plain data only, never the machine,
 * so they judge the statechart from outside.
 */
export type WorldInvariant =
  | {
      readonly id: string;
      readonly text: string;
      readonly kind: 'state';
      readonly check: (world: WorldState) => string | null;
    }
  | {
      readonly id: string;
      readonly text: string;
      readonly kind: 'step';
      readonly check: (step: WorldStep) => string | null;
    };

/** Structural equality of plain data (arrays, objects, primitives), key order included. */
export function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) {
    const k = ka[i]!;
    if (k !== kb[i]) return false;
    if (!sameData((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return true;
}

/** A format of the context by id, if there is one. */
export const formatById = (ctx: WorldContext, id: string | null) =>
  id === null ? undefined : ctx.formats[id];

/** A payload field of an event. */
export const eventField = (ev: Ev, key: string): unknown => ev[key];

/** Order invariants by id, numerically (`I2` before `I11`). */
export function byInvariantId(a: { readonly id: string }, b: { readonly id: string }): number {
  const n = (id: string) => Number(/\d+/.exec(id)?.[0] ?? Number.MAX_SAFE_INTEGER);
  return n(a.id) - n(b.id) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
