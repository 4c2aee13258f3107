import { createColors } from 'picocolors';
import { dateOf, humanDate } from '../sim/calendar.js';
import type { RunResult } from '../sim/run-scenario.js';
import { mdLink, mdText } from './markdown.js';
import { itemDate, timeline } from './narrate.js';
import { printable } from './printable.js';
import { summaryLines } from './summary.js';
import { labelled, textWidth, wrapText } from './text-width.js';

/** Output formats of `narrate`. */
export type NarrateFormat = 'text' | 'md' | 'json';

/** Options of `narrate`. */
export interface NarrateOptions {
  readonly format?: NarrateFormat | undefined;
  /**
   * The text format's width in columns (default 80; held between 40 and 160). Words are never broken: a
   * URL longer than the line sits on a line of its own. The CLI passes the terminal's width.
   */
  readonly width?: number | undefined;
  /**
   * Colour the text format with terminal escape codes: dates and headings bold, refused moves red, region
   * changes green, policy rules and sources dim. Off by default; the CLI turns it on for a terminal.
   */
  readonly colour?: boolean | undefined;
}

/** The replay token of a run: what reproduces it exactly. */
export function replayToken(result: RunResult): string {
  const at = result.state.scenario.branchedAt;
  const from = at === undefined ? '' : `;at=${dateOf(result.scenario.data.calendar.start, at)}`;
  return `${result.scenario.data.id}@${result.scenario.hash}${result.scenario.whatIf ? `+${result.scenario.whatIf}` : ''}#seed=${result.seed};engine=${result.state.engine}${from}`;
}

function header(result: RunResult): string[] {
  const d = result.scenario.data;
  const at = result.state.scenario.branchedAt;
  const from = at === undefined ? '' : `, from ${humanDate(dateOf(d.calendar.start, at))} (history before)`;
  const branch = result.scenario.whatIf
    ? ` — what if: ${d.whatIfs[result.scenario.whatIf]?.title ?? result.scenario.whatIf}${from}`
    : '';
  return [
    `${d.title}${branch}`,
    `${humanDate(d.calendar.start)} to ${humanDate(result.outcome.endedOn)} · seed ${result.seed} · replay ${replayToken(result)}`,
  ];
}

const DETAIL = '        ';

function text(result: RunResult, width: number, colour: boolean): string {
  // Colour is applied to whole wrapped lines, so it never changes where a line breaks.
  const c = createColors(colour);
  // Scenario text is made printable before it is coloured, so the only escape codes are the colours.
  const lines = (paint: (s: string) => string, wrapped: readonly string[]) =>
    wrapped.map((line) => paint(colour ? printable(line) : line));
  const [title, meta] = header(result);
  const out = [
    ...lines(c.bold, wrapText(title!, width, '    ')),
    ...lines(String, wrapText(meta!, width, '    ')),
  ];
  let lastDate = '';
  for (const item of timeline(result)) {
    if (item.date !== lastDate) out.push('', ...lines(c.bold, [itemDate(item)]));
    lastDate = item.date;
    const mark = item.accepted ? '  ' : '✗ ';
    const framing = item.framing ? ` [${item.framing}]` : '';
    const said = wrapText(`  ${mark}${item.actorName}: ${item.text}${framing}`, width, DETAIL);
    out.push(...lines(item.accepted ? String : c.red, said));
    if (item.refusal)
      out.push(
        ...lines(
          c.red,
          wrapText(`${DETAIL}refused under ${item.refusal.rule}: ${item.refusal.reason}`, width, DETAIL),
        ),
      );
    if (item.changes.length)
      out.push(...lines(c.green, wrapText(`${DETAIL}→ ${item.changes.join('; ')}`, width, `${DETAIL}  `)));
    if (item.because && item.origin === 'policy')
      out.push(...lines(c.dim, wrapText(`${DETAIL}(policy rule: ${item.because})`, width, `${DETAIL} `)));
    // A URL is never broken: one longer than the line makes the only lines wider than `width`.
    out.push(
      ...lines(
        c.dim,
        item.sources.map((s) => `${DETAIL}source: ${s}`),
      ),
    );
  }
  out.push('', c.bold('Outcome'), ...lines(String, labelled(summaryLines(result), width)));
  return `${out.join('\n')}\n`;
}

/** The run as Markdown; every text from the scenario is escaped (`mdText`), sources linked only if http(s). */
function markdown(result: RunResult): string {
  const [title, meta] = header(result);
  const out = [
    `# ${mdText(title!)}`,
    '',
    `_${mdText(meta!)}_`,
    '',
    '| date | actor | what happened | effect | source |',
    '|---|---|---|---|---|',
  ];
  for (const item of timeline(result)) {
    const framing = item.framing ? ` _(framing: ${mdText(item.framing)})_` : '';
    const rule = item.because && item.origin === 'policy' ? ` _(policy rule: ${mdText(item.because)})_` : '';
    const what = item.refusal
      ? `~~${mdText(item.text)}~~ **refused under ${mdText(item.refusal.rule)}**: ${mdText(item.refusal.reason)}`
      : mdText(item.text);
    const sources = item.sources.map((s, i) => mdLink(String(i + 1), s)).join(' ');
    out.push(
      `| ${itemDate(item)} | ${mdText(item.actorName)} | ${what}${framing}${rule} | ${mdText(item.changes.join('; '))} | ${sources} |`,
    );
  }
  out.push('', '## Outcome', '');
  for (const [label, t] of summaryLines(result)) out.push(`- **${mdText(label)}**: ${mdText(t)}`);
  return `${out.join('\n')}\n`;
}

/**
 * The version of the run's JSON (`format: 'auspices.run'`). It goes up when a field is removed, renamed
 * or changes meaning; new fields do not change it. Version 1: 2026-12.
 */
const RUN_FORMAT_VERSION = 1;

function json(result: RunResult): string {
  const d = result.scenario.data;
  return `${JSON.stringify(
    {
      format: 'auspices.run',
      formatVersion: RUN_FORMAT_VERSION,
      scenario: { id: d.id, title: d.title, hash: result.scenario.hash, whatIf: result.scenario.whatIf },
      seed: result.seed,
      engine: result.state.engine,
      replay: replayToken(result),
      timeline: timeline(result),
      outcome: result.outcome,
      world: result.world.value,
    },
    // A scenario's text is data: no string of the report carries an escape sequence to whoever prints it.
    (_key, value) => (typeof value === 'string' ? printable(value) : value),
    2,
  )}\n`;
}

/**
 * Narrate a run: the dated timeline (actor, what happened, refusals with their rule, sources) and the
 * outcome summary, as text, Markdown or JSON.
 *
 * @example
 * ```ts
 * const result = runScenario(scenario, { seed: 7 });
 * console.log(narrate(result, { format: 'md' }));
 * ```
 */
export function narrate(result: RunResult, options: NarrateOptions = {}): string {
  const format = options.format ?? 'text';
  if (format === 'md') return markdown(result);
  if (format === 'json') return json(result);
  return text(result, textWidth(options.width), options.colour === true);
}
