import { describe, expect, it } from 'vitest';
import {
  type Exercise,
  exerciseCommand,
  openExercise,
  replayExercise,
} from '../../../src/exercise/exercise.js';
import { exerciseReview } from '../../../src/exercise/exercise-review.js';
import { renderExerciseReview } from '../../../src/exercise/exercise-review-html.js';
import type { Principal } from '../../../src/exercise/exercise-types.js';
import { consoleView, seatView } from '../../../src/exercise/exercise-views.js';
import { loadScenarioSync } from '../../../src/scenario/read-file.js';

const scenario = loadScenarioSync('scenarios/karabakh/format-week-2020.yaml');
const F: Principal = { role: 'facilitator' };
const seat = (id: string): Principal => ({ role: 'seat', seat: id });
const T0 = Date.UTC(2026, 0, 1, 9);

/** A small driver: applies commands at given seconds after T0 and fails the test on any refusal. */
function driver() {
  let ex: Exercise = openExercise(scenario, { id: 'ex1' });
  const at = (s: number) => new Date(T0 + s * 1000).toISOString();
  return {
    get ex() {
      return ex;
    },
    ok(by: Principal, command: unknown, s = ex.events.length) {
      const r = exerciseCommand(ex, by, command, at(s));
      if (!r.ok) throw new Error(`${JSON.stringify(command)} refused: ${r.refusal.message}`);
      ex = r.exercise;
    },
    no(by: Principal, command: unknown, s = ex.events.length) {
      const r = exerciseCommand(ex, by, command, at(s));
      if (r.ok) throw new Error(`${JSON.stringify(command)} was accepted`);
      return r.refusal;
    },
  };
}

describe('rounds of an exercise', () => {
  it('seats the flagship as twelve seats, two sharing Armenia, and starts in setup on 25 Nov 2020', () => {
    const d = driver();
    expect(d.ex.seats.map((s) => s.id)).toHaveLength(12);
    expect(d.ex.seats.filter((s) => s.actors.includes('armenia')).map((s) => s.id)).toEqual([
      'armenia-pm',
      'armenia-mfa',
    ]);
    expect(d.ex.header).toMatchObject({ phase: 'setup', day: 0, date: '2020-11-25', round: 0 });
  });

  it('applies the seats’ moves together on the round’s first day, then runs the round’s days', () => {
    const d = driver();
    d.ok(F, { type: 'round.start', days: 7 });
    const move = seatView(d.ex, 'osce').moves.find((m) => !m.refusal)!.move;
    d.ok(seat('osce'), { type: 'moves.submit', moves: [move] });
    expect(consoleView(d.ex).seats.find((s) => s.id === 'osce')!.submitted).toEqual([move]);
    d.ok(F, { type: 'round.resolve' });
    expect(d.ex.header).toMatchObject({ phase: 'between', round: 1, day: 7, date: '2020-12-02' });
    const made = d.ex.state.run.trace.find((e) => e.origin === 'policy' && e.move.by === 'osce');
    expect(made).toMatchObject({ day: 0, move });
    expect(seatView(d.ex, 'osce').submitted).toEqual([]);
  });

  it('refuses a move for another seat’s actor, an illegal move, and moves outside a round', () => {
    const d = driver();
    const move = seatView(d.ex, 'osce').moves.find((m) => !m.refusal)!.move;
    expect(d.no(seat('osce'), { type: 'moves.submit', moves: [move] }).code).toBe('wrong-phase');
    d.ok(F, { type: 'round.start', days: 1 });
    expect(d.no(seat('russia'), { type: 'moves.submit', moves: [move] })).toMatchObject({
      code: 'not-your-actor',
      status: 403,
    });
    const refused = seatView(d.ex, 'osce').moves.find((m) => m.refusal)!;
    const r = d.no(seat('osce'), { type: 'moves.submit', moves: [refused.move] });
    expect(r.code).toBe('illegal-move');
    expect(r.message).toContain(refused.refusal!.rule);
    expect(d.no(seat('osce'), { type: 'moves.submit', moves: [{ type: 'talks.nothing' }] }).code).toBe(
      'illegal-move',
    );
  });

  it('keeps a held inject from firing, and fires it on the next round’s first day once released', () => {
    const d = driver();
    d.ok(F, { type: 'inject.hold', inject: 'senate-vote' });
    d.ok(F, { type: 'round.start', days: 2 });
    d.ok(F, { type: 'round.resolve' });
    const fired = () => d.ex.state.run.trace.filter((e) => e.inject?.id === 'senate-vote');
    expect(fired()).toEqual([]);
    expect(consoleView(d.ex).injects.find((i) => i.id === 'senate-vote')!.status).toBe('held');
    d.ok(F, { type: 'inject.release', inject: 'senate-vote' });
    d.ok(F, { type: 'round.start', days: 1 });
    d.ok(F, { type: 'round.resolve' });
    expect(fired().map((e) => e.day)).toContain(2);
    expect(consoleView(d.ex).injects.find((i) => i.id === 'senate-vote')!.status).toBe('fired');
    expect(d.no(F, { type: 'inject.skip', inject: 'senate-vote' }).code).toBe('wrong-phase');
  });

  it('adds a contingency inject that fires on the next round’s first day', () => {
    const d = driver();
    const id = consoleView(d.ex).contingency[0]!.id;
    d.ok(F, { type: 'inject.add', contingency: id });
    expect(consoleView(d.ex).contingency.map((c) => c.id)).not.toContain(id);
    d.ok(F, { type: 'round.start', days: 1 });
    d.ok(F, { type: 'round.resolve' });
    expect(d.ex.state.run.trace.some((e) => e.inject?.id === id && e.day === 0)).toBe(true);
  });

  it('resolves at the deadline only once it has passed, and a pause gives back the time left', () => {
    const d = driver();
    d.ok(F, { type: 'round.start', days: 1, deadlineSeconds: 600 }, 0);
    expect(d.ex.header.deadline).toBe(new Date(T0 + 600_000).toISOString());
    expect(d.no({ role: 'system' }, { type: 'round.resolve' }, 599).code).toBe('wrong-phase');
    d.ok(F, { type: 'exercise.pause' }, 100);
    expect(d.ex.header.deadline).toBeNull();
    expect(d.no(seat('osce'), { type: 'moves.submit', moves: [] }, 150).message).toContain('paused');
    d.ok(F, { type: 'exercise.resume' }, 1000);
    expect(d.ex.header.deadline).toBe(new Date(T0 + 1_500_000).toISOString());
    expect(d.no({ role: 'system' }, { type: 'round.start', days: 1 }, 1600).code).toBe('forbidden');
    d.ok({ role: 'system' }, { type: 'round.resolve' }, 1500);
    expect(d.ex.header.round).toBe(1);
  });

  it('delivers a private message only to its sender and recipients, and a public one to all', () => {
    const d = driver();
    d.ok(seat('armenia-pm'), { type: 'message.send', to: ['russia'], text: 'a word in private' });
    d.ok(seat('osce'), {
      type: 'message.send',
      to: 'all',
      text: 'the co-chairs propose talks',
      proposal: { text: 'convene', move: { type: 'talks.convene', by: 'osce' } },
    });
    const texts = (id: string) => seatView(d.ex, id).messages.map((m) => m.text);
    expect(texts('armenia-pm')).toContain('a word in private');
    expect(texts('russia')).toContain('a word in private');
    expect(texts('armenia-mfa')).not.toContain('a word in private');
    expect(texts('turkey')).toEqual(['the co-chairs propose talks']);
    expect(consoleView(d.ex).messages).toHaveLength(2);
  });

  it('refuses a nonce used before by the same principal, and keeps nonces through a replay of the log', () => {
    const d = driver();
    const message = { type: 'message.send', to: 'all', text: 'hello', nonce: 'n-0000000001' };
    d.ok(seat('osce'), message);
    expect(d.no(seat('osce'), message)).toMatchObject({ code: 'replayed', status: 409 });
    d.ok(seat('russia'), message);
    expect(d.ex.events.map((e) => e.nonce)).toEqual(['n-0000000001', 'n-0000000001']);
    const again = replayExercise(scenario, { id: 'ex1' }, d.ex.events);
    expect(exerciseCommand(again, seat('osce'), message, new Date(T0).toISOString()).ok).toBe(false);
  });

  it('refuses facilitator commands from seats, and anything once the exercise has ended', () => {
    const d = driver();
    for (const command of [
      { type: 'round.start', days: 1 },
      { type: 'inject.skip', inject: 'senate-vote' },
      { type: 'seat.assign', seat: 'osce', holder: { kind: 'agent' } },
      { type: 'exercise.end' },
    ])
      expect(d.no(seat('osce'), command).status).toBe(403);
    d.ok(F, { type: 'exercise.end' });
    expect(d.no(seat('osce'), { type: 'message.send', to: 'all', text: 'late' }).code).toBe('wrong-phase');
  });

  it('reviews the exercise: decisions against the record, messages, outcome and debrief', () => {
    const d = driver();
    d.ok(seat('osce'), { type: 'seat.join', name: 'Ana' });
    d.ok(F, { type: 'round.start', days: 3 });
    const move = seatView(d.ex, 'osce').moves.find((m) => !m.refusal)!;
    d.ok(seat('osce'), { type: 'moves.submit', moves: [move.move] });
    d.ok(seat('osce'), { type: 'message.send', to: ['russia'], text: 'shall we?' });
    d.ok(F, { type: 'round.resolve' });
    d.ok(F, { type: 'exercise.end' });
    const other = openExercise(scenario, { id: 'ex2' });
    const review = exerciseReview(d.ex, [other]);
    const osce = review.seats.find((s) => s.id === 'osce')!;
    expect(osce.joinedAs).toBe('Ana');
    expect(osce.decisions).toEqual([expect.objectContaining({ round: 1, text: move.label, accepted: true })]);
    expect(osce.others).toEqual([{ exercise: 'ex2', title: other.header.title, decisions: [] }]);
    expect(review.timeline.some((t) => t.kind === 'message' && t.text === 'shall we?')).toBe(true);
    expect(review.timeline.some((t) => t.kind === 'inject')).toBe(true);
    expect(review.debrief.hotWash.length).toBeGreaterThan(0);
    const html = renderExerciseReview(review);
    expect(html).toContain('shall we?');
    expect(html).toContain(move.label);
  });
});
