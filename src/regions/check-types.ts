import type { WorldContext, WorldValue } from '../model/context.js';
import { regionState } from '../model/context.js';
import { evaluate, type Predicate } from '../model/predicate.js';
import type { RuleId } from '../model/rules.js';

/** A move as checks and updates read it: its type, its actor and its payload fields. */
export type Ev = { readonly type: string; readonly by: string } & Readonly<Record<string, unknown>>;

/** A payload field as a string, or `''` when it is absent. */
export const str = (ev: Ev, key: string): string => (typeof ev[key] === 'string' ? (ev[key] as string) : '');

interface CheckBase {
  /** The rule this check enforces; a refusal cites it. */
  readonly rule: RuleId;
  /** A namespaced refusal code (`consent/mediator-not-accepted`). */
  readonly code: string;
  /** Why the check fails, in a sentence a student can read. */
  readonly why: (ctx: WorldContext, ev: Ev) => string;
  /**
   * A routing check decides which of several parallel transitions a move concerns (the talks of which
   * format); a transition whose routing check fails is not a candidate, and its refusal is cited only
   * when no transition is.
   */
  readonly routing?: boolean | undefined;
  /**
   * For a routing check: whether its refusal is the real reason when no transition fits (the move names
   * talks that do not exist); otherwise the move is refused as not available in the current states.
   */
  readonly decisive?: ((ctx: WorldContext, ev: Ev) => boolean) | undefined;
}

/** A check on the context and the event. */
export interface ContextCheck extends CheckBase {
  readonly test: (ctx: WorldContext, ev: Ev) => boolean;
}

/** A check that another region is in a given state (an XState `stateIn` guard). */
export interface StateCheck extends CheckBase {
  /** The region, as a dotted path into the state value (`hostilities`, `format.mandate`). */
  readonly region: string;
  /** The state of `region` that must be active, as a dotted path (`ceasefire`). */
  readonly state: string;
}

/**
 * A check written in the predicate language of scenario files (custom regions' guards). The machine
 * compiles it into XState's `and`/`or`/`not`/`stateIn` guards, so both engines evaluate it natively.
 */
export interface PredicateCheck extends CheckBase {
  readonly predicate: Predicate;
}

export type Check = ContextCheck | StateCheck | PredicateCheck;

/** Whether a check is a state check. */
export function isStateCheck(check: Check): check is StateCheck {
  return 'region' in check;
}

/** Whether a check is a predicate check. */
export function isPredicateCheck(check: Check): check is PredicateCheck {
  return 'predicate' in check;
}

/**
 * Evaluate one check against plain world data. `regionPath` resolves the region names of a predicate
 * check (a composed world's `regionPath`).
 */
export function passes(
  check: Check,
  value: WorldValue,
  ctx: WorldContext,
  ev: Ev,
  regionPath?: (alias: string) => string,
): boolean {
  if (isStateCheck(check)) {
    const current = regionState(value, check.region);
    return current === check.state || current.startsWith(`${check.state}.`);
  }
  if (isPredicateCheck(check))
    return evaluate(check.predicate, { value, context: ctx, reached: NO_KEYS, moves: [], regionPath });
  return check.test(ctx, ev);
}

const NO_KEYS: ReadonlySet<string> = new Set();

/** The acting actor of an event. */
export const actor = (ctx: WorldContext, ev: Ev) => ctx.actors[ev.by];
