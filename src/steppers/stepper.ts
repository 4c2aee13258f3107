import type { World } from '../machines/compose-world.js';
import type { Region, WorldContext, WorldState, WorldValue } from '../model/context.js';
import type { RuleId } from '../model/rules.js';
import type { WorldEvent } from '../regions/events.js';

/** Why a move was refused: the rule, a namespaced code and a sentence. Refusals are data, never thrown. */
export interface Refusal {
  readonly rule: RuleId;
  readonly code: string;
  readonly reason: string;
}

/** A region that changed state during a step. */
export interface RegionChange {
  readonly region: Region;
  readonly from: string;
  readonly to: string;
}

/** Whether a move would be accepted, and under which rules, without applying it. */
export interface Verdict {
  readonly accepted: boolean;
  /** The rules whose guards allowed the move (accepted) or the rule that forbade it (refused). */
  readonly rules: readonly RuleId[];
  readonly refusal: Refusal | null;
}

/** The result of one step. A refused move leaves `state` identical to the input (I11). */
export interface StepOutcome extends Verdict {
  readonly state: WorldState;
  readonly changes: readonly RegionChange[];
}

/**
 * Steps the world one event at a time. Implementations must agree event for event: the XState
 * reference stepper is the semantics; faster engines are checked against it.
 */
export interface Stepper {
  readonly engine: string;
  /** The composed world it steps, when it was made for one (the built-in steppers always are). */
  readonly world?: World | undefined;
  /** The world in the given region states and context. */
  initial(value: WorldValue, context: WorldContext): WorldState;
  /** Judge a move without applying it. */
  check(state: WorldState, event: WorldEvent): Verdict;
  /**
   * Whether a move would be accepted: `check(state, event).accepted`, for a stepper that can tell it
   * without working out the verdict (legal-move filters ask only this).
   */
  accepts?(state: WorldState, event: WorldEvent): boolean;
  /** Apply a move: accepted, or refused with its rule and the world unchanged. */
  step(state: WorldState, event: WorldEvent): StepOutcome;
  /** Eventless transitions that are enabled in `state` (a settled world has none). */
  unsettled(state: WorldState): string[];
}
