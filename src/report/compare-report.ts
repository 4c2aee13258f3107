import { humanDate } from '../sim/calendar.js';
import type { Comparison, PairedDelta } from '../stats/compare.js';
import { mdText } from './markdown.js';

/** The formats `renderComparison` writes. */
export type CompareFormat = 'text' | 'md' | 'json';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const signed = (x: number, digits: number) =>
  `${x > 0 ? '+' : x < 0 ? '−' : '±'}${Math.abs(x).toFixed(digits)}`;
const points = (d: PairedDelta) =>
  `${signed(d.mean * 100, 1)} pts (${signed(d.ci95[0] * 100, 1)} to ${signed(d.ci95[1] * 100, 1)})`;
const days = (d: PairedDelta | null) =>
  d === null
    ? 'never both'
    : `${signed(d.mean, 1)} days (${signed(d.ci95[0], 1)} to ${signed(d.ci95[1], 1)}; ${d.pairs} pairs)`;
const label = (key: string) => key.replace(':', ': ');

function table(rows: string[][], markdown: boolean): string[] {
  if (markdown) {
    const [head, ...body] = rows.map((r) => r.map(mdText));
    return [
      `| ${head!.join(' | ')} |`,
      `|${head!.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`,
      ...body.map((r) => `| ${r.join(' | ')} |`),
    ];
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) =>
    `  ${r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('   ')}`.trimEnd(),
  );
}

/**
 * A comparison for people: per what-if, the outcomes and key events on both sides with the paired
 * change and its 95% interval, and an example run told from where it leaves the base.
 */
export function renderComparison(c: Comparison, format: CompareFormat = 'text'): string {
  if (format === 'json') return `${JSON.stringify(c, null, 2)}\n`;
  const md = format === 'md';
  /** Text from the scenario, escaped in Markdown. */
  const t = (text: string) => (md ? mdText(text) : text);
  const baseName = c.against === 'history' ? 'history' : 'base';
  const out: string[] = [];
  out.push(
    md ? `# ${t(c.scenario.title)}` : c.scenario.title,
    '',
    c.against === 'history'
      ? `${c.runs} runs of each what-if (seed ${c.seed}), each against the historical replay (the scenario as written, its own seed). Engine ${c.engine}.`
      : `${c.runs} paired runs (seed ${c.seed}): run i of the scenario as written and of each what-if share a seed, so differences come from the what-if. Engine ${c.engine}.`,
    '',
  );
  c.branches.forEach((b, k) => {
    out.push(md ? `## ${t(b.whatIf)}` : `${b.whatIf}`, '');
    out.push(
      ...table(
        [
          ['Outcome', baseName, b.whatIf, 'change (95% CI)'],
          ...b.outcomes.map((o) => [o.text, pct(o.base), pct(o.branch), points(o.delta)]),
        ],
        md,
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
  return `${out.join('\n').trimEnd()}\n`;
}
