import { type Region, regionState, type WorldContext, type WorldValue } from '../model/context.js';
import type { WorldEvent } from '../model/events.js';
import type { RuleId } from '../model/rules.js';

/** Loosely typed payload access: checks are shared between event types with the same fields. */
export type Ev = WorldEvent & Record<string, unknown>;
export const str = (ev: Ev, key: string): string => (typeof ev[key] === 'string' ? (ev[key] as string) : '');

export interface CheckBase {
  /** The rule this check enforces; a refusal cites it. */
  readonly rule: RuleId;
  /** A namespaced refusal code (`consent/mediator-not-accepted`). */
  readonly code: string;
  /** Why the check fails, in a sentence a student can read. */
  readonly why: (ctx: WorldContext, ev: Ev) => string;
}

/** A check on the context and the event. */
export interface ContextCheck extends CheckBase {
  readonly test: (ctx: WorldContext, ev: Ev) => boolean;
}

/** A check that another region is in one of the given states (an XState `stateIn` guard). */
export interface StateCheck extends CheckBase {
  readonly region: Region;
  /** The state of `region` that must be active, as a dotted path (`ceasefire`). */
  readonly state: string;
}

export type Check = ContextCheck | StateCheck;

/** Whether a check is a state check. */
export function isStateCheck(check: Check): check is StateCheck {
  return 'region' in check;
}

/** Evaluate one check against plain world data. */
export function passes(check: Check, value: WorldValue, ctx: WorldContext, ev: WorldEvent): boolean {
  if (isStateCheck(check)) {
    const current = regionState(value, check.region);
    return current === check.state || current.startsWith(`${check.state}.`);
  }
  return check.test(ctx, ev as Ev);
}

/** The acting actor of an event. */
export const actor = (ctx: WorldContext, ev: Ev) => ctx.actors[ev.by];
