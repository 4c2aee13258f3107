import * as Plot from '@observablehq/plot';
import type { BatchSummary } from '../stats/batch.js';

const pct = (share: number) => `${(share * 100).toFixed(1)}%`;

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
      Plot.barX(rows, { x: 'share', y: 'id', fill: '#a9c1d9', insetTop: 6, insetBottom: 6, title: 'text' }),
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
