import { sourceLink } from '../report/brief-html.js';
import { esc } from '../report/escape.js';
import { page, table } from '../report/html-parts.js';
import { humanDate } from '../sim/calendar.js';
import type { ExerciseReview, ReviewDecision } from './exercise-review.js';

function decisionRows(list: readonly ReviewDecision[]): string[][] {
  return list.map((d) => [
    String(d.round),
    humanDate(d.date),
    d.text,
    d.accepted === null ? 'not attempted' : d.accepted ? 'accepted' : `refused (${d.refusal ?? ''})`,
  ]);
}

/** The after-action review as one page that loads nothing: timeline, seats, outcome, debrief. */
export function renderExerciseReview(review: ExerciseReview): string {
  const x = review.exercise;
  const body: string[] = [
    `<h1>After-action review: ${esc(x.title)}</h1>`,
    `<p>Exercise ${esc(x.id)} of scenario <code>${esc(review.scenario.id)}</code>${x.whatIf ? `, what-if <code>${esc(x.whatIf)}</code>` : ''}, seed ${review.seed}: ${x.round} round${x.round === 1 ? '' : 's'} played, to ${esc(humanDate(x.date))}; ${esc(x.phase === 'ended' ? 'ended' : `still ${x.phase}`)}.</p>`,
    '<h2>Outcome</h2>',
    `<ul>${review.outcome.lines.map((l) => `<li>${esc(l)}</li>`).join('')}</ul>`,
    review.outcome.reached.length
      ? `<p><strong>Reached:</strong> ${review.outcome.reached.map(esc).join('; ')}</p>`
      : '<p>No outcome of the scenario was reached.</p>',
    review.outcome.notReached.length
      ? `<p><strong>Not reached:</strong> ${review.outcome.notReached.map(esc).join('; ')}</p>`
      : '',
    '<h2>Timeline</h2>',
    table(
      ['Date', 'Who', 'What', 'Result'],
      review.timeline.map((t) => [
        humanDate(t.date),
        t.who,
        t.kind === 'message' ? `message: ${t.text}` : t.text,
        t.accepted === undefined ? '' : t.accepted ? 'accepted' : `refused (${t.refusal ?? ''})`,
      ]),
      [],
    ),
    '<h2>Seats: decisions, the record, other exercises</h2>',
  ];
  for (const s of review.seats) {
    body.push(
      `<section class="seat" data-seat="${esc(s.id)}"><h3>${esc(s.name)}${s.joinedAs ? ` (${esc(s.joinedAs)})` : ''}</h3>`,
      s.decisions.length
        ? table(['Round', 'Date', 'Move', 'Result'], decisionRows(s.decisions), [0])
        : '<p>This seat submitted no move.</p>',
    );
    if (s.record.length)
      body.push(
        '<p><strong>The record over the same days:</strong></p>',
        `<ul>${s.record.map((r) => `<li>${esc(humanDate(r.date))}: ${esc(r.text)} ${r.sources.map(sourceLink).join(' ')}</li>`).join('')}</ul>`,
      );
    for (const o of s.others)
      body.push(
        `<p><strong>In exercise ${esc(o.exercise)} (${esc(o.title)}):</strong></p>`,
        o.decisions.length
          ? table(['Round', 'Date', 'Move', 'Result'], decisionRows(o.decisions), [0])
          : '<p>No move.</p>',
      );
    body.push('</section>');
  }
  if (review.debrief.hotWash.length || review.debrief.record.length) {
    body.push('<h2>Debrief</h2>');
    if (review.debrief.hotWash.length)
      body.push(`<ol>${review.debrief.hotWash.map((q) => `<li>${esc(q)}</li>`).join('')}</ol>`);
    if (review.debrief.record.length)
      body.push(
        '<p><strong>What history did:</strong></p>',
        `<ul>${review.debrief.record.map((r) => `<li>${esc(r.text)} ${sourceLink(r.source)}</li>`).join('')}</ul>`,
      );
  }
  return page(`After-action review: ${x.title}`, body);
}
