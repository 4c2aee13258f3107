import * as Plot from '@observablehq/plot';
import { dateOf } from '../sim/calendar.js';
import type { BatchSummary } from '../stats/batch.js';
import { esc, figure, type LegendItem, type PlotDocument, svg } from './html-parts.js';

/** Tableau's 20 colours: the ten strong ones first, then their light partners. */
const PALETTE = [
  '#4e79a7',
  '#f28e2c',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc949',
  '#af7aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ab',
  '#a0cbe8',
  '#ffbe7d',
  '#ff9d9a',
  '#86bcb6',
  '#8cd17d',
  '#f1ce63',
  '#d4a6c8',
  '#fabfd2',
  '#d7b5a6',
  '#79706e',
] as const;

/**
 * The colour of each state of a region, from the region's states in the world's order: the same state
 * gets the same colour in every chart of every report, whichever states a batch reached. A state the
 * list lacks (a summary written before it was kept) follows the listed ones, in name order.
 */
function stateColours(summary: BatchSummary, region: string): Map<string, string> {
  const listed = summary.regionStates?.[region] ?? [];
  const extra = Object.keys(summary.daily[region] ?? {})
    .filter((s) => !listed.includes(s))
    .sort();
  return new Map([...listed, ...extra].map((state, i) => [state, PALETTE[i % PALETTE.length]!]));
}

/** Midnight UTC of day `day`, for Plot's time scales. */
const utc = (summary: BatchSummary, day: number) =>
  new Date(`${dateOf(summary.calendar.start, day)}T00:00:00Z`);

/** The one state a region held at the end of every day of every run, or null if it ever changed. */
function unchangedState(summary: BatchSummary, region: string): string | null {
  const states = Object.keys(summary.daily[region] ?? {});
  return states.length === 1 ? states[0]! : null;
}

/**
 * One line for the regions that never changed in any run of any of `summaries` (which are not drawn),
 * or null if every region changed somewhere: "Unchanged in every run: monitoring (none), access
 * (restricted)." A region held in different states by different variants names each, by `names`.
 */
export function unchangedLine(summaries: readonly BatchSummary[], names: readonly string[]): string | null {
  const first = summaries[0];
  if (!first) return null;
  const parts = Object.keys(first.daily).flatMap((region) => {
    const held = summaries.map((s) => unchangedState(s, region));
    if (held.some((s) => s === null)) return [];
    const states = held as string[];
    if (states.every((s) => s === states[0])) return [`${region} (${states[0]})`];
    return [`${region} (${states.map((s, i) => `${s} in ${names[i]}`).join(', ')})`];
  });
  return parts.length
    ? `<p class="unchanged">${esc(`Unchanged in every run: ${parts.join(', ')}.`)}</p>`
    : null;
}

/** Whether `region` changed in some run of one of `summaries`, and so gets a chart. */
export const changedIn = (summaries: readonly BatchSummary[], region: string): boolean =>
  summaries.some((s) => unchangedState(s, region) === null);

/**
 * One stacked-area chart of a region's states, day by day, with each state named on its band and in the
 * legend, in its colour from {@link stateColours}. `variant` names the branch in a comparison.
 */
export function regionChart(
  summary: BatchSummary,
  region: string,
  document: PlotDocument,
  variant?: string,
): string {
  const colours = stateColours(summary, region);
  const order = [...colours.keys()];
  const byState = Object.entries(summary.daily[region] ?? {}).sort(
    ([a], [b]) => order.indexOf(a) - order.indexOf(b),
  );
  const days = summary.calendar.days;
  const bands: { state: string; date: Date; y1: number; y2: number }[] = [];
  const labels: { state: string; date: Date; y: number }[] = [];
  const below = new Array<number>(days + 1).fill(0);
  for (const [state, shares] of byState) {
    // The share at the end of day d holds from d to d + 1, so the last day gets a closing point.
    const at = (day: number) => shares[Math.min(day, days - 1)] ?? 0;
    for (let day = 0; day <= days; day++) {
      const y1 = below[day]!;
      bands.push({ state, date: utc(summary, day), y1, y2: y1 + at(day) });
      below[day] = y1 + at(day);
    }
    const peak = shares.reduce((best, s, day) => (s > (shares[best] ?? 0) ? day : best), 0);
    // Name only bands thick enough to hold their label, in the middle of their widest stretch.
    if (at(peak) >= 0.12) {
      let last = peak;
      while (last + 1 < days && at(last + 1) === at(peak)) last++;
      const band = bands[bands.length - days - 1 + peak]!;
      const middle = (utc(summary, peak).getTime() + utc(summary, last + 1).getTime()) / 2;
      labels.push({ state, date: new Date(middle), y: (band.y1 + band.y2) / 2 });
    }
  }
  const states = byState.map(([state]) => state);
  const items: LegendItem[] = states.map((s) => ({ mark: 'swatch', colour: colours.get(s)!, label: s }));
  const label = `Share of runs in each ${region} state, day by day${variant ? ` — ${variant}` : ''}`;
  return figure(
    label,
    `${label}: the height of each band is the share of runs in that state at the end of the day (${states.join(', ')}).`,
    items,
    svg(document, {
      ariaLabel: label,
      width: 760,
      height: 150,
      marginLeft: 50,
      marginRight: 20,
      x: { type: 'utc', domain: [utc(summary, 0), utc(summary, days)], label: 'date' },
      y: { domain: [0, 1], tickFormat: '%', label: 'share of runs', ticks: 2 },
      color: { type: 'ordinal', domain: order, range: order.map((s) => colours.get(s)!) },
      marks: [
        Plot.areaY(bands, {
          x: 'date',
          y1: 'y1',
          y2: 'y2',
          z: 'state',
          fill: 'state',
          title: 'state',
          curve: 'step-after',
        }),
        Plot.text(labels, {
          x: 'date',
          y: 'y',
          text: 'state',
          fill: 'black',
          stroke: 'white',
          strokeWidth: 3,
        }),
      ],
    }),
  );
}
