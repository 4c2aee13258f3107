import { printable } from './printable.js';

// Markdown reports quote a scenario's own text (titles, names, injects, outcomes, rules) and link its
// sources. That text is data, never markup: raw HTML, links, emphasis or a `|` that ends a table cell
// would otherwise reach whoever renders the report.

const entities: Readonly<Record<string, string>> = { '<': '&lt;', '>': '&gt;' };

/**
 * Text as Markdown that renders exactly as the text: control characters removed, HTML's `<` and `>` as
 * entities, an `&` that would start an entity as `&amp;`, Markdown's punctuation (`\ ` * _ [ ] ~ |`)
 * backslash-escaped and line breaks as spaces, so that the text stays inside its table cell or line.
 *
 * @example
 * ```ts
 * mdText('Talks <b>& co-chairs</b>'); // 'Talks &lt;b&gt;& co-chairs&lt;/b&gt;'
 * ```
 */
export function mdText(text: string): string {
  return printable(text)
    .replace(/\n/g, ' ')
    .replace(/&(?=#?[0-9A-Za-z]{1,32};)/g, '&amp;')
    .replace(/[<>]/g, (c) => entities[c] ?? c)
    .replace(/[\\`*_[\]~|]/g, (c) => `\\${c}`);
}

/** Whether `url` is an http(s) URL, the only kind a report links. */
function isWebUrl(url: string): boolean {
  return /^https?:\/\/[^\s]/i.test(url);
}

/**
 * A Markdown link to `url` labelled `label`, if `url` is an http(s) URL; else the URL as plain text.
 * Characters that could end the link or the table cell it sits in are percent-encoded.
 *
 * @example
 * ```ts
 * mdLink('1', 'https://example.org/a_(b)'); // '[1](https://example.org/a_%28b%29)'
 * mdLink('1', 'javascript:alert(1)'); // 'javascript:alert(1)'
 * ```
 */
export function mdLink(label: string, url: string): string {
  const clean = printable(url);
  if (!isWebUrl(clean)) return mdText(clean);
  const href = clean.replace(
    /[\s()<>[\]`"'\\|]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
  return `[${mdText(label)}](${href})`;
}
