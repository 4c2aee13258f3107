import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenarioSync } from '../../src/scenario/read-file.js';

/** The dated timeline of the research report, as shipped beside the pack. */
function timelineRows() {
  const [header, ...lines] = readFileSync('scenarios/karabakh/reference/karabakh-timeline.csv', 'utf8')
    .trim()
    .split('\n');
  expect(header!.split(',').at(-1)).toBe('source_url');
  return lines.map((line) => {
    const cells = line.split(',');
    // Columns: date, precision, phase, event, actors, tag, confidence, source_url; only the event may hold commas.
    return {
      date: cells[0]!,
      precision: cells[1]!,
      event: cells.slice(3, -4).join(','),
      source: cells.at(-1)!,
    };
  });
}

describe('format-week-2020', () => {
  const scenario = loadScenarioSync('scenarios/karabakh/format-week-2020.yaml');
  const { start, end } = scenario.data.calendar;
  const window = timelineRows().filter((r) => r.precision === 'day' && r.date >= start && r.date <= end);

  it('should cover a non-empty window of the reference timeline', () => {
    expect(window.length).toBeGreaterThanOrEqual(10);
  });

  it.each(window)('should replay "$event" ($date) as an inject citing its source', ({ source }) => {
    const cited = scenario.data.injects.filter(
      (i) => i.source === source || (i.sources ?? []).includes(source),
    );
    expect(cited.length, `no inject cites ${source}`).toBeGreaterThan(0);
    for (const inject of cited) expect(inject.date! >= start && inject.date! <= end).toBe(true);
  });

  it('should be a pure replay: no hypothetical inject, and a source on every inject', () => {
    for (const inject of scenario.data.injects) {
      expect(inject.hypothetical ?? false).toBe(false);
      expect(inject.source ?? inject.sources?.[0]).toMatch(/^https?:\/\//);
    }
  });
});
