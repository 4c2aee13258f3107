/**
 * The rule catalogue: every guard in the world statechart names one of these rules, so that a refused
 * move can cite the rule that forbade it. `R*` rules come from the reference research (section 3);
 * `M*` rules are mechanics of the simulation itself and carry no historical source.
 */
export interface Rule {
  /** Stable id, cited in traces and reports (`R4`, `M1`, or a scenario's own rule id). */
  readonly id: RuleId;
  /** One line a student can read. */
  readonly text: string;
  /** A public source for the rule; `null` for a simulation mechanic or a generic rule a pack has not sourced. */
  readonly source: string | null;
  /** `reference` rules encode the real process; `mechanic` rules keep the simulation coherent. */
  readonly kind: 'reference' | 'mechanic';
}

/** The id of a rule of the built-in catalogue. */
export type BuiltinRuleId =
  | 'R1'
  | 'R2'
  | 'R3'
  | 'R4'
  | 'R5'
  | 'R6'
  | 'R7'
  | 'R8'
  | 'R11'
  | 'R13'
  | 'R14'
  | 'R15'
  | 'M1'
  | 'M2';

/** The id of a rule: a built-in one, or one of a scenario's own rules (which custom regions cite). */
export type RuleId = BuiltinRuleId | (string & {});

/**
 * Every rule the engine enforces, in catalogue order. The texts are generic; a scenario pack states
 * them in its own words, with its sources, under `rules:` (the Karabakh pack cites the OSCE's), and
 * refusals then cite the pack's wording.
 */
export const rules: Readonly<Record<BuiltinRuleId, Rule>> = {
  R1: {
    id: 'R1',
    text: 'Decisions of the institution under whose auspices a format works need consensus: any one objection blocks creating, changing or closing the format.',
    source: null,
    kind: 'reference',
  },
  R2: {
    id: 'R2',
    text: 'Whoever holds the appointment appoints and removes mediators, after consulting the participating states; a party may object but not veto.',
    source: null,
    kind: 'reference',
  },
  R3: {
    id: 'R3',
    text: 'Creating or closing a format is a decision of the institution under whose auspices it works.',
    source: null,
    kind: 'reference',
  },
  R4: {
    id: 'R4',
    text: 'Mediation and monitoring need the consent of the states concerned: talks convene only under mediators every party accepts.',
    source: null,
    kind: 'reference',
  },
  R5: {
    id: 'R5',
    text: "The disputed territory's status leaves limbo only through an agreement that every party signs.",
    source: null,
    kind: 'reference',
  },
  R6: {
    id: 'R6',
    text: "A legislature's resolution is advisory; only a state's executive can grant or decline recognition.",
    source: null,
    kind: 'reference',
  },
  R7: {
    id: 'R7',
    text: 'Whoever brokered the ceasefire, and the peacekeepers, hold and restore it; enough violations of a strained ceasefire end it.',
    source: null,
    kind: 'reference',
  },
  R8: {
    id: 'R8',
    text: 'A monitoring centre opens only under a ceasefire, by its agreed operators, with the host state consenting.',
    source: null,
    kind: 'reference',
  },
  R11: {
    id: 'R11',
    text: 'Access is granted on request by the territorial state and by whoever controls the ground; unfettered access needs both.',
    source: null,
    kind: 'reference',
  },
  R13: {
    id: 'R13',
    text: 'When the parties have bound themselves to the format, it cannot be replaced while that commitment stands.',
    source: null,
    kind: 'reference',
  },
  R14: {
    id: 'R14',
    text: "A format's mediators act jointly: talks convene when all of them, or the quorum the format declares, have called the round.",
    source: null,
    kind: 'reference',
  },
  R15: {
    id: 'R15',
    text: 'A mediator serves by its own consent: an appointee takes its seat only when it accepts, may decline, and may resign its seat.',
    source: null,
    kind: 'reference',
  },
  M1: {
    id: 'M1',
    text: 'A move must fit the situation: a move that the current state of its region does not offer is refused.',
    source: null,
    kind: 'mechanic',
  },
  M2: {
    id: 'M2',
    text: 'A move must be made by an actor who holds the role it needs (a party, a mediator, an armed actor, an institution).',
    source: null,
    kind: 'mechanic',
  },
};

/** Rule ids in catalogue order. */
export const ruleIds: readonly BuiltinRuleId[] = Object.keys(rules) as BuiltinRuleId[];

/** Whether a string is a rule id of the built-in catalogue. */
export function isRuleId(value: string): value is BuiltinRuleId {
  return Object.hasOwn(rules, value);
}
