import { humanDate } from '../sim/calendar.js';
import type { Comparison, PairedDelta } from '../stats/compare.js';
import { mdText } from './markdown.js';
import { textWidth, wrapText } from './text-width.js';
import { fitToned, lineText, type Tone, type TonedLine } from './toned-lines.js';

/** The formats `renderComparison` writes. */
export type CompareFormat = 'text' | 'md' | 'json';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const signed = (x: number, digits: number) =>
  `${x > 0 ? '+' : x < 0 ? '−' : '±'}${Math.abs(x).toFixed(digits)}`;
/** "+12.5 pts (+3.0 to +22.0)": a paired change in a share, with its 95% interval. */
export const points = (d: PairedDelta): string =>
  `${signed(d.mean * 100, 1)} pts (${signed(d.ci95[0] * 100, 1)} to ${signed(d.ci95[1] * 100, 1)})`;
/** "−2.0 days (−3.1 to −0.9; 40 pairs)": a paired change in a day, or "never both". */
export const days = (d: PairedDelta | null): string =>
  d === null
    ? 'never both'
    : `${signed(d.mean, 1)} days (${signed(d.ci95[0], 1)} to ${signed(d.ci95[1], 1)}; ${d.pairs} pairs)`;
const label = (key: string) => key.replace(':', ': ');
/** Whether a paired change holds: its 95% interval leaves out zero. */
const holds = (d: PairedDelta | null) => d !== null && (d.ci95[0] > 0 || d.ci95[1] < 0);

/** Options of `renderComparison`. */
export interface CompareRenderOptions {
  /**
   * Colour the text format with terminal escape codes: headings bold, the column headings dim, and the
   * rows whose change holds (its 95% interval leaves out zero) bold. Off by default; the CLI turns it on
   * for a terminal.
   */
  readonly colour?: boolean | undefined;
}

/** The rows of a table (the first is its header); `strong[i]` marks body row i as a change that holds. */
function table(rows: string[][], markdown: boolean, width: number, strong: boolean[] = []): TonedLine[] {
  const tone = (i: number): Tone | undefined => (i === 0 ? 'dim' : strong[i - 1] ? 'bold' : undefined);
  if (markdown) {
    const [head, ...body] = rows.map((r) => r.map(mdText));
    return [
      `| ${head!.join(' | ')} |`,
      `|${head!.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`,
      ...body.map((r) => `| ${r.join(' | ')} |`),
    ];
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const numbers = widths.slice(1).reduce((a, w) => a + w + 3, 0);
  // The first column (the outcome's text) wraps under itself when the numbers leave it room.
  const first = Math.min(widths[0]!, width - 2 - numbers);
  if (first >= 24) {
    const hang = ' '.repeat(2);
    return rows.flatMap((r, k) => {
      const [text, ...cells] = r;
      const lines = wrapText(text!, first, '');
      const values = cells.map((cell, i) => cell.padStart(widths[i + 1]!)).join('   ');
      return lines.map((line, i) => ({
        text: `${hang}${i === 0 ? `${line.padEnd(first)}   ${values}` : line}`.trimEnd(),
        tone: tone(k),
      }));
    });
  }
  // Too narrow for columns: each row as its text, then its values named by the header.
  const [head, ...body] = rows;
  const values = (r: string[]) =>
    r
      .slice(1)
      .map((cell, i) => `${head![i + 1]}: ${cell}`.replaceAll(' ', '\u00a0'))
      .join(' · ');
  return [
    { text: `  ${head![0]}`, tone: tone(0) },
    ...body.flatMap((r, k) =>
      [
        ...wrapText(`  - ${r[0]!}`, width, '    '),
        // Break between values, not inside one (spaces inside a value are held together while wrapping).
        ...wrapText(`      ${values(r)}`, width, '      ').map((line) => line.replaceAll('\u00a0', ' ')),
      ].map((text) => ({ text, tone: tone(k + 1) })),
    ),
  ];
}

/** Lines without the blank ones at the end, and the last without trailing spaces. */
function trimEnd(lines: TonedLine[]): TonedLine[] {
  const out = [...lines];
  while (out.length > 0 && lineText(out.at(-1)!).trim() === '') out.pop();
  const last = out.pop();
  if (last !== undefined)
    out.push(typeof last === 'string' ? last.trimEnd() : { ...last, text: last.text.trimEnd() });
  return out;
}

/**
 * A comparison for people: per what-if, the outcomes and key events on both sides with the paired
 * change and its 95% interval, and an example run told from where it leaves the base.
 *
 * @example
 * ```ts
 * const { comparison } = await compareVariants(scenario, { runs: 200, whatIfs: ['france-recognises'] });
 * console.log(renderComparison(comparison, 'text', 100, { colour: true }));
 * ```
 */
export function renderComparison(
  c: Comparison,
  format: CompareFormat = 'text',
  width?: number,
  options: CompareRenderOptions = {},
): string {
  const cols = textWidth(width);
  if (format === 'json')
    return `${JSON.stringify({ format: 'auspices.compare', formatVersion: 1, ...c }, null, 2)}\n`;
  const md = format === 'md';
  /** Text from the scenario, escaped in Markdown. */
  const t = (text: string) => (md ? mdText(text) : text);
  const baseName = c.against === 'history' ? 'history' : 'base';
  const out: TonedLine[] = [];
  out.push(
    md ? `# ${t(c.scenario.title)}` : { text: c.scenario.title, tone: 'bold' },
    '',
    c.against === 'history'
      ? `${c.runs} runs of each what-if (seed ${c.seed}), each against the historical replay (the scenario as written, its own seed). Engine ${c.engine}.`
      : `${c.runs} paired runs (seed ${c.seed}): run i of the scenario as written and of each what-if share a seed, so differences come from the what-if. Engine ${c.engine}.`,
    '',
  );
  c.branches.forEach((b, k) => {
    out.push(md ? `## ${t(b.whatIf)}` : { text: b.whatIf, tone: 'bold' }, '');
    out.push(
      ...table(
        [
          ['Outcome', baseName, b.whatIf, 'change (95% CI)'],
          ...b.outcomes.map((o) => [o.text, pct(o.base), pct(o.branch), points(o.delta)]),
        ],
        md,
        cols,
        b.outcomes.map((o) => holds(o.delta)),
      ),
      '',
    );
    out.push(
      ...table(
        [
          ['Key event (entered)', baseName, b.whatIf, 'change (95% CI)', 'day change (95% CI)'],
          ...b.keyEvents.map((e) => [
            label(e.key),
            pct(e.base),
            pct(e.branch),
            points(e.delta),
            days(e.days),
          ]),
        ],
        md,
        cols,
        b.keyEvents.map((e) => holds(e.delta) || holds(e.days)),
      ),
      '',
    );
    const ex = c.examples[k];
    if (ex) {
      const intro = `Example: run ${ex.index} (seed ${ex.seed})`;
      if (ex.divergence === null) out.push(`${intro} is the same on both sides.`, '');
      else {
        const d = ex.divergence;
        out.push(
          `${intro} first leaves ${c.against === 'history' ? 'history' : 'the base'} on ${humanDate(d.date)}:`,
          `${md ? '- ' : '  '}${c.against === 'history' ? 'history' : 'base'}: ${d.base === null ? 'nothing else that day' : t(d.base)}`,
          `${md ? '- ' : '  '}this branch: ${d.branch === null ? 'nothing else that day' : t(d.branch)}`,
          '',
        );
      }
    }
  });
  const lines = trimEnd(out);
  if (md) return `${lines.map(lineText).join('\n')}\n`;
  return `${fitToned(lines, cols, options.colour === true)}\n`;
}
