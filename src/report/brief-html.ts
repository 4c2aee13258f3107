/** The `generator` every page of the trainer's kit carries, so a later run knows which files it wrote. */
export const briefGenerator = 'auspices brief';

const entities: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escape text for HTML content and attribute values: scenario text is never trusted as markup. */
export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => entities[c] ?? c);
}

/**
 * A4 on paper, a readable column on screen. Parts start on a new page; links print with their address;
 * nothing has a dark background, and long words and addresses wrap instead of overflowing the page.
 */
const STYLE = `@page{size:A4;margin:18mm 16mm}
*,*::before,*::after{box-sizing:border-box}
html{color:#111;background:#fff}
body{font-family:Georgia,'Times New Roman',serif;font-size:11pt;line-height:1.45;max-width:46rem;margin:1.5rem auto;padding:0 1rem;overflow-wrap:anywhere}
h1,h2,h3{font-family:system-ui,'Helvetica Neue',Arial,sans-serif;line-height:1.2;break-after:avoid}
h1{font-size:1.5rem;margin:.5rem 0 .75rem}h2{font-size:1.2rem;margin:1.25rem 0 .5rem}h3{font-size:1rem;margin:1rem 0 .35rem}
a{color:#0645ad}
.kit{font-family:system-ui,'Helvetica Neue',Arial,sans-serif;font-size:.8rem;color:#444;border-bottom:1px solid #999;padding-bottom:.25rem}
.part+.part{break-before:page}
.confidential{break-before:page}
.stamp{display:inline-block;border:2px solid #111;padding:.1rem .5rem;font-family:system-ui,sans-serif;font-weight:700;letter-spacing:.06em;text-transform:uppercase;font-size:.8rem}
.note{border-left:3px solid #777;padding:.25rem .75rem;margin:.75rem 0}
.card{border:1px solid #999;border-radius:4px;padding:.4rem .75rem;margin:.75rem 0;break-inside:avoid}
.card h3{margin:.1rem 0 .35rem}
.card p,.card ul,.card ol{margin:.25rem 0}
td ul,td dl{margin:.2rem 0;padding-left:1.1rem}td dl{padding-left:0}
.meta{font-family:system-ui,sans-serif;font-size:.85rem;color:#333}
.role{break-inside:avoid}
blockquote{margin:.5rem 0 .5rem 1rem;padding-left:.75rem;border-left:3px solid #999}
blockquote p{margin:.1rem 0}
dl{margin:.5rem 0}dt{font-weight:700}dd{margin:0 0 .35rem 1rem}
table{width:100%;border-collapse:collapse;table-layout:fixed;margin:.5rem 0}
th,td{border:1px solid #999;padding:.3rem .5rem;text-align:left;vertical-align:top}
code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85em;white-space:pre-wrap}
.answer{border-bottom:1px dotted #777;height:2.2em;margin-bottom:.35rem}
@media print{
body{max-width:none;margin:0;padding:0;font-size:10.5pt}
a{color:#111;text-decoration:none}
a[href^="http"]::after{content:" <" attr(href) ">";font-size:.85em;overflow-wrap:anywhere}
.screen{display:none}
}`;

/** A page of the kit: the shared stylesheet, a line naming the scenario and the part, then `body`. */
export function page(options: { title: string; kit: string; body: string; index?: boolean }): string {
  const back = options.index ? '' : ' <a class="screen" href="index.html">(kit index)</a>';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${briefGenerator}">
<title>${esc(options.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<p class="kit">${esc(options.kit)}${back}</p>
${options.body}
</body>
</html>
`;
}

/** A link to a public source; an address that is not http(s) is shown as text, never linked. */
export function sourceLink(url: string): string {
  if (!/^https?:\/\//i.test(url)) return `<span>${esc(url)}</span>`;
  let label = url;
  try {
    label = new URL(url).hostname.replace(/^www\./, '');
  } catch {
    // An address the URL parser refuses keeps its full text.
  }
  return `<a href="${esc(url)}">${esc(label)}</a>`;
}

/** Paragraphs of a text, split on blank lines. */
export function paragraphs(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${esc(p)}</p>`)
    .join('\n');
}

/** A list of texts, each escaped. */
export function list(items: readonly string[], ordered = false): string {
  const tag = ordered ? 'ol' : 'ul';
  return `<${tag}>${items.map((i) => `<li>${esc(i)}</li>`).join('')}</${tag}>`;
}

/** The first letter in upper case ("the French Senate" as a heading). */
export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A condition or payload written inline, as in a scenario file (`{in: {talks: urged}}`). */
export function inline(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(inline).join(', ')}]`;
  if (value && typeof value === 'object')
    return `{${Object.entries(value)
      .map(([k, v]) => `${k}: ${inline(v)}`)
      .join(', ')}}`;
  return String(value);
}
