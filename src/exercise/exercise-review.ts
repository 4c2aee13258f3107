import type { TraceEntry } from '../agents/trace.js';
import { describeMove } from '../machines/compose-world.js';
import { namer } from '../regions/queries.js';
import { summaryLines } from '../report/summary.js';
import { scenarioWorld } from '../scenario/world.js';
import { dateOf } from '../sim/calendar.js';
import { computeOutcome } from '../sim/outcome.js';
import { runScenario } from '../sim/run-scenario.js';
import type { Exercise } from './exercise-state.js';
import type { ExerciseEvent, ExerciseHeader, MessageView, SeatHolder } from './exercise-types.js';

/** One line of the review's timeline: a facilitator's or seat's action, a move in the world, a message. */
export interface ReviewItem {
  /** The log's seq, for actions and messages; absent for moves of the world. */
  readonly seq?: number | undefined;
  /** When it was logged (ISO), for actions and messages. */
  readonly at?: string | undefined;
  /** The simulated date. */
  readonly date: string;
  readonly kind: 'facilitator' | 'seat' | 'message' | 'move' | 'inject';
  readonly who: string;
  readonly text: string;
  /** For moves: whether the rules accepted it, and the rule that refused it. */
  readonly accepted?: boolean | undefined;
  readonly refusal?: string | undefined;
}

/** One move a seat submitted, with what became of it. */
export interface ReviewDecision {
  readonly round: number;
  readonly date: string;
  readonly text: string;
  readonly accepted: boolean | null;
  readonly refusal?: string | undefined;
}

/** A seat in the review: its decisions, the record of its actors over the same days, other exercises' choices. */
export interface ReviewSeat {
  readonly id: string;
  readonly name: string;
  readonly actors: readonly string[];
  readonly holder: SeatHolder;
  readonly joinedAs: string | null;
  readonly decisions: readonly ReviewDecision[];
  /** What the seat's actors did in the scenario as written (history), over the days played. */
  readonly record: readonly {
    readonly date: string;
    readonly text: string;
    readonly sources: readonly string[];
  }[];
  /** The same seat's decisions in other exercises of the same scenario. */
  readonly others: readonly {
    readonly exercise: string;
    readonly title: string;
    readonly decisions: readonly ReviewDecision[];
  }[];
}

/** The after-action review of an exercise, as JSON (`auspices.exercise-review` version 1). */
export interface ExerciseReview {
  readonly format: 'auspices.exercise-review';
  readonly formatVersion: 1;
  readonly exercise: ExerciseHeader;
  readonly scenario: { readonly id: string; readonly title: string; readonly hash: string };
  readonly seed: number;
  readonly timeline: readonly ReviewItem[];
  readonly seats: readonly ReviewSeat[];
  /** The world at the end, in sentences, and the scenario's outcomes reached and not. */
  readonly outcome: {
    readonly lines: readonly string[];
    readonly reached: readonly string[];
    readonly notReached: readonly string[];
  };
  readonly messages: readonly MessageView[];
  readonly debrief: {
    readonly hotWash: readonly string[];
    readonly record: readonly { readonly text: string; readonly source: string }[];
  };
}

function moveLine(ex: Exercise, e: TraceEntry): string {
  const w = scenarioWorld(ex.base.scenario.data);
  const text = describeMove(e.move, ex.state.run.world.context, w);
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function actionText(ex: Exercise, event: ExerciseEvent): string {
  const c = event.command;
  switch (c.type) {
    case 'seat.assign':
      return `gives seat ${c.seat} to ${c.holder.kind === 'policy' ? `the ${c.holder.policy} policy` : `a ${c.holder.kind}`}`;
    case 'seat.join':
      return `${c.name} joins`;
    case 'moves.submit':
      return c.moves.length
        ? `submits ${c.moves.length} move${c.moves.length > 1 ? 's' : ''}`
        : 'withdraws its moves';
    case 'round.start':
      return `opens round ${ex.events.filter((e) => e.seq < event.seq && e.command.type === 'round.start').length + 1} (${c.days} day${c.days > 1 ? 's' : ''})`;
    case 'round.resolve':
      return event.by.role === 'system' ? 'the deadline passes: the round is resolved' : 'resolves the round';
    case 'inject.hold':
    case 'inject.release':
    case 'inject.skip':
      return `${c.type.slice(7)}s inject ${c.inject}`;
    case 'inject.reorder':
      return `reorders injects: ${c.order.join(', ')}`;
    case 'inject.add':
      return `adds inject ${c.contingency ?? c.inject?.id}`;
    case 'exercise.pause':
      return 'pauses the exercise';
    case 'exercise.resume':
      return 'resumes the exercise';
    case 'exercise.end':
      return 'ends the exercise';
    case 'message.send':
      return c.text;
  }
}

function decisionsOf(ex: Exercise, seatId: string): ReviewDecision[] {
  const start = ex.base.scenario.data.calendar.start;
  const out: ReviewDecision[] = [];
  for (const r of ex.state.rounds)
    for (const move of r.submissions[seatId] ?? []) {
      const entry = ex.state.run.trace.find(
        (e) => e.day === r.day && e.origin === 'policy' && JSON.stringify(e.move) === JSON.stringify(move),
      );
      out.push({
        round: r.round,
        date: dateOf(start, r.day),
        text: moveLine(ex, { move } as TraceEntry),
        accepted: entry ? entry.accepted : null,
        ...(entry?.refusal ? { refusal: `${entry.refusal.rule}: ${entry.refusal.reason}` } : {}),
      });
    }
  return out;
}

/**
 * The after-action review: the timeline of every action, message and move; each seat's decisions set
 * against the record and against `others` (other exercises of the same scenario); the outcome; the
 * debrief questions.
 */
export function exerciseReview(ex: Exercise, others: readonly Exercise[] = []): ExerciseReview {
  const data = ex.base.scenario.data;
  const run = ex.state.run;
  const n = namer(run.world.context);
  const timeline: ReviewItem[] = [];
  const date = (day: number) => dateOf(data.calendar.start, day);
  let resolved = 0;
  for (const event of ex.events) {
    const c = event.command;
    const who = event.by.role === 'seat' ? event.by.seat : event.by.role;
    const day = ex.state.rounds[resolved]?.day ?? run.day;
    if (c.type === 'message.send') {
      const to = c.to === 'all' ? 'all' : c.to.join(', ');
      timeline.push({
        seq: event.seq,
        at: event.at,
        date: date(day),
        kind: 'message',
        who: `${who} → ${to}`,
        text: c.text + (c.proposal ? ` [proposal: ${c.proposal.text}]` : ''),
      });
      continue;
    }
    timeline.push({
      seq: event.seq,
      at: event.at,
      date: date(day),
      kind: event.by.role === 'seat' ? 'seat' : 'facilitator',
      who,
      text: actionText(ex, event),
    });
    if (c.type === 'round.resolve') {
      const r = ex.state.rounds[resolved++];
      if (!r) continue;
      for (const e of run.trace.filter((t) => t.day >= r.day && t.day < r.day + r.days))
        timeline.push({
          date: e.date,
          kind: e.origin === 'inject' ? 'inject' : 'move',
          who: n(e.move.by),
          text: e.inject && e.origin === 'inject' ? `${e.inject.text} (${moveLine(ex, e)})` : moveLine(ex, e),
          accepted: e.accepted,
          ...(e.refusal ? { refusal: `${e.refusal.rule}: ${e.refusal.reason}` } : {}),
        });
    }
  }
  const history =
    run.day > 0 ? runScenario(ex.base.scenario, { seed: ex.base.seed, untilDay: run.day - 1 }).trace : [];
  const seats: ReviewSeat[] = ex.seats.map((s) => ({
    ...s,
    decisions: decisionsOf(ex, s.id),
    record: history
      .filter((e) => s.actors.includes(e.move.by) && e.accepted)
      .map((e) => ({
        date: e.date,
        text: e.origin === 'inject' && e.inject ? `${moveLine(ex, e)}: ${e.inject.text}` : moveLine(ex, e),
        sources: e.inject?.sources ?? [],
      })),
    others: others
      .filter((o) => o.id !== ex.id && o.scenario.data.id === data.id && o.seats.some((x) => x.id === s.id))
      .map((o) => ({ exercise: o.id, title: o.header.title, decisions: decisionsOf(o, s.id) })),
  }));
  const outcome = computeOutcome(data, run);
  const lines = summaryLines({
    scenario: ex.base.scenario,
    seed: ex.base.seed,
    trace: run.trace,
    outcome,
    world: run.world,
    state: run,
  })
    .filter(([label]) => label !== 'Reached' && label !== 'Not reached')
    .map(([label, text]) => `${label}: ${text}`);
  return {
    format: 'auspices.exercise-review',
    formatVersion: 1,
    exercise: ex.header,
    scenario: { id: data.id, title: data.title, hash: ex.base.scenario.hash },
    seed: ex.base.seed,
    timeline,
    seats,
    outcome: {
      lines,
      reached: outcome.outcomes.filter((o) => o.reached).map((o) => o.text),
      notReached: outcome.outcomes.filter((o) => !o.reached).map((o) => o.text),
    },
    messages: ex.state.messages,
    debrief: { hotWash: data.debrief?.hotWash ?? [], record: data.debrief?.record ?? [] },
  };
}
