/**
 * A mediation format as data. Shared code reads these fields and never branches on a format's id.
 */
export interface Format {
  readonly id: string;
  readonly name: string;
  /** The institution under whose auspices the format works, if any. */
  readonly auspices: string | null;
  readonly mediators: readonly string[];
  /** Actors appointed as mediators who have not yet accepted (R15); they take a seat only on accepting. */
  readonly invited: readonly string[];
  readonly parties: readonly string[];
  readonly members: readonly string[];
  readonly observers: readonly string[];
  /** Who appoints and removes mediators after consultation (R2); `null` when only the parties can. */
  readonly appointedBy: string | null;
  /** Whether members (not only mediators and parties) sit at the table. */
  readonly membersAtTable: boolean;
  /**
   * How many of its mediators must call a round before talks convene; `null` means all of them
   * (mediators act jointly). A format without mediators holds direct talks, which a party convenes.
   */
  readonly quorum: number | null;
  /** The actor that hosts its talks, if any. */
  readonly host: string | null;
}
