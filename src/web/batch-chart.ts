import * as Plot from '@observablehq/plot';
import type { BatchSummary } from '../core.js';
import { outcomeSharePlot } from '../report/outcome-chart.js';

/** The share of runs that reached each named outcome, with its 95% interval: the chart of `report.html`. */
export function outcomeChart(summary: BatchSummary): SVGSVGElement | HTMLElement {
  return Plot.plot(outcomeSharePlot(summary));
}
