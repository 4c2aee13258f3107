import * as Plot from '@observablehq/plot';
import type { BatchSummary } from '../stats/batch.js';

const pct = (share: number) => `${(share * 100).toFixed(1)}%`;

/** The colour of the outcome chart's bars. */
export const OUTCOME_BAR = '#a9c1d9';

/**
 * The Observable Plot options of the outcome chart: each named outcome's share of runs as a bar, its 95%
 * interval as a line with end ticks, and the percentage beside it. `report.html` and the playground draw
 * the same chart from it.
 */
export function outcomeSharePlot(summary: BatchSummary): Plot.PlotOptions {
  const rows = summary.outcomes.map((o) => ({ ...o, low: o.ci95[0], high: o.ci95[1] }));
  const textOf = new Map(rows.map((o) => [o.id, o.text]));
  return {
    ariaLabel: 'Share of runs reaching each named outcome, with its 95% interval',
    width: 760,
    height: 40 + 34 * rows.length,
    marginLeft: 260,
    marginRight: 56,
    x: { domain: [0, 1], tickFormat: '%', grid: true, label: 'share of runs' },
    y: { domain: rows.map((o) => o.id), label: null },
    marks: [
      // An axis mark of our own, to wrap long outcome texts; the scale's tickFormat does not reach it.
      Plot.axisY({ tickFormat: (id: string) => textOf.get(id) ?? id, lineWidth: 24, tickSize: 0 }),
      Plot.barX(rows, { x: 'share', y: 'id', fill: OUTCOME_BAR, insetTop: 6, insetBottom: 6, title: 'text' }),
      Plot.ruleY(rows, { y: 'id', x1: 'low', x2: 'high', strokeWidth: 1.5 }),
      Plot.tickX(rows, { x: 'low', y: 'id', insetTop: 10, insetBottom: 10 }),
      Plot.tickX(rows, { x: 'high', y: 'id', insetTop: 10, insetBottom: 10 }),
      Plot.text(rows, {
        x: 'high',
        y: 'id',
        text: (o: { share: number }) => pct(o.share),
        dx: 6,
        textAnchor: 'start',
      }),
      Plot.ruleX([0]),
    ],
  };
}

/** The colours of a comparison's variants: the base in grey-blue, then each what-if in its own colour. */
const VARIANT_COLOURS = ['#8da0b3', '#e15759', '#4e79a7', '#f28e2c', '#59a14f', '#af7aa1'] as const;

/** The colour of variant `i` of a comparison (the base first). */
export const variantColour = (i: number): string => VARIANT_COLOURS[i % VARIANT_COLOURS.length]!;

/**
 * The Observable Plot options of a comparison's outcome chart: for each named outcome, one bar per
 * variant (`names[i]` is the variant of `summaries[i]`, in {@link variantColour}) with its 95% interval
 * and its percentage, so the variants of one outcome sit side by side.
 */
export function outcomeComparePlot(
  summaries: readonly BatchSummary[],
  names: readonly string[],
): Plot.PlotOptions {
  const first = summaries[0]!;
  const textOf = new Map(first.outcomes.map((o) => [o.id, o.text]));
  const rows = summaries.flatMap((s, i) =>
    s.outcomes.map((o) => ({
      id: o.id,
      variant: names[i]!,
      share: o.share,
      low: o.ci95[0],
      high: o.ci95[1],
    })),
  );
  return {
    ariaLabel: 'Share of runs reaching each named outcome in each variant, with its 95% interval',
    width: 760,
    height: 30 + first.outcomes.length * (14 * summaries.length + 12),
    marginLeft: 260,
    marginRight: 56,
    x: { domain: [0, 1], tickFormat: '%', grid: true, label: 'share of runs' },
    y: { domain: [...names], axis: null },
    fy: { domain: first.outcomes.map((o) => o.id), label: null, padding: 0.15 },
    color: { type: 'ordinal', domain: [...names], range: names.map((_, i) => variantColour(i)) },
    marks: [
      Plot.axisFy({
        anchor: 'left',
        tickFormat: (id: string) => textOf.get(id) ?? id,
        lineWidth: 24,
        tickSize: 0,
        label: null,
      }),
      Plot.barX(rows, { x: 'share', y: 'variant', fy: 'id', fill: 'variant', insetTop: 2, insetBottom: 2 }),
      Plot.ruleY(rows, { y: 'variant', fy: 'id', x1: 'low', x2: 'high', strokeWidth: 1.5 }),
      Plot.text(rows, {
        x: 'high',
        y: 'variant',
        fy: 'id',
        text: (o: { share: number }) => pct(o.share),
        dx: 6,
        textAnchor: 'start',
        fontSize: 9,
      }),
      Plot.ruleX([0]),
    ],
  };
}
