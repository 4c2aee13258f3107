import type { TraceEntry } from '../agents/trace.js';
import { ruleOf } from '../machines/compose-world.js';
import type { WorldContext } from '../model/context.js';
import type { PlaySession } from '../play/play.js';
import { namer } from '../regions/queries.js';
import { scenarioWorld } from '../scenario/world.js';
import { humanDate } from '../sim/calendar.js';
import { mdLink, mdText } from './markdown.js';
import { moveText } from './play-news.js';

/** What one side did on one day: a move, accepted or refused with its rule. */
export interface AfterActionMove {
  readonly text: string;
  readonly accepted: boolean;
  readonly refusal?: { readonly rule: string; readonly reason: string } | undefined;
  readonly changes: readonly string[];
}

/** What the played actor did in the scenario as written on one day: an inject (with sources) or a policy rule. */
export interface AfterActionRecord {
  /** The inject's text, or the move's sentence for a policy move. */
  readonly text: string;
  readonly moves: readonly AfterActionMove[];
  readonly sources: readonly string[];
  readonly framing?: string | undefined;
  readonly hypothetical: boolean;
  /** For a policy move: the scenario's rule behind it. */
  readonly rule?: string | undefined;
}

/** One day on which the player moved or the record has the actor act. */
export interface AfterActionDay {
  readonly day: number;
  readonly date: string;
  /** The player's moves; empty for a day passed. */
  readonly player: readonly AfterActionMove[];
  /** What the actor did that day in the scenario as written, on the same seed. */
  readonly history: readonly AfterActionRecord[];
}

/**
 * The after-action summary of a game: the player's choices day by day beside the played actor's record,
 * the scenario's named outcomes and the region states in the game and in history on the same day, and
 * the refusals the player met.
 */
export interface AfterAction {
  readonly title: string;
  readonly actor: { readonly id: string; readonly name: string };
  readonly seed: number;
  readonly engine: string;
  readonly start: string;
  /** The last day played (the start date if none was). */
  readonly through: string;
  readonly daysPlayed: number;
  readonly finished: boolean;
  readonly days: readonly AfterActionDay[];
  /** Days played on which neither the player nor the record has the actor move. */
  readonly quietDays: number;
  readonly outcomes: readonly {
    readonly id: string;
    readonly text: string;
    readonly played: boolean;
    readonly history: boolean;
  }[];
  readonly regions: readonly { readonly region: string; readonly played: string; readonly history: string }[];
  readonly refusals: readonly {
    readonly date: string;
    readonly text: string;
    readonly rule: string;
    readonly ruleText: string;
    readonly reason: string;
  }[];
}

function asMove(e: TraceEntry, ctx: WorldContext): AfterActionMove {
  return {
    text: moveText(e.move, ctx),
    accepted: e.accepted,
    ...(e.refusal ? { refusal: { rule: e.refusal.rule, reason: e.refusal.reason } } : {}),
    changes: e.changes.map((c) => `${c.region}: ${c.from} → ${c.to}`),
  };
}

/** The actor's moves of one day in a trace, grouped by inject (or one per policy move). */
function recordOfDay(
  entries: readonly TraceEntry[],
  ctx: WorldContext,
  hypothetical: ReadonlySet<string>,
): AfterActionRecord[] {
  const out: (AfterActionRecord & { id?: string })[] = [];
  for (const e of entries) {
    const last = out.at(-1);
    if (e.inject && last?.id === e.inject.id) {
      (last.moves as AfterActionMove[]).push(asMove(e, ctx));
      continue;
    }
    out.push({
      ...(e.inject ? { id: e.inject.id } : {}),
      text: e.inject?.text ?? moveText(e.move, ctx),
      moves: [asMove(e, ctx)],
      sources: e.inject?.sources ?? [],
      ...(e.inject?.framing ? { framing: e.inject.framing } : {}),
      hypothetical: e.inject !== undefined && hypothetical.has(e.inject.id),
      ...(e.policy?.rule ? { rule: e.policy.rule } : {}),
    });
  }
  return out.map(({ id: _id, ...r }) => r);
}

/**
 * Compare a game with the scenario as written: what the player did each day beside what the played actor
 * did in history (its injects, with sources, and its policy's moves), the outcomes and regions on the last
 * day played, and every refusal the player met.
 *
 * @example
 * ```ts
 * const summary = afterAction(session);
 * console.log(renderAfterAction(summary, 'text'));
 * ```
 */
export function afterAction(session: PlaySession): AfterAction {
  const played = session.result();
  const history = session.history();
  const ctx = played.world.context;
  const n = namer(ctx);
  const actor = session.actor;
  const data = session.scenario.data;
  const world = scenarioWorld(data);
  const daysPlayed = session.turns.length;
  const mine = (trace: readonly TraceEntry[], day: number) =>
    trace.filter((e) => e.day === day && e.move.by === actor);
  const invented = new Set(data.injects.filter((i) => i.hypothetical).map((i) => i.id));
  const days: AfterActionDay[] = [];
  for (const turn of session.turns) {
    const player = mine(played.trace, turn.day).map((e) => asMove(e, ctx));
    const record = recordOfDay(mine(history.trace, turn.day), ctx, invented);
    if (player.length || record.length)
      days.push({ day: turn.day, date: turn.date, player, history: record });
  }
  const outcomes = played.outcome.outcomes.map((o) => ({
    id: o.id,
    text: o.text,
    played: o.reached,
    history: history.outcome.outcomes.find((h) => h.id === o.id)?.reached ?? false,
  }));
  const regions = Object.entries(played.outcome.regions).map(([region, state]) => ({
    region,
    played: state,
    history: history.outcome.regions[region] ?? '',
  }));
  const refusals = played.trace
    .filter((e) => !e.accepted && e.move.by === actor && e.origin === 'policy' && e.refusal)
    .map((e) => ({
      date: e.date,
      text: moveText(e.move, ctx),
      rule: e.refusal!.rule,
      ruleText: ruleOf(e.refusal!.rule, world).text,
      reason: e.refusal!.reason,
    }));
  const whatIf = session.scenario.whatIf;
  return {
    title: `${data.title}${whatIf ? ` — what if: ${data.whatIfs[whatIf]?.title ?? whatIf}` : ''}`,
    actor: { id: actor, name: n(actor) },
    seed: session.seed,
    engine: session.engine,
    start: data.calendar.start,
    through: session.turns.at(-1)?.date ?? data.calendar.start,
    daysPlayed,
    finished: session.finished,
    days,
    quietDays: daysPlayed - days.length,
    outcomes,
    regions,
    refusals,
  };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function moveLines(m: AfterActionMove, indent: string): string[] {
  const out = [`${m.accepted ? '' : '✗ '}${m.text}`];
  if (m.refusal) out.push(`${indent}refused under ${m.refusal.rule}: ${m.refusal.reason}`);
  if (m.changes.length) out.push(`${indent}→ ${m.changes.join('; ')}`);
  return out;
}

function text(a: AfterAction): string {
  const out = [
    `After action: you played ${a.actor.name}`,
    a.title,
    `${humanDate(a.start)} to ${humanDate(a.through)} · ${a.daysPlayed} day${a.daysPlayed === 1 ? '' : 's'} played${a.finished ? ', to the end' : ', not finished'} · seed ${a.seed} · engine ${a.engine}`,
    '',
    `Day by day: your moves beside the record (the scenario as written, same seed)`,
  ];
  const pad = '             ';
  for (const d of a.days) {
    out.push(`  ${humanDate(d.date)}`);
    const mine = d.player.flatMap((m, k) =>
      moveLines(m, pad).map((l, i) => (i === 0 && k > 0 ? pad + l : l)),
    );
    out.push(...(mine.length ? mine : ['passed']).map((l, i) => (i === 0 ? `    you      ${l}` : l)));
    const record = d.history.flatMap((r, k) => [
      `${k > 0 ? pad : ''}${r.text}${r.hypothetical ? ' (hypothetical, in this what-if)' : ''}${r.rule ? ` (the scenario's rule ${r.rule})` : ''}`,
      ...(r.framing ? [`${pad}[${r.framing}]`] : []),
      ...r.moves.flatMap((m) =>
        r.moves.length > 1 || !m.accepted ? moveLines(m, `${pad}  `).map((l) => `${pad}· ${l}`) : [],
      ),
      ...r.sources.map((s) => `${pad}source: ${s}`),
    ]);
    out.push(...(record.length ? record : ['—']).map((l, i) => (i === 0 ? `    history  ${l}` : l)));
  }
  if (a.days.length === 0) out.push('  (no moves by you or by the record)');
  if (a.quietDays > 0)
    out.push(
      `  On the other ${a.quietDays} day${a.quietDays === 1 ? '' : 's'} you passed, as the record did.`,
    );
  out.push('', `Outcomes on ${humanDate(a.through)} (≠ marks a difference)`);
  const w = Math.max(...a.outcomes.map((o) => o.text.length), 'your game'.length);
  out.push(`    ${''.padEnd(w)}  your game  history`);
  const yn = (b: boolean) => (b ? 'yes' : 'no');
  for (const o of a.outcomes)
    out.push(
      `  ${o.played === o.history ? ' ' : '≠'} ${o.text.padEnd(w)}  ${yn(o.played).padEnd(9)}  ${yn(o.history)}`,
    );
  out.push('', 'Regions');
  const rw = Math.max(...a.regions.map((r) => r.region.length));
  const pw = Math.max(...a.regions.map((r) => r.played.length), 'your game'.length);
  out.push(`    ${''.padEnd(rw)}  ${'your game'.padEnd(pw)}  history`);
  for (const r of a.regions)
    out.push(
      `  ${r.played === r.history ? ' ' : '≠'} ${r.region.padEnd(rw)}  ${r.played.padEnd(pw)}  ${r.history}`,
    );
  out.push('', 'Refusals you met');
  if (a.refusals.length === 0) out.push('  none');
  for (const r of a.refusals) {
    out.push(`  ${humanDate(r.date)}  ✗ ${r.text}`);
    out.push(`    ${r.rule}: ${r.ruleText}`, `    ${capitalise(r.reason)}`);
  }
  return `${out.join('\n')}\n`;
}

/** The summary as Markdown; every text from the scenario is escaped, sources linked only if http(s). */
function markdown(a: AfterAction): string {
  const moves = (ms: readonly AfterActionMove[]) =>
    ms.length
      ? ms
          .map((m) =>
            m.accepted
              ? mdText(m.text)
              : `~~${mdText(m.text)}~~ (refused under ${mdText(m.refusal?.rule ?? '')}: ${mdText(m.refusal?.reason ?? '')})`,
          )
          .join('; ')
      : '_passed_';
  const out = [
    `# After action: you played ${mdText(a.actor.name)}`,
    '',
    `_${mdText(`${a.title} · ${humanDate(a.start)} to ${humanDate(a.through)} · ${a.daysPlayed} days played${a.finished ? ', to the end' : ', not finished'} · seed ${a.seed}`)}_`,
    '',
    '| date | you | history | sources |',
    '|---|---|---|---|',
  ];
  for (const d of a.days) {
    const record = d.history.length
      ? d.history
          .map(
            (r) =>
              `${mdText(r.text)}${r.hypothetical ? ' _(hypothetical)_' : ''}${r.rule ? ` _(rule ${mdText(r.rule)})_` : ''}`,
          )
          .join('; ')
      : '—';
    const sources = d.history
      .flatMap((r) => r.sources)
      .map((s, i) => mdLink(String(i + 1), s))
      .join(' ');
    out.push(`| ${humanDate(d.date)} | ${moves(d.player)} | ${record} | ${sources} |`);
  }
  out.push(
    '',
    `## Outcomes on ${humanDate(a.through)}`,
    '',
    '| outcome | your game | history |',
    '|---|---|---|',
  );
  const yn = (b: boolean) => (b ? 'yes' : 'no');
  for (const o of a.outcomes)
    out.push(
      `| ${o.played === o.history ? '' : '≠ '}${mdText(o.text)} | ${yn(o.played)} | ${yn(o.history)} |`,
    );
  out.push('', '## Regions', '', '| region | your game | history |', '|---|---|---|');
  for (const r of a.regions)
    out.push(
      `| ${r.played === r.history ? '' : '≠ '}${mdText(r.region)} | ${mdText(r.played)} | ${mdText(r.history)} |`,
    );
  out.push('', '## Refusals you met', '');
  if (a.refusals.length === 0) out.push('None.');
  for (const r of a.refusals)
    out.push(
      `- ${humanDate(r.date)}: ~~${mdText(r.text)}~~, refused under **${mdText(r.rule)}** (${mdText(r.ruleText)}): ${mdText(r.reason)}`,
    );
  return `${out.join('\n')}\n`;
}

/** The after-action summary as text (the terminal) or Markdown. */
export function renderAfterAction(summary: AfterAction, format: 'text' | 'md' = 'text'): string {
  return format === 'md' ? markdown(summary) : text(summary);
}
