import type { ExerciseHeader, MessageView, MoveOption, SeatView } from '../exercise/exercise-types.js';
import type { WorldEvent } from '../regions/events.js';
import type { NewsItem } from '../report/play-news.js';

/*
 * The seat's view as compact text for a language model, and as the JSON the tools return beside it.
 * Nothing here adds to what the server sent: it only shortens (the last 20 news items) and words it.
 */

/** How many of the newest news items and messages a view shows. */
const recentCount = 20;

/** The JSON `seat_view` returns: the view's parts an agent plays from. */
export interface SeatViewSummary {
  readonly header: ExerciseHeader;
  readonly seat: SeatView['seat'];
  readonly brief: SeatView['briefs'];
  readonly situation: readonly string[];
  /** The newest news items (at most 20). */
  readonly news: readonly NewsItem[];
  /** Public messages and the seat's own, newest last (at most 20). */
  readonly messages: readonly MessageView[];
  readonly submitted: readonly WorldEvent[];
  readonly recordToday: SeatView['recordToday'];
}

/** The JSON part of `seat_view`. */
export function seatViewSummary(view: SeatView): SeatViewSummary {
  return {
    header: view.exercise,
    seat: view.seat,
    brief: view.briefs,
    situation: view.situation,
    news: view.news.slice(-recentCount),
    messages: view.messages.slice(-recentCount),
    submitted: view.submitted,
    recordToday: view.recordToday,
  };
}

/** One line on the exercise: title, phase, round, simulated day, log position. */
export function headerLine(h: ExerciseHeader): string {
  const round =
    h.phase === 'round'
      ? `round ${h.round + 1} open (${h.roundDays ?? '?'} day${h.roundDays === 1 ? '' : 's'}${h.deadline ? `, deadline ${h.deadline}` : ''})`
      : `${h.round} round${h.round === 1 ? '' : 's'} resolved`;
  const whatIf = h.whatIf ? `, what-if ${h.whatIf}` : '';
  return `${h.title} [${h.id}${whatIf}] · ${h.phase} · ${round} · day ${h.day} (${h.date}) · seq ${h.seq}${h.finished ? ' · finished' : ''}`;
}

/** A move in words: the label the seat's own moves give it, else its JSON. */
function moveWords(move: { readonly type: string }, labels: ReadonlyMap<string, string>): string {
  const json = JSON.stringify(move);
  return labels.get(json) ?? json;
}

/** The labels of the seat's moves, by the move's JSON. */
function labelsOf(view: SeatView): Map<string, string> {
  return new Map(view.moves.map((o) => [JSON.stringify(o.move), o.label]));
}

function newsLine(n: NewsItem): string {
  const refused = n.accepted
    ? ''
    : ` (refused, ${n.refusal ? `${n.refusal.rule}: ${n.refusal.reason}` : 'by the rules'})`;
  return `${n.date} ${n.text}${refused}`;
}

/** One message as a line: `#seq day D from -> to: text`, with its proposal. */
export function messageLine(m: MessageView): string {
  const to = m.to === 'all' ? 'all' : m.to.join(', ');
  const proposal = m.proposal
    ? ` [proposal: ${m.proposal.text}${m.proposal.move ? ` (move ${JSON.stringify(m.proposal.move)})` : ''}]`
    : '';
  return `#${m.seq} day ${m.day} ${m.from} -> ${to}: ${m.text}${proposal}`;
}

function list(title: string, items: readonly string[] | undefined): string[] {
  return items && items.length > 0 ? [`  ${title}:`, ...items.map((i) => `    - ${i}`)] : [];
}

/** The seat's view as text: header, seat, brief, situation, news, submission, messages. */
export function seatViewText(view: SeatView): string {
  const labels = labelsOf(view);
  const s = view.seat;
  const lines = [
    headerLine(view.exercise),
    `Seat ${s.id} (${s.name}), moves for ${s.actors.join(', ')}${s.joinedAs ? `; joined as ${s.joinedAs}` : ''}`,
  ];
  for (const [actor, brief] of Object.entries(view.briefs)) {
    lines.push(`Brief for ${actor}: ${brief.public.trim()}`);
    const c = brief.confidential;
    lines.push(
      ...list('Interests', c?.interests),
      ...list('Red lines', c?.redLines),
      ...list('Levers', c?.levers),
      ...list('Decisions', c?.decisions),
      ...list('Objectives', brief.objectives),
    );
  }
  lines.push('Situation:', ...view.situation.map((l) => `  ${l}`));
  const news = view.news.slice(-recentCount);
  lines.push(
    `News (${news.length < view.news.length ? `last ${news.length} of ${view.news.length}` : news.length}):`,
    ...news.map((n) => `  ${newsLine(n)}`),
  );
  if (view.recordToday.length > 0)
    lines.push('In the historical record today:', ...view.recordToday.map((r) => `  ${r.text}`));
  lines.push(
    view.submitted.length > 0
      ? `Submitted for this round: ${view.submitted.map((m) => moveWords(m, labels)).join('; ')}`
      : 'Submitted for this round: nothing',
  );
  const messages = view.messages.slice(-recentCount);
  lines.push(
    `Messages (${messages.length < view.messages.length ? `last ${messages.length} of ${view.messages.length}` : messages.length}):`,
    ...messages.map((m) => `  ${messageLine(m)}`),
    `Seats: ${view.seats.map((o) => `${o.id} (${o.actors.join('+')}${o.joinedAs ? `, ${o.joinedAs}` : ''})`).join(', ')}`,
  );
  return lines.join('\n');
}

/** A seat's moves split into the legal ones (numbered from 1, as `submit_moves` takes them) and the refused. */
export interface MoveList {
  readonly legal: readonly { readonly index: number; readonly label: string; readonly move: WorldEvent }[];
  readonly refused: readonly {
    readonly label: string;
    readonly move: WorldEvent;
    readonly rule: string;
    readonly code: string;
    readonly reason: string;
  }[];
}

/** The view's moves, numbered: legal ones from 1, refused ones with their rule and reason. */
export function moveList(moves: readonly MoveOption[]): MoveList {
  const legal: MoveList['legal'][number][] = [];
  const refused: MoveList['refused'][number][] = [];
  for (const o of moves) {
    if (o.refusal === null) legal.push({ index: legal.length + 1, label: o.label, move: o.move });
    else refused.push({ label: o.label, move: o.move, ...o.refusal });
  }
  return { legal, refused };
}

/** The numbered moves as text. */
export function moveListText(list: MoveList, phase: string): string {
  const lines = [
    phase === 'round'
      ? 'Legal moves now (submit them by number with submit_moves):'
      : `Legal moves now (the exercise is ${phase}: submit once the facilitator opens a round):`,
    ...(list.legal.length > 0
      ? list.legal.map((m) => `  ${m.index}. ${m.label}  ${JSON.stringify(m.move)}`)
      : ['  none']),
  ];
  if (list.refused.length > 0)
    lines.push(
      'Refused now, with the rule:',
      ...list.refused.map((m) => `  - ${m.label}: ${m.rule} ${m.reason}`),
    );
  return lines.join('\n');
}
