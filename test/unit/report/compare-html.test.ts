import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { compareVariants } from '../../../src/batch/compare.js';
import { renderBatchHtml } from '../../../src/report/batch-report.js';
import { renderCompareHtml } from '../../../src/report/compare-html.js';
import { loadScenarioSync } from '../../../src/scenario/read-file.js';
import type { Comparison } from '../../../src/stats/compare.js';
import { charts, legendKeys, regionOf, stateColoursOf } from '../../support/report-charts.js';

const scenario = loadScenarioSync('scenarios/karabakh/what-ifs/co-chairs-may-convene.yaml');
const whatIfs = ['france-recognises', 'co-chairs-convene'];
const { comparison, summaries } = await compareVariants(scenario, { runs: 6, whatIfs, workers: 0 });
const html = renderCompareHtml(comparison, summaries);
const doc = parseHTML(html).document;
const pct = (share: number) => `${(share * 100).toFixed(1)}%`;

describe('renderCompareHtml', () => {
  it('should be a self-contained page that loads nothing', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<script|<link|<img|@import/i);
    expect(html).not.toMatch(/\b(?:src|href)\s*=/i);
    expect(html).not.toMatch(/url\((?!#)/);
  });

  it("should show every variant's outcome shares with their intervals, on one chart and in a table", () => {
    const outcomes = charts(html).find(
      (f) =>
        f.getAttribute('aria-label') ===
        'Share of runs reaching each named outcome in each variant, with its 95% interval',
    );
    expect(legendKeys(outcomes!).map((k) => k.label)).toEqual(['base', ...whatIfs, '95% interval (Wilson)']);
    const rows = [...doc.querySelectorAll('table')][0]!.querySelectorAll('tbody tr');
    expect(rows).toHaveLength(summaries[0]!.outcomes.length);
    const convened = summaries.map((s) => s.outcomes.find((o) => o.id === 'talks-under-co-chairs')!);
    const row = [...rows].find((r) => r.querySelector('td')?.textContent === convened[0]!.text);
    expect([...row!.querySelectorAll('td')].slice(1).map((td) => td.textContent)).toEqual(
      convened.map((o) => `${pct(o.share)} (${pct(o.ci95[0])} to ${pct(o.ci95[1])})`),
    );
  });

  it("should list each what-if's key differences, beyond chance, and where an example run leaves the base", () => {
    const h3 = [...doc.querySelectorAll('h3')].map((h) => h.textContent);
    expect(h3).toContain(`what if: ${scenario.data.whatIfs['france-recognises']!.title} (france-recognises)`);
    // France's recognition removes Azerbaijan's consent to the co-chairs: their talks never happen.
    expect(doc.body.textContent).toContain(
      'In this run, the parties sat in talks under the Minsk Group co-chairs',
    );
    expect(doc.body.textContent).toMatch(/first leaves the base on \d+ \w+ 2020/);
  });

  it('should chart each region that changed once per variant, with a legend, in the colours of the batch report', () => {
    const drawn = charts(html).filter((f) => regionOf(f) !== null);
    const regions = [...new Set(drawn.map(regionOf))];
    expect(drawn).toHaveLength(regions.length * summaries.length);
    for (const figure of charts(html)) expect(legendKeys(figure).length).toBeGreaterThan(0);
    const colours = stateColoursOf([html, ...summaries.map(renderBatchHtml)]);
    expect(colours.has('talks:convened')).toBe(true);
    for (const [state, seen] of colours) expect([...seen], state).toHaveLength(1);
  });

  it('should list the regions unchanged in every run of every variant, and not draw them', () => {
    const unchanged = Object.keys(summaries[0]!.daily).filter((region) =>
      summaries.every((s) => Object.keys(s.daily[region]!).length === 1),
    );
    expect(unchanged).toContain('monitoring');
    const line = doc.querySelector('p.unchanged')?.textContent ?? '';
    expect(line.startsWith('Unchanged in every run: ')).toBe(true);
    for (const region of unchanged) {
      expect(line).toContain(`${region} (${Object.keys(summaries[0]!.daily[region]!)[0]})`);
      expect(charts(html).map(regionOf)).not.toContain(region);
    }
  });

  it('should escape text from the scenario: titles, outcomes, what-ifs and the example run', () => {
    const attack = '<img src=x onerror="alert(1)"><script>alert(2)</script>';
    const hostile: Comparison = {
      ...comparison,
      scenario: { ...comparison.scenario, title: `Week ${attack}` },
      branches: comparison.branches.map((b) => ({
        ...b,
        outcomes: b.outcomes.map((o) => ({ ...o, text: `${o.text} ${attack}` })),
      })),
      examples: comparison.examples.map((e) => ({
        ...e,
        divergence: { day: 1, date: '2020-11-26', base: attack, branch: attack },
      })),
    };
    const page = renderCompareHtml(
      hostile,
      summaries.map((s) => ({
        ...s,
        whatIfTitle: s.whatIf && attack,
        outcomes: s.outcomes.map((o) => ({ ...o, text: `${o.text} ${attack}` })),
      })),
    );
    const parsed = parseHTML(page).document;
    expect(parsed.querySelectorAll('script, img')).toHaveLength(0);
    expect(page).not.toMatch(/<script|<img/i);
    expect([...parsed.querySelectorAll('*')].filter((e) => e.hasAttribute('onerror'))).toHaveLength(0);
    expect(parsed.querySelector('h1')?.textContent).toBe(`Comparison: Week ${attack}`);
    expect(parsed.body.textContent).toContain(`this branch: ${attack}`);
  });
});
