import type { Path } from './locate.js';

/**
 * What kind of problem a scenario issue is: a stable, namespaced code to branch on. Messages may be
 * reworded; codes are not. The namespace says which stage found the problem: `file/` reading, `yaml/`
 * parsing, `schema/` and `date/` the shape of the data, `extends/` following a base, `name/` and `region/`
 * name resolution, `custom/` and `rule/` custom regions, and `actor/`, `policy/`, `event/`, `role/`,
 * `initial/`, `inject/` the cross-field checks, and `facilitator/` the trainer's kit.
 */
export type ScenarioIssueCode =
  /** The file does not exist. */
  | 'file/not-found'
  /** The path names a directory, not a scenario file. */
  | 'file/is-directory'
  /** The file exists but cannot be read. */
  | 'file/unreadable'
  /** The path names a device, a pipe or a socket, not a regular file (read as none: it may never end). */
  | 'file/not-regular'
  /** The file is larger than scenarios may be. */
  | 'file/too-large'
  /** The text is not valid YAML (or JSON). */
  | 'yaml/syntax'
  /** A mapping has the same key twice. */
  | 'yaml/duplicate-key'
  /** YAML aliases expand to more than a scenario may hold. */
  | 'yaml/too-many-aliases'
  /** Values are nested deeper than a scenario may be. */
  | 'yaml/too-deep'
  /** A key that could pollute object prototypes (`__proto__`, `constructor`, `prototype`). */
  | 'yaml/forbidden-key'
  /** A required field is missing. */
  | 'schema/missing-field'
  /** A value has the wrong type (a list where a mapping belongs, a number where a name belongs). */
  | 'schema/invalid-type'
  /** A mapping has a key its schema does not know, usually a misspelling. */
  | 'schema/unrecognized-key'
  /** A value is not one of the values the field allows. */
  | 'schema/invalid-value'
  /** A string is not in the form the field needs (a URL, a name pattern). */
  | 'schema/invalid-format'
  /** A condition (`when:`, `if:`, `end:`) uses a key that is no condition. */
  | 'schema/unknown-condition'
  /** A value is not a valid condition. */
  | 'schema/invalid-condition'
  /** A number, list or string is smaller or shorter than allowed. */
  | 'schema/too-small'
  /** A number, list or string is larger or longer than allowed. */
  | 'schema/too-big'
  /** A key of a mapping is not in the form the mapping needs. */
  | 'schema/invalid-key'
  /** Any other mismatch with the schema. */
  | 'schema/invalid'
  /** A date is not a real calendar date in the form YYYY-MM-DD. */
  | 'date/invalid'
  /** A date falls outside the scenario's calendar. */
  | 'date/outside-calendar'
  /** The calendar ends before it starts. */
  | 'date/calendar-reversed'
  /** `extends:` is used where no base file can be read (parsing text without a reader). */
  | 'extends/no-reader'
  /** `extends:` forms a cycle or a chain too deep. */
  | 'extends/cycle'
  /** The base file named by `extends:` cannot be read. */
  | 'extends/unreadable'
  /** No actor has this id. */
  | 'name/unknown-actor'
  /** No format has this id. */
  | 'name/unknown-format'
  /** No event (move) of this world has this type. */
  | 'name/unknown-event'
  /** No registered policy has this name. */
  | 'name/unknown-policy'
  /** No region of this world, built-in or custom, has this name. */
  | 'name/unknown-region'
  /** No inject has this id (in `removeInjects`, or a facilitator's note keyed by inject id). */
  | 'name/unknown-inject'
  /** No outcome has this id (in `question:`). */
  | 'name/unknown-outcome'
  /** A facilitator's note or contingency names a learning objective `facilitator.objectives` does not declare. */
  | 'name/unknown-objective'
  /** A custom region's transition names a move no custom region declares. */
  | 'name/unknown-move'
  /** `wording.refusals` names a refusal code that no check of this world gives. */
  | 'name/unknown-refusal'
  /** A custom move's `by:` names an actor kind that does not exist. */
  | 'name/unknown-actor-kind'
  /** A custom move's `by:` names a role that does not exist. */
  | 'name/unknown-role'
  /** `regions:` names a region module the library does not have. */
  | 'region/unknown-module'
  /** The scenario uses a built-in region (or one of its moves) that its `regions:` leaves out. */
  | 'region/missing'
  /** A region has no state of this name. */
  | 'region/unknown-state'
  /** A region cannot start in a state that has states nested in it. */
  | 'region/compound-state'
  /** A custom region takes the name of a built-in region. */
  | 'custom/reserved-name'
  /** A custom move takes the name of a move the world already has. */
  | 'custom/duplicate-move'
  /** A custom region lists a state twice. */
  | 'custom/duplicate-state'
  /** A custom region's transition reacts to a built-in move. */
  | 'custom/builtin-move'
  /** A required custom move field has no finite list of values. */
  | 'custom/unbounded-field'
  /** A custom transition's guard reads the history of the run. */
  | 'custom/history-in-guard'
  /** An eventless custom transition lacks `if:` or `to:`. */
  | 'custom/incomplete-eventless'
  /** Eventless custom transitions form a cycle that could fire forever. */
  | 'custom/eventless-cycle'
  /** A rule id is neither built in nor declared under `rules:`. */
  | 'rule/unknown'
  /** A legislature does not say which state it belongs to. */
  | 'actor/legislature-without-state'
  /** An actor named as a legislature's state is not a state. */
  | 'actor/not-a-state'
  /** A policy's `params:` are not what the policy takes. */
  | 'policy/invalid-params'
  /** `rules:` is given to an actor whose policy is not `rules`. */
  | 'policy/rules-without-policy'
  /** `policy: rules` is given no `rules:`. */
  | 'policy/missing-rules'
  /** Two rules of one actor have the same id. */
  | 'policy/duplicate-rule'
  /** A policy's move is made in another actor's name. */
  | 'policy/acts-for-other'
  /** A warning: rules react to one another's moves (or a rule to its own), so they can fire without end. */
  | 'policy/rule-cycle'
  /** A move, trigger or `@event.` reference names a field its event does not have. */
  | 'event/unknown-field'
  /** A move lacks a field its event needs. */
  | 'event/missing-field'
  /** A move's field has a value its event does not accept. */
  | 'event/invalid-field'
  /** A rule waits for an event field value the event can never carry. */
  | 'event/impossible-value'
  /** An `@event.` reference in a rule that has no `on:` trigger to copy from. */
  | 'event/copy-without-trigger'
  /** An actor is both a mediator and a party of one format. */
  | 'role/mediator-and-party'
  /** An actor is both a mediator and an observer of one format. */
  | 'role/mediator-and-observer'
  /** An actor is both a party and an observer of one format. */
  | 'role/party-and-observer'
  /** An initial consent is given by an actor that is not a party of the active format. */
  | 'initial/consent-by-non-party'
  /** A standing exclusion demand is made by an actor that is not a party of the active format. */
  | 'initial/demand-by-non-party'
  /** A standing exclusion demand targets an actor that is not a mediator of the active format. */
  | 'initial/demand-on-non-mediator'
  /** Standing exclusion demands while the composition region starts `intact`. */
  | 'initial/demand-without-composition'
  /** The status region starts interim or final, but no settlement is signed at the start. */
  | 'initial/status-without-settlement'
  /** Monitoring starts with a joint centre, but `initial.monitoringCentre` sets none up. */
  | 'initial/centre-without-agreement'
  /** Monitoring starts with a joint centre whose host has not consented. */
  | 'initial/centre-without-consent'
  /** The initial region states contradict the initial facts, so the world would move before day one. */
  | 'initial/contradiction'
  /** Two injects have the same id. */
  | 'inject/duplicate-id'
  /** An inject has both or neither of `date:` and `when:`. */
  | 'inject/date-or-when'
  /** An inject cites no source and is not marked hypothetical. */
  | 'inject/missing-source'
  /** Two contingency injects have the same id. */
  | 'facilitator/duplicate-contingency'
  /** A contingency inject has the id of an inject. */
  | 'facilitator/contingency-id-taken'
  /** A stability option or coalition names an actor that states no preferences. */
  | 'stability/not-a-decision-maker'
  /** Two stability options have the same id. */
  | 'stability/duplicate-option'
  /** A decision maker is in two coalitions, or twice in one. */
  | 'stability/coalition-overlap';

/** Every `ScenarioIssueCode`, for tools that list or check codes. */
export const scenarioIssueCodes = [
  'file/not-found',
  'file/is-directory',
  'file/unreadable',
  'file/not-regular',
  'file/too-large',
  'yaml/syntax',
  'yaml/duplicate-key',
  'yaml/too-many-aliases',
  'yaml/too-deep',
  'yaml/forbidden-key',
  'schema/missing-field',
  'schema/invalid-type',
  'schema/unrecognized-key',
  'schema/invalid-value',
  'schema/invalid-format',
  'schema/unknown-condition',
  'schema/invalid-condition',
  'schema/too-small',
  'schema/too-big',
  'schema/invalid-key',
  'schema/invalid',
  'date/invalid',
  'date/outside-calendar',
  'date/calendar-reversed',
  'extends/no-reader',
  'extends/cycle',
  'extends/unreadable',
  'name/unknown-actor',
  'name/unknown-format',
  'name/unknown-event',
  'name/unknown-policy',
  'name/unknown-region',
  'name/unknown-inject',
  'name/unknown-outcome',
  'name/unknown-objective',
  'name/unknown-move',
  'name/unknown-refusal',
  'name/unknown-actor-kind',
  'name/unknown-role',
  'region/unknown-module',
  'region/missing',
  'region/unknown-state',
  'region/compound-state',
  'custom/reserved-name',
  'custom/duplicate-move',
  'custom/duplicate-state',
  'custom/builtin-move',
  'custom/unbounded-field',
  'custom/history-in-guard',
  'custom/incomplete-eventless',
  'custom/eventless-cycle',
  'rule/unknown',
  'actor/legislature-without-state',
  'actor/not-a-state',
  'policy/invalid-params',
  'policy/rules-without-policy',
  'policy/missing-rules',
  'policy/duplicate-rule',
  'policy/acts-for-other',
  'policy/rule-cycle',
  'event/unknown-field',
  'event/missing-field',
  'event/invalid-field',
  'event/impossible-value',
  'event/copy-without-trigger',
  'role/mediator-and-party',
  'role/mediator-and-observer',
  'role/party-and-observer',
  'initial/consent-by-non-party',
  'initial/demand-by-non-party',
  'initial/demand-on-non-mediator',
  'initial/demand-without-composition',
  'initial/status-without-settlement',
  'initial/centre-without-agreement',
  'initial/centre-without-consent',
  'initial/contradiction',
  'inject/duplicate-id',
  'inject/date-or-when',
  'inject/missing-source',
  'facilitator/duplicate-contingency',
  'facilitator/contingency-id-taken',
  'stability/not-a-decision-maker',
  'stability/duplicate-option',
  'stability/coalition-overlap',
] as const satisfies readonly ScenarioIssueCode[];

// Fails to compile when a code of the type is missing from the list above.
const everyCodeListed: Exclude<ScenarioIssueCode, (typeof scenarioIssueCodes)[number]> extends never
  ? true
  : never = true;
void everyCodeListed;

/** Whether `code` is one of the `ScenarioIssueCode`s. */
export function isScenarioIssueCode(code: string): code is ScenarioIssueCode {
  return (scenarioIssueCodes as readonly string[]).includes(code);
}

/**
 * One problem in a scenario file, as data: where a trainer can open it in an editor (`file`, `line`,
 * `col`), what kind of problem it is (`code`), which value it is about (`path`) and what to do
 * (`message`). `renderIssues` turns issues into text.
 */
export interface ScenarioIssue {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  /** What kind of problem this is: branch on the code, never on the message. */
  readonly code: ScenarioIssueCode;
  /**
   * The offending value (or key) in the scenario data, as zod's issues have it: the resolved scenario
   * for name and cross-field checks, with a what-if's own parts under `['whatIfs', name]`; the file's
   * own data for schema errors. `[]` when the problem has no place in the data (a YAML syntax error,
   * an unreadable file).
   */
  readonly path: Path;
  readonly message: string;
  /**
   * `warning` for a problem that leaves the file valid (it loads, and `validate` exits 0); absent for an
   * error.
   */
  readonly severity?: 'warning' | undefined;
}

/** Thrown by `parseScenario` and `loadScenario` when a file is not a valid scenario. */
export class ScenarioError extends Error {
  readonly issues: readonly ScenarioIssue[];
  constructor(issues: readonly ScenarioIssue[]) {
    super(renderIssues(issues));
    this.name = 'ScenarioError';
    this.issues = issues;
  }
}

/** `file:line:col: message` (`file:line:col: warning: message` for a warning), one issue a line. */
export function renderIssues(issues: readonly ScenarioIssue[]): string {
  return issues
    .map((i) => `${i.file}:${i.line}:${i.col}: ${i.severity === 'warning' ? 'warning: ' : ''}${i.message}`)
    .join('\n');
}

/** Names longer than this get no "did you mean": a typo hint on them would cost too much to find. */
const HINT_MAX_LENGTH = 64;
/** At most this many known names are compared with a misspelt one. */
const HINT_MAX_CANDIDATES = 1000;

/**
 * The edit distance of `a` and `b` if it is at most `bound`, else `bound + 1`: rows stop as soon as
 * every cell exceeds the bound, so the cost is at most `a.length * b.length` and usually far less.
 */
function distance(a: string, b: string, bound: number): number {
  if (Math.abs(a.length - b.length) > bound) return bound + 1;
  const dp = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0]!;
    dp[0] = i;
    let rowMin = dp[0];
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j]!;
      dp[j] = Math.min(dp[j]! + 1, dp[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
      if (dp[j]! < rowMin) rowMin = dp[j]!;
    }
    if (rowMin > bound) return bound + 1;
  }
  return Math.min(dp[b.length]!, bound + 1);
}

/**
 * The closest known name, if close enough to be a likely typo. Bounded: names over `HINT_MAX_LENGTH`
 * characters are not compared, only the first `HINT_MAX_CANDIDATES` known names are, and each
 * comparison stops once it is past the distance that could still be a typo.
 */
export function closest(name: string, known: Iterable<string>): string | undefined {
  if (name.length > HINT_MAX_LENGTH) return undefined;
  const lower = name.toLowerCase();
  const bound = Math.max(2, Math.floor(name.length / 3));
  let best: string | undefined;
  let bestDistance = bound + 1;
  let compared = 0;
  for (const k of known) {
    if (compared++ >= HINT_MAX_CANDIDATES) break;
    if (k.length > HINT_MAX_LENGTH) continue;
    const d = distance(lower, k.toLowerCase(), bestDistance - 1);
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
      if (d === 0) break;
    }
  }
  return best;
}

/** A name as a hint shows it: whole when short, else its start and an ellipsis. */
function shown(name: string): string {
  return `\`${name.length > HINT_MAX_LENGTH ? `${name.slice(0, 40)}…` : name}\``;
}

/** " (did you mean `x`?)" or, failing a close match, a short list of the known names. */
export function hint(name: string, known: readonly string[]): string {
  const near = closest(name, known);
  if (near) return ` (did you mean ${shown(near)}?)`;
  if (known.length === 0) return '';
  return ` (known: ${known.slice(0, 12).map(shown).join(', ')}${known.length > 12 ? ', ...' : ''})`;
}
