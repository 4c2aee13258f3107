// Text from a scenario or a saved file is never trusted: an escape sequence in an inject's text could
// retitle the terminal window, plant a hyperlink, move the cursor or clear the screen. Everything the
// command line prints, and every Markdown report, goes through `printable`.

const ESC = '\u001b';
// Escape sequences, removed whole (their parameters are not text): control strings (OSC: titles and
// hyperlinks; DCS, SOS, PM, APC) ended by BEL or ST, then CSI (cursor, colours, clearing), then the
// two-character ones. The 8-bit forms of CSI (U+009B) and of the control strings (U+0090, U+0098,
// U+009D to U+009F) likewise.
const sequences = new RegExp(
  [
    `(?:${ESC}[\\]PX^_]|[\\u0090\\u0098\\u009d-\\u009f])[^\\u0007\\u001b\\u009c]*(?:\\u0007|${ESC}\\\\|\\u009c)`,
    `(?:${ESC}\\[|\\u009b)[0-?]*[ -/]*[@-~]`,
    `${ESC}[ -/]*[0-~]`,
  ].join('|'),
  'g',
);
// What is left of the controls: C0 but tab and newline, DEL, C1.
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters to remove.
const controls = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/**
 * `text` without escape sequences and control characters (C0 but tab and newline, DEL, C1), so that
 * it prints as plain text on any terminal. Printable characters, including every non-Latin script,
 * are kept.
 *
 * @example
 * ```ts
 * printable('Azerbaijan\u001b]0;pwned\u0007 welcomes'); // 'Azerbaijan welcomes'
 * ```
 */
export function printable(text: string): string {
  // Fast path: most text has nothing to remove.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters to look for.
  if (!/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(text)) return text;
  return text.replace(sequences, '').replace(controls, '');
}

// Select Graphic Rendition: colours and weights, nothing else (no cursor, no title, no hyperlink).
const sgr = new RegExp(`(${ESC}\\[[0-9;]*m)`);

/**
 * `printable` for text a renderer coloured itself: its colour codes (SGR sequences only) are kept, and
 * everything between them is made printable. Renderers make scenario text printable before they colour
 * it, so the codes left are theirs.
 */
export function printableStyled(text: string): string {
  return text
    .split(sgr)
    .map((part, i) => (i % 2 === 1 ? part : printable(part)))
    .join('');
}
