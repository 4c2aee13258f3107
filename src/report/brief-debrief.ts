import type { RunResult } from '../sim/run-scenario.js';
import { esc, sourceLink } from './brief-html.js';
import { replayToken } from './render.js';
import { summaryLines } from './summary.js';

/**
 * The debrief sheet: the hot-wash questions with room for answers, then, from a new page, the pack's
 * record of what history did beside what the run produced (its outcome, as `auspices run` prints it).
 */
export function debriefBody(run: RunResult, title: string): string {
  const data = run.scenario.data;
  const questions = data.debrief?.hotWash ?? [];
  const record = data.debrief?.record ?? [];
  const whatIf = run.scenario.whatIf;
  const history =
    record.length > 0
      ? `<ul>${record.map((r) => `<li>${esc(r.text)} <span class="meta">(${sourceLink(r.source)})</span></li>`).join('')}</ul>`
      : '<p>This pack records no history for the debrief (<code>debrief.record</code>).</p>';
  const produced = `<dl>${summaryLines(run)
    .map(([label, text]) => `<dt>${esc(label)}</dt><dd>${esc(text)}</dd>`)
    .join('')}</dl>`;
  const branch = whatIf
    ? `<p class="note">This run is the what-if <strong>${esc(data.whatIfs[whatIf]?.title ?? whatIf)}</strong>; the record is what history did.</p>`
    : '';
  return `<section class="part">
<h1>Debrief: ${esc(title)}</h1>
<h2>Hot wash</h2>
${
  questions.length > 0
    ? `<ol>${questions.map((q) => `<li><p>${esc(q)}</p><div class="answer"></div><div class="answer"></div></li>`).join('')}</ol>`
    : '<p>This pack has no hot-wash questions (<code>debrief.hotWash</code>).</p>'
}
</section>
<section class="part">
<h2>Your run against the record</h2>
${branch}
<table>
<thead><tr><th scope="col">What history did</th><th scope="col">What the run produced</th></tr></thead>
<tbody><tr><td>${history}</td><td>${produced}</td></tr></tbody>
</table>
<p class="meta">The run is the scenario replayed with its own seed (replay <code>${esc(replayToken(run))}</code>); <code>auspices run</code> prints its timeline.</p>
</section>`;
}
