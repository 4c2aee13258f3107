import { createColors } from 'picocolors';
import { printable } from './printable.js';
import { wrapText } from './text-width.js';

/** How a line of a text report is shown on a terminal that takes colour. */
export type Tone = 'bold' | 'dim' | 'red' | 'green' | 'yellow';

/** A line of a text report (it may hold newlines), plain or with the tone it is shown in. */
export type TonedLine = string | { readonly text: string; readonly tone: Tone | undefined };

/** The text of a line, without its tone. */
export const lineText = (line: TonedLine): string => (typeof line === 'string' ? line : line.text);

/**
 * Lines of a text report joined and fitted to `width` as `fitLines` fits them; with `colour`, each line
 * after wrapping is made printable and painted in its tone, so the text without its colour codes is the
 * same, and the only escape codes are the colours (scenario text cannot bring its own).
 */
export function fitToned(lines: readonly TonedLine[], width: number, colour: boolean): string {
  const c = createColors(colour);
  return lines
    .flatMap((line) => {
      const tone = typeof line === 'string' ? undefined : line.tone;
      return lineText(line)
        .split('\n')
        .flatMap((l) => (l.length > width ? wrapText(l, width, `${/^ */.exec(l)![0]}  `) : [l]))
        .map((l) => {
          if (!colour) return l;
          const safe = printable(l);
          return tone && safe.trim() !== '' ? c[tone](safe) : safe;
        });
    })
    .join('\n');
}
