/** Text output that fits a terminal: the width it wraps to, and word wrapping. */

/** The width text output wraps to when no terminal says otherwise (a pipe, a file, a test). */
const DEFAULT_WIDTH = 80;

/** The narrowest and widest widths text output honours; a terminal outside them gets the nearest. */
const MIN_WIDTH = 40;
const MAX_WIDTH = 160;

/** A width clamped to what text output honours; `undefined` and non-numbers give the default. */
export function textWidth(width: number | undefined): number {
  if (width === undefined || !Number.isFinite(width)) return DEFAULT_WIDTH;
  return Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, Math.floor(width)));
}

/**
 * Word-wrap `text` to `width` columns; continuation lines get `indent`. The text's own leading spaces
 * are kept on its first line. A word longer than the line (a long URL) is never broken: it goes on a
 * line of its own, after the indent, so that it can still be copied and followed.
 */
export function wrapText(text: string, width: number, indent: string): string[] {
  const lead = /^ */.exec(text)?.[0] ?? '';
  const lines: string[] = [];
  let line = lead;
  for (const word of text.slice(lead.length).split(' ')) {
    if (line.trim() !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = indent + word;
    } else line = line.trim() === '' ? line + word : `${line} ${word}`;
  }
  if (line.trim() !== '') lines.push(line);
  return lines;
}

/**
 * Lines of a report fitted to `width`: a longer line wraps, its continuation indented two spaces past the
 * line's own indent. Lines that fit are kept as they are.
 */
export function fitLines(text: string, width: number): string {
  return text
    .split('\n')
    .flatMap((line) => (line.length > width ? wrapText(line, width, `${/^ */.exec(line)![0]}  `) : [line]))
    .join('\n');
}

/**
 * Labelled lines (`label  text`) in two columns when the labels leave room for the text, the text wrapped
 * under itself; else each label on a line of its own with its text indented under it.
 */
export function labelled(
  rows: readonly (readonly [string, string])[],
  width: number,
  indent = '  ',
): string[] {
  const w = Math.max(0, ...rows.map(([l]) => l.length));
  const column = indent.length + w + 2;
  const out: string[] = [];
  if (column <= width / 2) {
    const hang = ' '.repeat(column);
    for (const [label, text] of rows)
      out.push(...wrapText(`${indent}${label.padEnd(w)}  ${text}`, width, hang));
  } else {
    const hang = `${indent}    `;
    for (const [label, text] of rows)
      out.push(`${indent}${label}`, ...wrapText(`${hang}${text}`, width, hang));
  }
  return out;
}
