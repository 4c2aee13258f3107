import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { loadScenarioSync, runScenario } from '../../../src/index.js';
import { renderBatchHtml, renderBatchMarkdown } from '../../../src/report/batch-report.js';
import { mdText } from '../../../src/report/markdown.js';
import { dateOf, humanDate } from '../../../src/sim/calendar.js';
import { type BatchSummary, batchRecord, runSeed, summaryAccumulator } from '../../../src/stats/batch.js';
import { charts, legendKeys, regionOf, stateColoursOf } from '../../support/report-charts.js';

const scenario = loadScenarioSync('scenarios/karabakh/format-week-2020.yaml');
const RUNS = 40;

/** A batch of `runs` runs of the flagship, as the batch command builds it. */
function summarise(whatIf: string | null, runs = RUNS): BatchSummary {
  const batch = summaryAccumulator(scenario.data, {
    scenario: { id: scenario.data.id, title: scenario.data.title, hash: scenario.hash },
    whatIf,
    seed: 7,
    engine: 'kernel',
  });
  for (let i = 0; i < runs; i++)
    batch.add(batchRecord(runScenario(scenario, { seed: runSeed(7, i), whatIf: whatIf ?? undefined }), i));
  return batch.summary();
}

const recognition = summarise('france-recognises');
const asWritten = summarise(null);
const empty = summarise(null, 0);
const convene = summarise('co-chairs-convene', 8);

/** The recognition batch with a first outcome reached by 13 runs whose text carries markup. */
const hostile: BatchSummary = {
  ...recognition,
  outcomes: recognition.outcomes.map((o, i) =>
    i === 0 ? { ...o, text: 'Talks <b>& co-chairs</b>', reached: 13, share: 0.325, ci95: [0.2, 0.48] } : o,
  ),
};

const pct = (share: number) => `${(share * 100).toFixed(1)}%`;
const dateAt = (summary: BatchSummary, day: number) => humanDate(dateOf(summary.calendar.start, day));
const documentOf = (html: string) => parseHTML(html).document;
/** The cells of each body row of the table that follows `heading`'s h2. */
function tableRows(html: string, heading: string): string[][] {
  const doc = documentOf(html);
  const h2 = [...doc.querySelectorAll('h2')].find((h) => h.textContent === heading);
  let node = h2?.nextElementSibling;
  while (node && node.tagName !== 'TABLE' && node.tagName !== 'H2') node = node.nextElementSibling;
  if (node?.tagName !== 'TABLE') return [];
  return [...node.querySelectorAll('tbody tr')].map((tr) =>
    [...tr.querySelectorAll('td')].map((td) => td.textContent ?? ''),
  );
}

describe('renderBatchMarkdown', () => {
  const md = renderBatchMarkdown(recognition);

  it('should title the report with the scenario and the what-if, and state runs, seed, engine and dates', () => {
    expect(md.split('\n')[0]).toBe(
      `# Batch report: ${scenario.data.title} — what if: ${scenario.data.whatIfs['france-recognises']!.title}`,
    );
    expect(md).toContain(`- **Runs**: ${RUNS}`);
    expect(md).toContain('- **Seed**: 7');
    expect(md).toContain('- **Engine**: kernel');
    expect(md).toContain('- **Calendar**: 25 Nov 2020 to 14 Dec 2020 (20 days)');
    expect(renderBatchMarkdown(asWritten).split('\n')[0]).toMatch(/ — the scenario as written$/);
  });

  it('should give one table row per named outcome with its runs and its share as a percentage', () => {
    const text = renderBatchMarkdown(hostile);
    const rows = text.split('\n').filter((l) => /^\| (?!outcome \||---)/.test(l));
    const outcomeRows = rows.slice(0, hostile.outcomes.length);
    expect(hostile.outcomes.length).toBeGreaterThan(5);
    for (const [i, o] of hostile.outcomes.entries())
      expect(outcomeRows[i]).toBe(
        `| ${mdText(o.text)} | ${o.reached} | ${pct(o.share)} | ${pct(o.ci95[0])} to ${pct(o.ci95[1])} |`,
      );
    // Raw HTML in a scenario's text is escaped, so a report shows it as written and runs nothing.
    expect(text).toContain('| Talks &lt;b&gt;& co-chairs&lt;/b&gt; | 13 | 32.5% | 20.0% to 48.0% |');
  });

  it('should date each key event by its median and 10th to 90th percentile days, or say never', () => {
    const talks = recognition.keyEvents.find((e) => e.key === 'talks:urged');
    expect(talks?.day).not.toBeNull();
    const { median, p10, p90 } = talks!.day!;
    expect(md).toContain(
      `| talks: urged | ${talks!.runs} | ${pct(talks!.share)} | ${dateAt(recognition, median)} | ${dateAt(recognition, p10)} to ${dateAt(recognition, p90)} |`,
    );
    const unreached = {
      ...recognition,
      keyEvents: [
        ...recognition.keyEvents,
        { ...talks!, key: 'talks:settled', state: 'settled', runs: 0, share: 0, day: null, histogram: [] },
      ],
    };
    expect(renderBatchMarkdown(unreached)).toContain('| talks: settled | 0 | 0.0% | never | never |');
  });

  it('should give the final states, the average moves and say that no invariant was broken', () => {
    expect(md).toContain(`| talks | urged | ${recognition.finalRegions.talks?.urged} |`);
    expect(md).toContain(`On average a run attempted ${recognition.moves.total} moves`);
    expect(md).toContain('No scenario invariant was broken in any run.');
    const broken = renderBatchMarkdown({ ...recognition, violations: { 'limbo-until-both-sign': 4 } });
    expect(broken).toContain('| limbo-until-both-sign | 4 | 10.0% |');
    expect(broken).not.toContain('No scenario invariant was broken');
  });

  it('should say so when the batch has no runs or no run entered a new region state', () => {
    expect(renderBatchMarkdown(empty)).toContain('This batch has no runs');
    expect(renderBatchMarkdown({ ...recognition, keyEvents: [] })).toContain(
      'No run entered a new region state during the calendar.',
    );
  });
});

describe('renderBatchHtml', () => {
  const html = renderBatchHtml(recognition);
  const doc = documentOf(html);

  it('should be a self-contained page that loads nothing', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(doc.querySelectorAll('script')).toHaveLength(0);
    expect(html).not.toMatch(/<script|<link|<img|@import/i);
    expect(html).not.toMatch(/\b(?:src|href)\s*=/i);
    expect(html).not.toMatch(/url\((?!#)/);
  });

  it('should draw an outcome chart, a key-event chart and a chart per region, each captioned', () => {
    const figures = [...doc.querySelectorAll('figure')];
    const charts = figures.filter((f) => f.querySelector('svg') !== null);
    expect(charts.length).toBeGreaterThanOrEqual(3);
    for (const figure of charts) {
      expect(figure.getAttribute('aria-label')).toMatch(/\w/);
      expect(figure.querySelector('figcaption')?.textContent).toMatch(/\w{4}/);
    }
    const labels = charts.map((f) => f.getAttribute('aria-label'));
    expect(labels).toContain('Share of runs reaching each named outcome, with its 95% interval');
    expect(labels).toContain('When each key event first happened, over the runs that reached it');
    for (const [region, states] of Object.entries(recognition.daily))
      if (Object.keys(states).length > 1)
        expect(labels).toContain(`Share of runs in each ${region} state, day by day`);
  });

  it("should show each outcome's runs and share as in the summary, in the table and on the chart", () => {
    const page = renderBatchHtml(hostile);
    expect(documentOf(page).querySelector('dd')?.textContent).toBe(
      `${scenario.data.whatIfs['france-recognises']!.title} (france-recognises)`,
    );
    expect(page).toContain(`<dt>Runs</dt><dd>${RUNS}</dd>`);
    const rows = tableRows(page, 'Named outcomes');
    expect(rows).toHaveLength(hostile.outcomes.length);
    for (const [i, o] of hostile.outcomes.entries())
      expect(rows[i]?.slice(0, 3)).toEqual([o.text, String(o.reached), pct(o.share)]);
    const chart = documentOf(page).querySelector('figure svg:not([aria-hidden])');
    const printed = [...(chart?.querySelectorAll('text') ?? [])].map((t) => t.textContent);
    expect(printed).toContain('32.5%');
    expect(printed.filter((t) => t === '100.0%')).toHaveLength(
      hostile.outcomes.filter((o) => o.share === 1).length,
    );
  });

  it('should date key events and name states on the daily charts, so the page reads without colour', () => {
    const talks = tableRows(html, 'Key events').find(([event]) => event === 'talks: urged');
    const day = recognition.keyEvents.find((e) => e.key === 'talks:urged')!.day!;
    expect(talks?.slice(3)).toEqual([
      dateAt(recognition, day.median),
      `${dateAt(recognition, day.p10)} to ${dateAt(recognition, day.p90)}`,
    ]);
    const talksChart = [...doc.querySelectorAll('figure')].find(
      (f) => f.getAttribute('aria-label') === 'Share of runs in each talks state, day by day',
    );
    const names = [...(talksChart?.querySelectorAll('svg text') ?? [])].map((t) => t.textContent);
    expect(names).toEqual(expect.arrayContaining(['dormant', 'urged']));
  });

  it('should escape text that comes from the summary', () => {
    const page = renderBatchHtml({
      ...hostile,
      scenario: { ...hostile.scenario, title: 'Week <i>"one"</i>' },
    });
    expect(page).not.toContain('<b>');
    expect(page).not.toContain('<i>');
    expect(page).toContain('Talks &lt;b&gt;&amp; co-chairs&lt;/b&gt;');
    expect(page).toContain('Week &lt;i&gt;&quot;one&quot;&lt;/i&gt;');
    const parsed = documentOf(page);
    expect(parsed.querySelectorAll('b, i')).toHaveLength(0);
    expect(parsed.querySelector('td')?.textContent).toBe('Talks <b>& co-chairs</b>');
  });

  it('should say so, without charts, when the batch has no runs', () => {
    const page = renderBatchHtml(empty);
    expect(page).toContain('This batch has no runs');
    expect(documentOf(page).querySelectorAll('svg')).toHaveLength(0);
  });

  it('should say so, and still chart the outcomes and regions, when no run entered a new region state', () => {
    const page = renderBatchHtml({ ...recognition, keyEvents: [] });
    expect(page).toContain('No run entered a new region state during the calendar.');
    const labels = [...documentOf(page).querySelectorAll('figure')].map((f) => f.getAttribute('aria-label'));
    expect(labels).not.toContain('When each key event first happened, over the runs that reached it');
    expect(labels).toContain('Share of runs reaching each named outcome, with its 95% interval');
  });
});

describe('renderBatchHtml charts', () => {
  const pages = [renderBatchHtml(recognition), renderBatchHtml(asWritten), renderBatchHtml(convene)];

  it('should give every chart a legend whose keys have colours', () => {
    for (const html of pages) {
      expect(charts(html).length).toBeGreaterThanOrEqual(3);
      for (const figure of charts(html)) {
        const keys = legendKeys(figure);
        expect(keys.length, figure.getAttribute('aria-label') ?? '').toBeGreaterThan(0);
        for (const key of keys) expect(key.colour).toMatch(/^(#[0-9a-f]{6}|currentColor)$/);
      }
    }
  });

  it('should draw a state in one colour on every chart, in the legend too, whichever states a batch reached', () => {
    const talks = (s: BatchSummary) => Object.keys(s.daily.talks ?? {});
    // The two batches reach different talks states, so colours taken from what occurred would differ.
    expect(talks(convene)).not.toEqual(talks(asWritten));
    const colours = stateColoursOf(pages);
    expect(colours.size).toBeGreaterThan(4);
    for (const [state, seen] of colours) expect([...seen], state).toHaveLength(1);
    const talksColours = [...colours].filter(([k]) => k.startsWith('talks:')).map(([, c]) => [...c][0]);
    expect(new Set(talksColours).size).toBe(talksColours.length);
  });

  it('should list the regions that never changed in one line instead of drawing flat charts', () => {
    const unchanged = Object.entries(asWritten.daily).filter(
      ([, states]) => Object.keys(states).length === 1,
    );
    expect(unchanged.length).toBeGreaterThan(0);
    const drawn = charts(pages[1]!).map(regionOf);
    for (const [region] of unchanged) expect(drawn).not.toContain(region);
    const line = documentOf(pages[1]!).querySelector('p.unchanged')?.textContent;
    expect(line).toBe(
      `Unchanged in every run: ${unchanged.map(([r, states]) => `${r} (${Object.keys(states)[0]})`).join(', ')}.`,
    );
    for (const [region, states] of Object.entries(asWritten.daily))
      if (Object.keys(states).length > 1) expect(drawn).toContain(region);
  });
});
