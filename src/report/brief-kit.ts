import { humanDate } from '../sim/calendar.js';
import type { RunResult } from '../sim/run-scenario.js';
import { debriefBody } from './brief-debrief.js';
import { facilitatorBody } from './brief-facilitator.js';
import { esc, page } from './brief-html.js';
import { publicBody, type RoleBrief, roleBody, roleFileName } from './brief-roles.js';
import { replayToken } from './render.js';

/** One file of the trainer's kit. */
export interface BriefFile {
  /** The file name, e.g. `role-france.html`. */
  readonly name: string;
  /** Who the file is for and what it holds, in a line (the index lists it). */
  readonly purpose: string;
  /** The whole page: self-contained HTML with a print stylesheet. */
  readonly html: string;
}

/** Options of `briefKit`. */
export interface BriefKitOptions {
  /** Write the brief of this role only (an actor id with a brief); the shared sheets are written anyway. */
  readonly as?: string | undefined;
}

/** The roles of a scenario that have a brief, in the order of `briefs:`. */
function rolesWithBriefs(run: RunResult): RoleBrief[] {
  const data = run.scenario.data;
  return Object.entries(data.briefs ?? {}).map(([id, brief]) => ({
    id,
    name: data.actors[id]?.name ?? id,
    brief,
  }));
}

function indexBody(run: RunResult, title: string, files: readonly BriefFile[], roles: number): string {
  const d = run.scenario.data;
  const whatIf = run.scenario.whatIf;
  const rows = files.map(
    (f) => `<tr><td><a href="${esc(f.name)}">${esc(f.name)}</a></td><td>${esc(f.purpose)}</td></tr>`,
  );
  return `<section class="part">
<h1>Trainer's kit: ${esc(title)}</h1>
<dl>
<dt>Scenario</dt><dd>${esc(d.title)} (<code>${esc(d.id)}</code>)</dd>
${whatIf ? `<dt>What-if</dt><dd>${esc(d.whatIfs[whatIf]?.title ?? whatIf)} (<code>${esc(whatIf)}</code>)</dd>` : ''}
<dt>Window</dt><dd>${esc(humanDate(d.calendar.start))} to ${esc(humanDate(d.calendar.end))}</dd>
<dt>Replay</dt><dd><code>${esc(replayToken(run))}</code></dd>
</dl>
${roles === 0 ? '<p class="note">This pack has no role briefs (<code>briefs:</code>): the kit holds the facilitator\'s inject list and the debrief sheet only.</p>' : ''}
<h2>Files</h2>
<table>
<thead><tr><th scope="col" style="width:35%">File</th><th scope="col">For whom, and what it holds</th></tr></thead>
<tbody>${rows.join('')}</tbody>
</table>
<h2>Printing</h2>
<p>Open each file in a browser and print it on A4 with the default margins. Each part starts on a new page, and links print with their address. A role brief's confidential part starts on its second page, so the first page alone can go to every player.</p>
</section>`;
}

/**
 * The trainer's kit of a run's scenario as printable HTML pages: a brief for each role with one (its
 * public brief, then its confidential brief and objectives from a new page), a public sheet with every
 * role's public brief, the facilitator's inject list with the contingency injects, a debrief sheet that
 * sets the pack's record beside what the run produced, and an index linking them. A scenario with no
 * `briefs:` still gets the inject list and the debrief sheet. Every text from the scenario is escaped.
 *
 * @example
 * ```ts
 * const run = runScenario(await loadScenario('scenarios/karabakh/format-week-2020.yaml'));
 * for (const file of briefKit(run)) console.log(file.name, file.purpose);
 * ```
 */
export function briefKit(run: RunResult, options: BriefKitOptions = {}): BriefFile[] {
  const data = run.scenario.data;
  const whatIf = run.scenario.whatIf;
  const title = whatIf ? `${data.title} (what if: ${data.whatIfs[whatIf]?.title ?? whatIf})` : data.title;
  const roles = rolesWithBriefs(run);
  if (options.as !== undefined && !roles.some((r) => r.id === options.as))
    throw new RangeError(
      `briefKit: \`${options.as}\` has no brief; roles with briefs: ${roles.map((r) => r.id).join(', ') || 'none'}`,
    );
  const files: BriefFile[] = [];
  const add = (name: string, purpose: string, part: string, body: string) =>
    files.push({
      name,
      purpose,
      html: page({ title: `${part}: ${title}`, kit: `${title} · ${part}`, body }),
    });
  for (const role of roles) {
    if (options.as !== undefined && role.id !== options.as) continue;
    add(
      roleFileName(role.id),
      `The player of ${role.name} only: the public brief, then the confidential brief and objectives`,
      `Role brief, ${role.name}`,
      roleBody(role),
    );
  }
  if (roles.length > 0)
    add('public.html', "Every player: every role's public brief", 'Public briefs', publicBody(roles, title));
  add(
    'facilitator.html',
    'The facilitator only: every inject in order, with expected player actions and learning objectives, then the contingency injects',
    "Facilitator's inject list",
    facilitatorBody(data, title, roles.length > 0),
  );
  add(
    'debrief.html',
    'The whole class, after play: hot-wash questions, and the run against the record',
    'Debrief',
    debriefBody(run, title),
  );
  const index = indexBody(run, title, files, roles.length);
  return [
    {
      name: 'index.html',
      purpose: 'The trainer: what the kit holds and how to print it',
      html: page({ title: `Trainer's kit: ${title}`, kit: title, body: index, index: true }),
    },
    ...files,
  ];
}
