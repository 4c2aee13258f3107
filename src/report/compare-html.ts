import { parseHTML } from 'linkedom';
import { humanDate } from '../sim/calendar.js';
import type { BatchSummary } from '../stats/batch.js';
import type { BranchComparison, Comparison, PairedDelta } from '../stats/compare.js';
import { days, points } from './compare-report.js';
import { esc, figure, interval, type PlotDocument, page, para, pct, svg, table } from './html-parts.js';
import { outcomeComparePlot, variantColour } from './outcome-chart.js';
import { changedIn, regionChart, unchangedLine } from './region-chart.js';

/** Whether a paired change's 95% interval leaves out zero: a difference beyond chance. */
const beyondChance = (d: PairedDelta) => d.ci95[0] > 0 || d.ci95[1] < 0;

/** "base", or "history" when every branch was compared with the historical replay. */
const baseName = (c: Comparison) => (c.against === 'history' ? 'history' : 'base');

function variantLines(c: Comparison, summaries: readonly BatchSummary[]): [string, string][] {
  return summaries.map((s, i) => {
    if (i === 0)
      return [
        baseName(c),
        c.against === 'history'
          ? `the historical replay: the scenario as written, run once on its own seed (${s.seed})`
          : 'the scenario as written',
      ];
    const whatIf = s.whatIf ?? '';
    return [whatIf, s.whatIfTitle ? `what if: ${s.whatIfTitle}` : `what if: ${whatIf}`];
  });
}

function outcomeChart(summaries: readonly BatchSummary[], names: readonly string[], doc: PlotDocument) {
  const label = 'Share of runs reaching each named outcome in each variant, with its 95% interval';
  return figure(
    label,
    `${label}. For each outcome, one bar per variant: the share of its runs that reached the outcome at the end, with a thin line across the 95% interval (Wilson) and the percentage beside it.`,
    [
      ...names.map((n, i) => ({ mark: 'swatch' as const, colour: variantColour(i), label: n })),
      { mark: 'line', colour: 'currentColor', label: '95% interval (Wilson)' },
    ],
    svg(doc, outcomeComparePlot(summaries, names)),
  );
}

/** The outcomes and key events whose change leaves out zero, the largest change first. */
function keyDifferences(c: Comparison, b: BranchComparison, k: number): string[] {
  const rows = [
    ...b.outcomes.map((o) => ({ item: o.text, base: o.base, branch: o.branch, delta: o.delta, day: '' })),
    ...b.keyEvents.map((e) => ({
      item: `entered ${e.key.replace(':', ': ')}`,
      base: e.base,
      branch: e.branch,
      delta: e.delta,
      day: e.days === null ? '' : days(e.days),
    })),
  ]
    .filter((r) => beyondChance(r.delta))
    .sort((x, y) => Math.abs(y.delta.mean) - Math.abs(x.delta.mean));
  const out =
    rows.length === 0
      ? [
          para(
            'No outcome or key event changed beyond chance: every 95% interval of the change includes zero.',
          ),
        ]
      : [
          table(
            ['outcome or key event', baseName(c), b.whatIf, 'change (95% CI)', 'day change (95% CI)'],
            rows.map((r) => [r.item, pct(r.base), pct(r.branch), points(r.delta), r.day]),
            [1, 2, 3],
          ),
        ];
  const ex = c.examples[k];
  if (ex) {
    const intro = `Example: run ${ex.index} (seed ${ex.seed})`;
    if (ex.divergence === null) out.push(para(`${intro} is the same on both sides.`));
    else {
      const d = ex.divergence;
      out.push(
        para(
          `${intro} first leaves ${c.against === 'history' ? 'history' : 'the base'} on ${humanDate(d.date)}:`,
        ),
        `<ul><li>${esc(`${baseName(c)}: ${d.base ?? 'nothing else that day'}`)}</li><li>${esc(
          `this branch: ${d.branch ?? 'nothing else that day'}`,
        )}</li></ul>`,
      );
    }
  }
  return out;
}

/**
 * Render a comparison as a self-contained HTML page, built from the batch report's parts: the variants
 * side by side (the share of runs reaching each outcome with its 95% interval, in one chart and a
 * table), each what-if's key differences from the base (the changes whose 95% interval leaves out zero,
 * and an example run told from where it leaves the base), and each region's states day by day in every
 * variant, a state in the same colour in every chart. Regions that never changed in any run are listed
 * in one line, not drawn. The page loads nothing; every text from the scenario is escaped.
 *
 * `summaries` are the sides' batch summaries, the base first, as {@link compareVariants} returns them.
 *
 * @example
 * ```ts
 * const { comparison, summaries } = await compareVariants(scenario, { runs: 50, whatIfs: ['france-recognises'] });
 * writeFileSync('report.html', renderCompareHtml(comparison, summaries));
 * ```
 */
export function renderCompareHtml(c: Comparison, summaries: readonly BatchSummary[]): string {
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  const variants = variantLines(c, summaries);
  const names = variants.map(([name]) => name);
  const title = `Comparison: ${c.scenario.title}`;
  const first = summaries[0];
  const calendar = first
    ? `${humanDate(c.calendar.start)} to ${humanDate(c.calendar.end)} (${first.calendar.days} days)`
    : `${humanDate(c.calendar.start)} to ${humanDate(c.calendar.end)}`;
  const meta: [string, string][] = [
    [
      'Runs',
      c.against === 'history'
        ? `${c.runs} runs of each what-if (seed ${c.seed}), each against the one historical replay`
        : `${c.runs} paired runs per side (seed ${c.seed}): run i of every side shares a seed, so differences come from the what-if`,
    ],
    ...variants.map(([name, text]): [string, string] => [`Variant ${name}`, text]),
    ['Engine', c.engine],
    ['Calendar', calendar],
    ['Scenario', `${c.scenario.id}@${c.scenario.hash}`],
  ];
  const body = [
    `<h1>${esc(title)}</h1>`,
    `<dl>${meta.map(([l, t]) => `<dt>${esc(l)}</dt><dd>${esc(t)}</dd>`).join('')}</dl>`,
    '<h2>Named outcomes</h2>',
  ];
  if (!first || first.outcomes.length === 0) body.push(para('The scenario names no outcomes.'));
  else
    body.push(
      outcomeChart(summaries, names, document),
      table(
        ['outcome', ...names.map((n) => `${n} (95% interval)`)],
        first.outcomes.map((o, i) => [
          o.text,
          ...summaries.map((s) => {
            const x = s.outcomes[i]!;
            return `${pct(x.share)} (${interval(x.ci95)})`;
          }),
        ]),
        names.map((_, i) => i + 1),
      ),
    );
  body.push('<h2>Key differences</h2>');
  c.branches.forEach((b, k) => {
    body.push(
      `<h3>${esc(variants[k + 1]?.[1] ?? b.whatIf)} (${esc(b.whatIf)})</h3>`,
      ...keyDifferences(c, b, k),
    );
  });
  body.push('<h2>Region states day by day</h2>');
  if (first)
    for (const region of Object.keys(first.daily))
      if (changedIn(summaries, region))
        body.push(
          `<h3>${esc(region)}</h3>`,
          ...summaries.map((s, i) => regionChart(s, region, document, names[i])),
        );
  const unchanged = unchangedLine(summaries, names);
  if (unchanged) body.push(unchanged);
  return page(title, body);
}
