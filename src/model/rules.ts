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
  /** A public source for the rule, or `null` for a simulation mechanic. */
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
  | 'M1'
  | 'M2';

/** The id of a rule: a built-in one, or one of a scenario's own rules (which custom regions cite). */
export type RuleId = BuiltinRuleId | (string & {});

/** Every rule the engine enforces, in catalogue order. */
export const rules: Readonly<Record<BuiltinRuleId, Rule>> = {
  R1: {
    id: 'R1',
    text: 'OSCE decisions need consensus: any one objection blocks creating, changing or closing an OSCE structure.',
    source: 'https://www.osce.org/ar/node/660025',
    kind: 'reference',
  },
  R2: {
    id: 'R2',
    text: 'The Chairman-in-Office appoints (and removes) co-chairs after consultation; a party may object but not veto.',
    source: 'https://rferl.org/a/1083295.html',
    kind: 'reference',
  },
  R3: {
    id: 'R3',
    text: 'Creating or closing a format is a decision of the institution under whose auspices it works.',
    source: 'https://www.azernews.az/nation/246825.html',
    kind: 'reference',
  },
  R4: {
    id: 'R4',
    text: 'Mediation and monitoring need the consent of the states concerned: talks convene only under mediators both parties accept.',
    source: 'https://azatutyun.am/a/32069571.html',
    kind: 'reference',
  },
  R5: {
    id: 'R5',
    text: "The territory's status leaves limbo only through an agreement that both parties sign.",
    source: 'http://mountainous-karabakh.org/documents/osce_madrid.html',
    kind: 'reference',
  },
  R6: {
    id: 'R6',
    text: "A parliamentary resolution is advisory; only a state's executive can grant or decline recognition.",
    source: 'https://tass.com/world/1228017',
    kind: 'reference',
  },
  R7: {
    id: 'R7',
    text: 'Peacekeeping follows the trilateral statement: the broker and its peacekeepers hold and restore the ceasefire.',
    source:
      'https://www.primeminister.am/en/press-release/item/2020/11/10/Announcement/%20%20%20%20%20%20%20%20%20statement',
    kind: 'reference',
  },
  R8: {
    id: 'R8',
    text: 'A ceasefire monitoring centre opens only under a ceasefire, by its agreed operators, with the host state consenting.',
    source:
      'https://hyetert.org/2021/01/30/russian-turkish-center-to-monitor-nagorno-karabakh-ceasefire-opens-in-azerbaijan/',
    kind: 'reference',
  },
  R11: {
    id: 'R11',
    text: 'Humanitarian access is granted by the territorial state and by whoever controls the ground, on request; unfettered access needs both.',
    source: 'https://savedelete.com/news/guterres-welcomes-continuing-ceasefire-in-nagorno-karabakh/377188/',
    kind: 'reference',
  },
  R13: {
    id: 'R13',
    text: 'The parties bound themselves to the invariability of the format: it cannot be replaced while that lock stands.',
    source: 'https://www.meydan.tv/en/article/azerbaijan-armenia-agree-on-ceasefire/',
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
