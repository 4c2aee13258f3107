import { useMemo } from 'react';
import {
  type RunResult,
  runScenario,
  type Scenario,
  type TimelineItem,
  timeline,
  type WorldValue,
} from '../core.js';

/** A run of the scenario as the page shows it, and the world at the end of any day. */
export interface PageRun {
  readonly result: RunResult;
  readonly items: readonly TimelineItem[];
  /** The last day simulated, from 0. */
  readonly lastDay: number;
  /** The date of a day, `YYYY-MM-DD`. */
  dateOf(day: number): string;
}

/** Run the scenario (deterministic: the same inputs always give the same run). */
export function useRun(scenario: Scenario, whatIf: string | null, seed: number): PageRun | Error {
  return useMemo(() => {
    try {
      const result = runScenario(scenario, { whatIf: whatIf ?? undefined, seed });
      const start = Date.parse(`${scenario.data.calendar.start}T00:00:00Z`);
      return {
        result,
        items: timeline(result),
        lastDay: Math.max(0, result.outcome.days - 1),
        dateOf: (day: number) => new Date(start + day * 86_400_000).toISOString().slice(0, 10),
      };
    } catch (error) {
      return error as Error;
    }
  }, [scenario, whatIf, seed]);
}

/** The world's state value at the end of `day` (the day's injects and moves applied). */
export function useValueAt(
  scenario: Scenario,
  whatIf: string | null,
  seed: number,
  day: number,
): WorldValue | null {
  return useMemo(() => {
    try {
      return runScenario(scenario, { whatIf: whatIf ?? undefined, seed, untilDay: day }).world.value;
    } catch {
      return null;
    }
  }, [scenario, whatIf, seed, day]);
}
