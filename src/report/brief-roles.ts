import type { Brief } from '../scenario/schema.js';
import { humanDate } from '../sim/calendar.js';
import { capitalise, esc, list, paragraphs, sourceLink } from './brief-html.js';

/** A role with a brief: the actor's id and name, and the brief. */
export interface RoleBrief {
  readonly id: string;
  readonly name: string;
  readonly brief: Brief;
}

/** The file of a role's brief: `role-<actor id>.html` (actor ids are lower-case letters, digits, `-` and `.`). */
export function roleFileName(id: string): string {
  return `role-${id.replace(/[^a-z0-9.-]/gi, '-')}.html`;
}

function quotes(brief: Brief): string {
  const items = brief.confidential?.quotes ?? [];
  if (items.length === 0) return '';
  const quoted = items.map(
    (q) =>
      `<blockquote><p>“${esc(q.text)}”</p><p class="meta">${esc(q.by)}, ${esc(humanDate(q.date))} · ${sourceLink(q.source)}</p></blockquote>`,
  );
  return `<h3>In their own words</h3>\n${quoted.join('\n')}`;
}

/** The sections of the confidential brief that the pack fills in, each under its heading. */
function confidential(brief: Brief): string {
  const c = brief.confidential ?? {};
  const sections: string[] = [];
  const section = (title: string, items: readonly string[] | undefined, ordered = false) => {
    if (items && items.length > 0) sections.push(`<h3>${esc(title)}</h3>\n${list(items, ordered)}`);
  };
  section('Interests', c.interests);
  section('Red lines', c.redLines);
  section('Levers', c.levers);
  const q = quotes(brief);
  if (q) sections.push(q);
  section('Decisions you will face', c.decisions, true);
  if (sections.length === 0) sections.push('<p>This pack gives this role no confidential brief.</p>');
  return sections.join('\n');
}

/**
 * One role's brief: the public brief on the first page, then, from a new page, the confidential brief and
 * the role's objectives, stamped for its player only.
 */
export function roleBody(role: RoleBrief): string {
  const name = capitalise(role.name);
  const objectives = role.brief.objectives ?? [];
  return `<section class="part public">
<h1>Role brief: ${esc(name)}</h1>
<h2>Public brief</h2>
<p class="meta">Every player may read this part.</p>
${paragraphs(role.brief.public)}
</section>
<section class="part confidential">
<p class="stamp">Confidential: for ${esc(role.name)} only</p>
<h2>Confidential brief: ${esc(name)}</h2>
${confidential(role.brief)}
<h2>Your objectives</h2>
${objectives.length > 0 ? list(objectives, true) : '<p>This pack sets this role no objectives.</p>'}
</section>`;
}

/** Every role's public brief on one sheet, for every player. */
export function publicBody(roles: readonly RoleBrief[], title: string): string {
  const entries = roles.map(
    (r) => `<section class="role">
<h2>${esc(capitalise(r.name))}</h2>
${paragraphs(r.brief.public)}
</section>`,
  );
  return `<section class="part">
<h1>Public briefs: ${esc(title)}</h1>
<p class="meta">What every player may read about every role.</p>
${entries.join('\n')}
</section>`;
}
