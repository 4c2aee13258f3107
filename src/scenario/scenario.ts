import type { ScenarioIssue } from './issues.js';
import type { ScenarioData } from './schema.js';

/** A loaded, validated scenario: its data, where it came from, and the what-if applied, if any. */
export interface Scenario {
  readonly data: ScenarioData;
  /** The file (or name) it was read from. */
  readonly file: string;
  /** Hash of the resolved data: two runs with the same hash and seed give the same trace. */
  readonly hash: string;
  /** The what-if applied to the base, or null for the base scenario. */
  readonly whatIf: string | null;
  /** What the what-if or `extends:` changed, as immer patches against the base. */
  readonly changes: readonly ScenarioChange[];
  /**
   * What validation found that leaves the file valid (rules that can feed each other without end), for
   * the scenario and each of its what-ifs; absent when there is nothing to say.
   */
  readonly warnings?: readonly ScenarioIssue[] | undefined;
}

/** One change a what-if made to its base, for reports. */
export interface ScenarioChange {
  readonly op: 'add' | 'remove' | 'replace';
  readonly path: readonly (string | number)[];
  readonly value?: unknown;
}
