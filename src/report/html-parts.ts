import * as Plot from '@observablehq/plot';
import type { parseHTML } from 'linkedom';
import { esc } from './escape.js';

export { esc } from './escape.js';

/** "12.5%": a share of runs as a percentage with one decimal. */
export const pct = (share: number): string => `${(share * 100).toFixed(1)}%`;
/** "10.0% to 25.0%": a 95% interval of a share. */
export const interval = ([low, high]: readonly [number, number]): string => `${pct(low)} to ${pct(high)}`;

/** A paragraph of escaped text. */
export const para = (text: string): string => `<p>${esc(text)}</p>`;

import type { LegendItem, LegendMark } from './legend.js';

export type { LegendItem } from './legend.js';

const keyShape: Record<LegendMark, (colour: string) => string> = {
  swatch: (c) => `<rect width="12" height="12" fill="${c}"></rect>`,
  line: (c) => `<line x1="0" y1="6" x2="12" y2="6" stroke="${c}" stroke-width="2"></line>`,
  dot: (c) => `<circle cx="6" cy="6" r="5" fill="${c}" fill-opacity="0.7"></circle>`,
  tick: (c) => `<line x1="6" y1="0" x2="6" y2="12" stroke="${c}" stroke-width="2"></line>`,
};

/** A chart's legend: one key per item, drawn as inline SVG, with its label as text. */
function legend(items: readonly LegendItem[]): string {
  return `<ul class="legend" aria-label="Legend">${items
    .map(
      (i) =>
        `<li data-key="${esc(i.label)}"><svg width="12" height="12" viewBox="0 0 12 12" aria-hidden="true">${keyShape[i.mark](esc(i.colour))}</svg>${esc(i.label)}</li>`,
    )
    .join('')}</ul>`;
}

/**
 * A chart in a captioned figure with its legend; `svg` is Plot's markup, whose text linkedom has already
 * escaped.
 */
export function figure(label: string, caption: string, items: readonly LegendItem[], svg: string): string {
  return `<figure aria-label="${esc(label)}"><figcaption>${esc(caption)}</figcaption>${legend(items)}${svg}</figure>`;
}

/** The document Plot draws into. */
export type PlotDocument = ReturnType<typeof parseHTML>['document'];

/** Plot's SVG for `options`, drawn into a linkedom document (Plot needs a DOM, not a browser). */
export function svg(document: PlotDocument, options: Plot.PlotOptions): string {
  // Plot returns a bare <svg> when no title, subtitle, caption or legend asks it to wrap one in a figure.
  return (Plot.plot({ ...options, document }) as { outerHTML: string }).outerHTML;
}

/** A table of escaped text; the columns at `numeric` are aligned right. */
export function table(
  head: readonly string[],
  rows: readonly (readonly string[])[],
  numeric: readonly number[],
): string {
  const td = (tag: string, i: number, text: string) =>
    `<${tag}${numeric.includes(i) ? ' class="num"' : ''}>${esc(text)}</${tag}>`;
  return `<table><thead><tr>${head.map((h, i) => td('th', i, h)).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c, i) => td('td', i, c)).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

const STYLE = `body{font-family:system-ui,sans-serif;color:#111;background:#fff;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.45}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dt{font-weight:600}dd{margin:0}
table{border-collapse:collapse;margin:1rem 0}th,td{border-bottom:1px solid #ccc;padding:.25rem .6rem;text-align:left;vertical-align:top}
.num{text-align:right;font-variant-numeric:tabular-nums}figure{margin:1.5rem 0}figcaption{font-size:.9rem;color:#333;max-width:48rem}
.legend{list-style:none;display:flex;flex-wrap:wrap;gap:.2rem 1rem;margin:.4rem 0;padding:0;font-size:.85rem}.legend li{display:flex;align-items:center;gap:.35rem}
svg{max-width:100%;height:auto}`;

/** A whole page that loads nothing: its title (escaped here) and its body (already markup). */
export function page(title: string, body: readonly string[]): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body.join('\n')}
</main>
</body>
</html>
`;
}
