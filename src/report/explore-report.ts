import type { ExploreGraph, ExplorePath, ExploreResult } from '../explore/explore.js';
import type { QuestionAnswer } from '../explore/question.js';
import { describeMove } from '../machines/compose-world.js';
import { scenarioWorld } from '../scenario/world.js';
import { mdText } from './markdown.js';
import { textWidth } from './text-width.js';
import { fitToned, lineText, type Tone, type TonedLine } from './toned-lines.js';

/** Figures measured around an exploration by its caller (the core keeps no clock). */
export interface ExploreFigures {
  readonly seconds: number;
  /** Peak resident memory of the process, in bytes. */
  readonly rssBytes?: number | undefined;
}

const n = (x: number) => x.toLocaleString('en-GB');
const capitalise = (t: string) => t.charAt(0).toUpperCase() + t.slice(1);
const moves = (k: number) => `${k} move${k === 1 ? '' : 's'}`;
const days = (k: number) => `${k} day${k === 1 ? '' : 's'}`;

/** A path as numbered lines: one per move, with the day it falls on, and refusals with their rule. */
export function pathLines(path: ExplorePath): string[] {
  if (path.moves.length === 0) return ['    (holds at the start)'];
  const replay = path.replay?.result;
  if (!replay) {
    let day = 0;
    return path.moves.map((m, i) => {
      if (m.type === 'clock.dayElapsed') day++;
      return `    ${i + 1}. day ${day}: ${m.type === 'clock.dayElapsed' ? 'the day ends' : `${m.by} ${m.type}`}`;
    });
  }
  const out: string[] = [];
  let lastDay = -1;
  const ctx = replay.world.context;
  for (const e of replay.trace) {
    if (e.day !== lastDay) {
      out.push(`    ${e.date} (day ${e.day})`);
      lastDay = e.day;
    }
    const refused = e.refusal ? ` — refused under ${e.refusal.rule}: ${e.refusal.reason}` : '';
    const changes =
      e.changes.length > 0 ? ` [${e.changes.map((c) => `${c.region}: ${c.from} → ${c.to}`).join('; ')}]` : '';
    out.push(
      `      ${capitalise(describeMove(e.move, ctx, scenarioWorld(replay.scenario.data)))}${refused}${changes}`,
    );
  }
  return out;
}

/** Options of `renderExplore`'s text format. */
export interface ExploreRenderOptions {
  /** Fit the text to this many columns (held between 40 and 160), long lines wrapped; by default not fitted. */
  readonly width?: number | undefined;
  /**
   * Colour the text with terminal escape codes: headings bold, a broken invariant and an unreachable
   * outcome red, invariants that hold and outcomes reached green, notices (a partial search) yellow, the
   * figures, the moves of each path and what the bound left open dim. Off by default; the CLI turns it
   * on for a terminal.
   */
  readonly colour?: boolean | undefined;
}

/**
 * Render an exploration as text or Markdown (the same lines; Markdown adds headings).
 *
 * @example
 * ```ts
 * const result = explore(scenario, { actors: ['france'], depth: 2 });
 * console.log(renderExplore(result, { seconds: 0.1 }, new Map(), 'text', { width: 100, colour: true }));
 * ```
 */
export function renderExplore(
  r: ExploreResult,
  figures: ExploreFigures,
  files: ReadonlyMap<string, string> = new Map(),
  format: 'text' | 'md' = 'text',
  options: ExploreRenderOptions = {},
): string {
  const md = format === 'md';
  const h = (t: string): TonedLine => (md ? `## ${t}` : { text: t.toUpperCase(), tone: 'bold' });
  const toned = (tone: Tone, text: string): TonedLine => ({ text, tone });
  const perSecond = figures.seconds > 0 ? Math.round(r.states / figures.seconds) : r.states;
  const titleLine = `Exploring ${r.scenario.title}${r.scenario.whatIf ? ` (what-if ${r.scenario.whatIf})` : ''}`;
  const lines: TonedLine[] = [
    md ? `# ${mdText(titleLine)}` : toned('bold', titleLine),
    '',
    toned(
      'dim',
      `Moves tried in each state: ${n(r.alphabet)}, by ${r.movers.join(', ')}, the scenario's injects, and the end of a day.`,
    ),
    toned(
      'dim',
      `States: ${n(r.states)} · edges: ${n(r.edges)} · deepest: ${moves(r.depth)} · ${n(perSecond)} states/s in ${figures.seconds.toFixed(1)} s${
        r.workers > 1 ? ` on ${r.workers} worker threads` : r.shards > 1 ? ` in ${r.shards} shards` : ''
      }${figures.rssBytes ? ` · peak memory ${Math.round(figures.rssBytes / 2 ** 20)} MB` : ''}`,
    ),
  ];
  if (r.symmetry.length > 0)
    lines.push(
      toned(
        'dim',
        `Interchangeable, explored as one: ${r.symmetry.map((c) => c.join(' = ')).join('; ')}. States differing only by swapping them count once (--no-symmetry counts them apart).`,
      ),
    );
  if (r.bound === 'max-states')
    lines.push(
      toned(
        'yellow',
        `NOTICE: stopped at --max-states ${n(r.limits.maxStates)}: the space is larger. What was not found may still be reachable; raise --max-states, lower --depth or narrow --actors.`,
      ),
    );
  else if (r.bound === 'stopped')
    lines.push(
      toned(
        'yellow',
        `NOTICE: the search was stopped (--max-seconds, or an interrupt) after ${n(r.states)} states: this report is partial. What was not found may still be reachable.`,
      ),
    );
  else if (r.bound === 'depth')
    lines.push(
      toned(
        'yellow',
        `NOTICE: looked no further than --depth ${r.limits.depth} moves: paths longer than that were not followed.`,
      ),
    );
  else lines.push('Every reachable state was seen: "unreachable" below is a proof, not a guess.');
  lines.push('', h('Invariants'));
  if (r.violations.length === 0)
    lines.push(
      toned(
        'green',
        `  All hold in every state found (${r.invariantsChecked.join(', ')}${r.invariantsChecked.length ? ' and ' : ''}the scenario's own).`,
      ),
    );
  const path = (p: ExplorePath) => pathLines(p).map((l) => toned('dim', l));
  for (const v of r.violations) {
    lines.push(
      toned('red', `  BROKEN ${v.invariant}: ${v.text}`),
      `    ${v.detail}`,
      `    shortest path: ${moves(v.path.moves.length)} over ${days(v.path.days)}`,
    );
    lines.push(...path(v.path));
    const file = files.get(`violation:${v.invariant}`);
    if (file) lines.push(`    replay: auspices run ${file}`);
  }
  lines.push('', h('Outcomes'));
  for (const o of r.outcomes) {
    if (o.reachable === true && o.path) {
      lines.push(
        toned(
          'green',
          `  reachable   ${o.id}: ${o.text} (shortest: ${moves(o.path.moves.length)}, ${days(o.path.days)})`,
        ),
      );
      lines.push(...path(o.path));
      const file = files.get(`outcome:${o.id}`);
      if (file) lines.push(`    replay: auspices run ${file}`);
    } else if (o.reachable === false) lines.push(toned('red', `  unreachable ${o.id}: ${o.text}`));
    else lines.push(toned('dim', `  not found   ${o.id}: ${o.text} (within the bound)`));
  }
  lines.push('', h('Region states'), toned('green', `  reached: ${r.regionStates.reached.join(', ')}`));
  if (r.regionStates.unreached.length > 0)
    lines.push(
      r.bound === null
        ? toned('red', `  unreachable: ${r.regionStates.unreached.join(', ')}`)
        : toned('dim', `  not reached: ${r.regionStates.unreached.join(', ')}`),
    );
  // In Markdown, every line but the headings holds text from the scenario: escaped, never markup.
  if (md)
    return `${lines
      .map(lineText)
      .map((l) => (l.startsWith('#') ? l : mdText(l)))
      .join('\n')}\n`;
  if (options.width === undefined && options.colour !== true) return `${lines.map(lineText).join('\n')}\n`;
  return `${fitToned(lines, options.width === undefined ? Number.POSITIVE_INFINITY : textWidth(options.width), options.colour === true)}\n`;
}

/** The result as JSON: figures, violations and outcomes with their paths (moves), without replays. */
export function exploreJson(
  r: ExploreResult,
  figures: ExploreFigures,
  files: ReadonlyMap<string, string>,
  question?: QuestionAnswer,
  options: { readonly timing?: boolean } = {},
): string {
  const path = (p: ExplorePath | null) => p && { moves: p.moves, days: p.days };
  return `${JSON.stringify(
    {
      format: 'auspices.explore',
      formatVersion: 1,
      scenario: r.scenario,
      ...(question ? { question } : {}),
      states: r.states,
      edges: r.edges,
      depth: r.depth,
      bound: r.bound,
      limits: r.limits,
      movers: r.movers,
      alphabet: r.alphabet,
      invariantsChecked: r.invariantsChecked,
      violations: r.violations.map((v) => ({
        invariant: v.invariant,
        text: v.text,
        detail: v.detail,
        builtIn: v.builtIn,
        path: path(v.path),
        file: files.get(`violation:${v.invariant}`) ?? null,
      })),
      outcomes: r.outcomes.map((o) => ({
        id: o.id,
        text: o.text,
        reachable: o.reachable,
        path: path(o.path),
        file: files.get(`outcome:${o.id}`) ?? null,
      })),
      regionStates: r.regionStates,
      fieldValues: r.fieldValues,
      verdicts: r.verdicts,
      // Only for a search on several threads or in several shards, whose paths may differ from run to run (not their lengths).
      ...(r.symmetry.length > 0 ? { symmetry: r.symmetry.map((c) => [...c]) } : {}),
      ...(r.workers > 1 ? { workers: r.workers } : {}),
      ...(r.shards > 1 ? { shards: r.shards } : {}),
      // What differs from one exploration to the next of the same file, only when asked for.
      ...(options.timing
        ? {
            timing: {
              seconds: figures.seconds,
              statesPerSecond: figures.seconds > 0 ? Math.round(r.states / figures.seconds) : null,
              rssBytes: figures.rssBytes ?? null,
            },
          }
        : {}),
    },
    null,
    2,
  )}\n`;
}

/** The graph of the states found, as Graphviz DOT or JSON. */
export function renderExploreGraph(graph: ExploreGraph, format: 'dot' | 'json'): string {
  if (format === 'json') return `${JSON.stringify(graph)}\n`;
  const q = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  const lines = ['digraph explored {', '  rankdir=LR;', '  node [shape=box, fontsize=9];'];
  for (const node of graph.nodes)
    lines.push(
      `  s${node.id} [label=${q(`#${node.id} (depth ${node.depth})\n${node.regions.split(' ').join('\n')}`)}];`,
    );
  for (const e of graph.edges)
    lines.push(
      `  s${e.from} -> s${e.to} [label=${q(e.move.type === 'clock.dayElapsed' ? 'day ends' : `${e.move.by} ${e.move.type}`)}];`,
    );
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
