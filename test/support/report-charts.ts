import { parseHTML } from 'linkedom';

type Doc = ReturnType<typeof parseHTML>['document'];
type Node = ReturnType<Doc['querySelector']>;

/** The figures of a report page that hold a chart. */
export function charts(html: string): NonNullable<Node>[] {
  const { document } = parseHTML(html);
  return [...document.querySelectorAll('figure')].filter((f) => f.querySelector('svg:not([aria-hidden])'));
}

/** The label and colour of each key of a chart's legend. */
export function legendKeys(figure: NonNullable<Node>): { label: string; colour: string | null }[] {
  return [...figure.querySelectorAll('.legend li')].map((li) => ({
    label: li.textContent ?? '',
    colour: ((key) => key?.getAttribute('fill') ?? key?.getAttribute('stroke') ?? null)(
      li.querySelector('svg > *'),
    ),
  }));
}

/** The fill of each state's band on a region chart, by its state (each band is titled with its state). */
export function bandColours(figure: NonNullable<Node>): Map<string, string> {
  const bands = new Map<string, string>();
  for (const path of figure.querySelectorAll('svg:not([aria-hidden]) path')) {
    const title = path.querySelector('title')?.textContent;
    if (title) bands.set(title, path.getAttribute('fill') ?? '');
  }
  return bands;
}

/** The region a region chart draws, from its label ("Share of runs in each talks state, day by day"). */
export const regionOf = (figure: NonNullable<Node>): string | null =>
  /^Share of runs in each (.+) state, day by day/.exec(figure.getAttribute('aria-label') ?? '')?.[1] ?? null;

/**
 * The colour of each `region:state` on the region charts of `pages`, as the bands and the legends show
 * it: a key with several colours is a state drawn in different colours somewhere.
 */
export function stateColoursOf(pages: readonly string[]): Map<string, Set<string>> {
  const seen = new Map<string, Set<string>>();
  const note = (key: string, colour: string | null) => {
    if (!seen.has(key)) seen.set(key, new Set());
    seen.get(key)!.add(colour ?? 'none');
  };
  for (const html of pages)
    for (const figure of charts(html)) {
      const region = regionOf(figure);
      if (region === null) continue;
      for (const [state, fill] of bandColours(figure)) note(`${region}:${state}`, fill);
      for (const { label, colour } of legendKeys(figure)) note(`${region}:${label}`, colour);
    }
  return seen;
}
