import type { RngState } from '../agents/rng.js';
import type { TraceEntry } from '../agents/trace.js';
import type { WorldState } from '../model/context.js';
import type { WorldEvent } from '../regions/events.js';

/** A move decided earlier and due on a later day (a rule's `after`). */
export interface PendingMove {
  readonly due: number;
  readonly move: WorldEvent;
  readonly policy: string;
  readonly because?: string | undefined;
}

/** An invariant of the scenario found broken after a move. */
export interface InvariantViolation {
  readonly invariant: string;
  readonly text: string;
  readonly day: number;
  /** The trace entry after which it failed. */
  readonly seq: number;
}

/**
 * Everything a run needs to continue: plain, JSON-serialisable data. Persist it mid-run and resume it
 * for an identical continuation (I10).
 */
export interface RunState {
  readonly version: 1;
  readonly scenario: {
    readonly id: string;
    readonly hash: string;
    readonly whatIf: string | null;
    /** For a branch from history: the day the what-if took over; the days before are the historical replay. */
    readonly branchedAt?: number | undefined;
  };
  readonly seed: number;
  readonly engine: string;
  /** The next day to simulate. */
  readonly day: number;
  readonly world: WorldState;
  readonly rng: RngState;
  readonly pending: readonly PendingMove[];
  /** Each actor's policy memory. */
  readonly memory: Readonly<Record<string, readonly string[]>>;
  /** Ids of conditional injects that have fired. */
  readonly firedInjects: readonly string[];
  readonly trace: readonly TraceEntry[];
  /** Region states reached so far, `alias:state`. */
  readonly reached: readonly string[];
  readonly violations: readonly InvariantViolation[];
  readonly finished: boolean;
  readonly endReason: 'horizon' | 'end-condition' | null;
}
