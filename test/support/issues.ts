import { ScenarioError, type ScenarioIssue } from '../../src/scenario/issues.js';

/** The issues of the `ScenarioError` that `run` throws; fails the test if it throws none. */
export function issuesOf(run: () => unknown): readonly ScenarioIssue[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ScenarioError) return error.issues;
    throw error;
  }
  throw new Error('expected a ScenarioError');
}
