import { describeMove } from '../machines/compose-world.js';
import { recordOf } from '../play/play-record.js';
import { newsItems } from '../report/play-news.js';
import { summaryLines } from '../report/summary.js';
import type { Brief } from '../scenario/schema.js';
import { scenarioWorld } from '../scenario/world.js';
import { computeOutcome } from '../sim/outcome.js';
import { injectViews } from './exercise-injects.js';
import { seatMoves } from './exercise-moves.js';
import { seatPolicies } from './exercise-round.js';
import { decisionOf, type Exercise } from './exercise-state.js';
import type { ConsoleView, MessageView, Principal, SeatView } from './exercise-types.js';

/**
 * The messages `reader` may see: the facilitator sees all; a seat sees public statements, what it sent,
 * and what was sent to it. Filtered here, on the server, never in the page.
 */
export function visibleMessages(ex: Exercise, reader: Principal): readonly MessageView[] {
  if (reader.role !== 'seat') return ex.state.messages;
  const me = reader.seat;
  return ex.state.messages.filter((m) => m.to === 'all' || m.from === me || m.to.includes(me));
}

/** The world in sentences: the lines of a run's summary, `Label: text`. */
function situation(ex: Exercise): string[] {
  const run = ex.state.run;
  const { world } = decisionOf(ex);
  const state = { ...run, world };
  const result = {
    scenario: ex.base.scenario,
    seed: ex.base.seed,
    trace: run.trace,
    outcome: computeOutcome(ex.base.scenario.data, state),
    world,
    state,
  };
  return summaryLines(result)
    .filter(([label]) => label !== 'Moves')
    .map(([label, text]) => `${label}: ${text}`);
}

/** Everything that happened so far, and today's injects, as sentences. */
function news(ex: Exercise, actor: string) {
  const { world, news: today } = decisionOf(ex);
  const entries = [...ex.state.run.trace, ...today];
  return newsItems(entries, world.context, actor, scenarioWorld(ex.base.scenario.data));
}

/** What one seat may see: its brief, the public world and news, its own moves, submission and messages. */
export function seatView(ex: Exercise, seatId: string): SeatView {
  const seat = ex.seats.find((s) => s.id === seatId);
  if (!seat) throw new RangeError(`no seat "${seatId}" in exercise ${ex.id}`);
  const data = ex.base.scenario.data;
  const spec = ex.base.seatSpecs.find((s) => s.id === seatId)!;
  const briefs: Record<string, Brief> = {};
  for (const actor of spec.brief ? [spec.brief] : seat.actors) {
    const brief = data.briefs?.[actor];
    if (brief) briefs[actor] = brief;
  }
  const day = ex.state.run.day;
  const recordToday = seat.actors.flatMap((actor) =>
    recordOf(data, actor)
      .filter((r) => r.day === day && !ex.state.run.finished)
      .map((r) => ({ text: r.text, sources: r.sources })),
  );
  return {
    exercise: ex.header,
    seat,
    briefs,
    seats: ex.seats.map(({ holder: _h, ...rest }) => rest),
    world: decisionOf(ex).world,
    situation: situation(ex),
    news: news(ex, seat.actors[0]!),
    moves: seatMoves(ex, seat.actors),
    submitted: ex.state.submissions[seatId] ?? [],
    messages: visibleMessages(ex, { role: 'seat', seat: seatId }),
    recordToday,
  };
}

/** What the facilitator sees: every seat with its submission, the injects, the world, all messages. */
export function consoleView(ex: Exercise): ConsoleView {
  const data = ex.base.scenario.data;
  const injects = injectViews(ex);
  const taken = new Set(injects.map((i) => i.id));
  return {
    exercise: ex.header,
    seats: ex.seats.map((s) => {
      const submitted = ex.state.submissions[s.id] ?? [];
      const { world } = decisionOf(ex);
      const text = submitted.map((m) => describeMove(m, world.context, scenarioWorld(data)));
      return { ...s, submitted, submittedText: text.map((t) => t.charAt(0).toUpperCase() + t.slice(1)) };
    }),
    injects,
    contingency: (data.facilitator?.contingency ?? [])
      .filter((c) => !taken.has(c.id))
      .map((c) => ({ id: c.id, text: c.text, use: c.use })),
    world: decisionOf(ex).world,
    situation: situation(ex),
    news: news(ex, ''),
    messages: ex.state.messages,
    policies: [...seatPolicies],
    objectives: data.facilitator?.objectives ?? {},
  };
}
