import type { RuleId } from '../model/rules.js';
import type { WorldEvent } from '../regions/events.js';
import type { Refusal, RegionChange } from '../steppers/stepper.js';

/** Where a move in the trace came from. */
export type MoveOrigin = 'inject' | 'policy';

/** One attempted move: applied or refused with its rule. The trace is append-only (I8). */
export interface TraceEntry {
  /** Position in the trace, from 0. */
  readonly seq: number;
  /** Simulated day, from 0 at the scenario's start date. */
  readonly day: number;
  readonly date: string;
  readonly origin: MoveOrigin;
  readonly move: WorldEvent;
  readonly accepted: boolean;
  /** Rules that allowed the move, or the one that forbade it. */
  readonly rules: readonly RuleId[];
  readonly refusal?: Refusal | undefined;
  readonly changes: readonly RegionChange[];
  /** For injects: the historical record behind the move. */
  readonly inject?:
    | {
        readonly id: string;
        readonly text: string;
        readonly sources: readonly string[];
        readonly framing?: string | undefined;
      }
    | undefined;
  /** For policy moves: the policy and its rule. */
  readonly policy?: { readonly name: string; readonly rule?: string | undefined } | undefined;
}
