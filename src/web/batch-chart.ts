import * as Plot from '@observablehq/plot';
import type { BatchSummary } from '../core.js';

const pct = (share: number) => `${(share * 100).toFixed(1)}%`;

/** The share of runs that reached each named outcome, with its 95% interval, as an SVG chart. */
export function outcomeChart(summary: BatchSummary): SVGSVGElement | HTMLElement {
  const rows = summary.outcomes.map((o) => ({
    id: o.id,
    text: o.text,
    share: o.share,
    low: o.ci95[0],
    high: o.ci95[1],
  }));
  const textOf = new Map(rows.map((o) => [o.id, o.text]));
  return Plot.plot({
    ariaLabel: 'Share of runs reaching each outcome',
    width: 720,
    height: 40 + 30 * rows.length,
    marginLeft: 280,
    marginRight: 56,
    x: { domain: [0, 1], tickFormat: '%', grid: true, label: 'share of runs' },
    y: { domain: rows.map((o) => o.id), label: null },
    marks: [
      Plot.axisY({ tickFormat: (id: string) => textOf.get(id) ?? id, lineWidth: 28, tickSize: 0 }),
      Plot.barX(rows, { x: 'share', y: 'id', fill: '#a9c1d9', insetTop: 5, insetBottom: 5, title: 'text' }),
      Plot.ruleY(rows, { y: 'id', x1: 'low', x2: 'high', strokeWidth: 1.5 }),
      Plot.text(rows, {
        x: 'high',
        y: 'id',
        text: (o: { share: number }) => pct(o.share),
        dx: 6,
        textAnchor: 'start',
      }),
      Plot.ruleX([0]),
    ],
  });
}
