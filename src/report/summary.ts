import type { WorldContext } from '../model/context.js';
import { namer } from '../regions/queries.js';
import { scenarioWorld } from '../scenario/world.js';
import type { RunResult } from '../sim/run-scenario.js';

/** The outcome of a run as labelled sentences: which story states were reached. */
export function summaryLines(result: RunResult): [label: string, text: string][] {
  const ctx: WorldContext = result.world.context;
  const n = namer(ctx);
  const list = (ids: readonly string[]) => (ids.length ? ids.map((id) => n(id)).join(', ') : 'none');
  const { story, outcomes } = result.outcome;
  const lines: [string, string][] = [];
  const world = scenarioWorld(result.scenario.data);
  const label = (alias: string) => world.track(alias)?.label ?? alias;
  const t = story.talks;
  if (t) {
    const talks =
      t.state === 'convened' || t.state === 'settled'
        ? `${t.state} under ${n(t.convenedUnder?.format)} (mediators: ${list(t.convenedUnder?.mediators ?? [])})`
        : `${t.state}${t.urgedBy.length ? ` (urged by ${list(t.urgedBy)}${t.urgedUnder ? ` under ${n(t.urgedUnder)}` : ''})` : ''}${t.everConvened ? '; convened earlier in the run' : '; never convened'}`;
    lines.push([label('talks'), talks]);
  }
  for (const [format, side] of Object.entries(story.sideTalks ?? {})) {
    const text =
      side.state === 'convened' || side.state === 'settled'
        ? `${side.state} (mediators: ${list(side.convenedUnder?.mediators ?? [])})`
        : `${side.state}${side.urgedBy.length ? ` (urged by ${list(side.urgedBy)})` : ''}${side.everConvened ? '; convened earlier in the run' : '; never convened'}`;
    lines.push([label(`talks.${format}`), text]);
  }
  const f = story.format;
  if (f) {
    const mediators = ctx.formats[f.active]?.mediators ?? [];
    lines.push([
      'Format',
      `${n(f.active)}${f.replaced ? ' (replaced the original format)' : ''}, mandate ${f.mandate}; mediators: ${list(mediators)}`,
    ]);
    lines.push([
      'Composition',
      `${f.composition}; excluded: ${list(f.excluded)}; demands: ${
        f.exclusionDemands.length
          ? f.exclusionDemands.map((d) => `${n(d.by)} against ${n(d.mediator)}`).join('; ')
          : 'none'
      }`,
    ]);
    lines.push(['At the table', `joined: ${list(f.joined)}; left: ${list(f.left)}`]);
    lines.push([
      'Rival formats',
      f.openProposals.length
        ? `open: ${f.openProposals.map((p) => `${n(p.format)} (${n(p.by)})`).join('; ')}`
        : `none open${f.everContested ? ' (the format was contested during the run)' : ''}`,
    ]);
  }
  if (story.status !== undefined) lines.push([label('status'), story.status]);
  if (story.access)
    lines.push([
      label('access'),
      `${story.access.state}${story.access.requested ? '' : ' (never requested)'}; granted by: ${list(story.access.grants)}`,
    ]);
  if (story.ceasefire)
    lines.push([
      label('hostilities'),
      `${story.ceasefire.state}; ${story.ceasefire.violations} violation(s)${story.ceasefire.collapsed ? '; it collapsed into war during the run' : ''}`,
    ]);
  if (story.monitoring !== undefined) lines.push([label('monitoring'), story.monitoring]);
  if (story.recognitions)
    lines.push([
      'Recognitions',
      story.recognitions.length
        ? story.recognitions.map((r) => `${n(r.by)} recognises ${n(r.entity)}`).join('; ')
        : 'none',
    ]);
  for (const [id, state] of Object.entries(story.custom ?? {}))
    lines.push([world.track(id)?.label ?? id, state]);
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
