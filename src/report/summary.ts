import type { WorldContext } from '../model/context.js';
import { namer } from '../regions/queries.js';
import type { SummaryInput } from '../regions/story.js';
import { scenarioWorld } from '../scenario/world.js';
import { byRank } from '../sim/outcome.js';
import type { RunResult } from '../sim/run-scenario.js';

/**
 * The outcome of a run as labelled sentences: each region module's lines (in the order of their
 * ranks), the custom regions' end states, the scenario's outcomes, broken invariants and the moves.
 */
export function summaryLines(result: RunResult): [label: string, text: string][] {
  const ctx: WorldContext = result.world.context;
  const n = namer(ctx);
  const { story, outcomes } = result.outcome;
  const world = scenarioWorld(result.scenario.data);
  const input: SummaryInput = {
    story,
    context: ctx,
    n,
    label: (alias) => world.track(alias)?.label ?? alias,
    list: (ids) => (ids.length ? ids.map((id) => n(id)).join(', ') : 'none'),
  };
  const lines: [string, string][] = [];
  for (const m of byRank(world.modules)) if (m.summary) lines.push(...m.summary.lines(input));
  for (const [id, state] of Object.entries(story.custom ?? {})) lines.push([input.label(id), state]);
  for (const o of outcomes) lines.push([o.reached ? 'Reached' : 'Not reached', o.text]);
  for (const v of result.outcome.violations)
    lines.push(['INVARIANT BROKEN', `${v.invariant}: ${v.text} (day ${v.day}, move ${v.seq})`]);
  const m = result.outcome.moves;
  const byRule = Object.entries(m.refusedByRule)
    .map(([r, c]) => `${r}×${c}`)
    .join(', ');
  lines.push([
    'Moves',
    `${m.total} attempted, ${m.accepted} accepted, ${m.refused} refused${byRule ? ` (${byRule})` : ''}`,
  ]);
  return lines;
}
