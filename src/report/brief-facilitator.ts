import type { World } from '../machines/compose-world.js';
import type { WorldContext } from '../model/context.js';
import { namer } from '../regions/queries.js';
import { initialContext } from '../scenario/initial-world.js';
import type { Contingency, Inject, Move, ScenarioData } from '../scenario/schema.js';
import { scenarioWorld } from '../scenario/world.js';
import { humanDate } from '../sim/calendar.js';
import { capitalise, esc, inline, list, sourceLink } from './brief-html.js';

/** What the facilitator's list says about each move: the narration's sentence for it. */
function moveSentences(world: World, ctx: WorldContext, moves: Move | Move[], owner: string): string[] {
  return (Array.isArray(moves) ? moves : [moves]).map((m) =>
    capitalise(world.describe({ ...m, by: m.by ?? owner }, ctx)),
  );
}

function sources(inject: { source?: string | undefined; sources?: readonly string[] | undefined }): string {
  const all = [...(inject.source ? [inject.source] : []), ...(inject.sources ?? [])];
  if (all.length === 0) return '<p class="meta">Hypothetical: no source (invented for this exercise).</p>';
  return `<p class="meta">Source: ${all.map(sourceLink).join(' · ')}</p>`;
}

/** The learning objectives named, each with its text. */
function objectivesOf(data: ScenarioData, ids: readonly string[] | undefined): string {
  if (!ids || ids.length === 0) return '';
  const all = data.facilitator?.objectives ?? {};
  const items = ids.map((id) => `<li><strong>${esc(id)}</strong>: ${esc(all[id] ?? '')}</li>`);
  return `<p class="meta">Learning objectives:</p><ul>${items.join('')}</ul>`;
}

function injectCard(data: ScenarioData, world: World, ctx: WorldContext, inject: Inject, n: number): string {
  const name = namer(ctx);
  const when = inject.date
    ? esc(humanDate(inject.date))
    : `Conditional: on the first day that <code>${esc(inline(inject.when))}</code> holds`;
  const note = data.facilitator?.injects?.[inject.id];
  const expect = note?.expect?.length
    ? `<p class="meta">Expected player actions:</p>${list(note.expect)}`
    : '<p class="meta">Expected player actions: none noted.</p>';
  return `<article class="card" id="inject-${esc(inject.id)}">
<h3>${n}. ${when} · ${esc(capitalise(name(inject.by)))}</h3>
<p>${esc(inject.text)}${inject.framing ? ` <em>(${esc(inject.framing)})</em>` : ''}</p>
<p class="meta">In the simulation (<code>${esc(inject.id)}</code>):</p>
${list(moveSentences(world, ctx, inject.do, inject.by))}
${sources(inject)}
${expect}
${objectivesOf(data, note?.objectives)}
</article>`;
}

function contingencyCard(
  data: ScenarioData,
  world: World,
  ctx: WorldContext,
  c: Contingency,
  n: number,
): string {
  return `<article class="card" id="contingency-${esc(c.id)}">
<h3>C${n}. ${esc(capitalise(namer(ctx)(c.by)))} (<code>${esc(c.id)}</code>)</h3>
<p><strong>Release when:</strong> ${esc(c.use)}</p>
<p>${esc(c.text)}</p>
<p class="meta">In the simulation:</p>
${list(moveSentences(world, ctx, c.do, c.by))}
${sources(c)}
${objectivesOf(data, c.objectives)}
</article>`;
}

/**
 * The facilitator's inject list: the learning objectives, then every inject in the order it fires (dated
 * ones by date, then conditional ones), each with its date, actor, text, its moves in words, its sources,
 * the players' expected actions and the objectives it serves; then, from a new page, the contingency
 * injects the facilitator may release.
 */
export function facilitatorBody(data: ScenarioData, title: string, hasBriefs: boolean): string {
  const world = scenarioWorld(data);
  const ctx = initialContext(data);
  const objectives = Object.entries(data.facilitator?.objectives ?? {});
  const dated = data.injects
    .filter((i) => i.date !== undefined)
    .sort((a, b) => (a.date! < b.date! ? -1 : a.date! > b.date! ? 1 : 0));
  const conditional = data.injects.filter((i) => i.date === undefined);
  const cards = [...dated, ...conditional].map((inject, i) => injectCard(data, world, ctx, inject, i + 1));
  const contingency = (data.facilitator?.contingency ?? []).map((c, i) =>
    contingencyCard(data, world, ctx, c, i + 1),
  );
  return `<section class="part">
<h1>Facilitator's inject list: ${esc(title)}</h1>
<p class="stamp">For the facilitator only</p>
${hasBriefs ? '' : '<p class="note">This pack has no role briefs (<code>briefs:</code>); the list below is built from its injects.</p>'}
<h2>Learning objectives</h2>
${
  objectives.length > 0
    ? `<dl>${objectives.map(([id, text]) => `<dt>${esc(id)}</dt><dd>${esc(text)}</dd>`).join('')}</dl>`
    : '<p>This pack declares no learning objectives (<code>facilitator.objectives</code>).</p>'
}
<h2>Master scenario events list</h2>
<p class="meta">${cards.length} inject${cards.length === 1 ? '' : 's'}, in the order they fire; injects of one day fire in file order.</p>
${cards.length > 0 ? cards.join('\n') : '<p>This pack has no injects.</p>'}
</section>
<section class="part">
<h2>Contingency injects</h2>
<p class="meta">Release one to steer play; none of them happens unless you release it.</p>
${contingency.length > 0 ? contingency.join('\n') : '<p>This pack has no contingency injects (<code>facilitator.contingency</code>).</p>'}
</section>`;
}
