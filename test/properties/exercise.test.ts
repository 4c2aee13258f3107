import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Exercise, exerciseCommand, openExercise, replayExercise } from '../../src/exercise/exercise.js';
import type { Principal } from '../../src/exercise/exercise-types.js';
import { consoleView, seatView } from '../../src/exercise/exercise-views.js';
import { loadScenarioSync } from '../../src/scenario/read-file.js';
import { seed } from './arbitraries.js';

const scenario = loadScenarioSync('scenarios/karabakh/format-week-2020.yaml');
const base = openExercise(scenario, { id: 'p1' });
const seats = base.seats.map((s) => s.id);
const F: Principal = { role: 'facilitator' };

/** A step of a class: who acts and what, chosen by index so it can follow the exercise as it changes. */
const step = fc.oneof(
  fc.record({ k: fc.constant('start' as const), days: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ k: fc.constant('resolve' as const) }),
  fc.record({ k: fc.constant('submit' as const), seat: fc.nat(11), move: fc.nat(40), other: fc.boolean() }),
  fc.record({
    k: fc.constant('message' as const),
    seat: fc.nat(11),
    to: fc.option(fc.uniqueArray(fc.nat(11), { minLength: 1, maxLength: 3 }), { nil: undefined }),
  }),
  fc.record({
    k: fc.constant('inject' as const),
    which: fc.nat(40),
    op: fc.constantFrom('hold', 'release', 'skip'),
  }),
  fc.record({ k: fc.constant('pause' as const) }),
  fc.record({ k: fc.constant('resume' as const) }),
  fc.record({ k: fc.constant('assign' as const), seat: fc.nat(11), policy: fc.boolean() }),
  fc.record({ k: fc.constant('forge' as const), seat: fc.nat(11), command: fc.jsonValue({ maxDepth: 3 }) }),
);

type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;

function command(ex: Exercise, s: Step): [Principal, unknown] {
  const seat = (i: number): Principal => ({ role: 'seat', seat: seats[i % seats.length]! });
  switch (s.k) {
    case 'start':
      return [F, { type: 'round.start', days: s.days }];
    case 'resolve':
      return [F, { type: 'round.resolve' }];
    case 'submit': {
      // `other`: a move of another seat's actors (five seats on, never sharing one), which must be refused.
      const from = seats[(s.seat + (s.other ? 5 : 0)) % seats.length]!;
      const moves = seatView(ex, from).moves;
      const pick = moves[s.move % Math.max(1, moves.length)];
      return [seat(s.seat), { type: 'moves.submit', moves: pick ? [pick.move] : [] }];
    }
    case 'message':
      return [
        seat(s.seat),
        { type: 'message.send', to: s.to ? s.to.map((i) => seats[i]!) : 'all', text: `m${ex.events.length}` },
      ];
    case 'inject': {
      const list = consoleView(ex).injects;
      return [F, { type: `inject.${s.op}`, inject: list[s.which % list.length]!.id }];
    }
    case 'pause':
      return [F, { type: 'exercise.pause' }];
    case 'resume':
      return [F, { type: 'exercise.resume' }];
    case 'assign':
      return [
        F,
        {
          type: 'seat.assign',
          seat: seats[s.seat]!,
          holder: s.policy ? { kind: 'policy', policy: 'scenario' } : { kind: 'person' },
        },
      ];
    case 'forge':
      return [seat(s.seat), s.command];
  }
}

function play(steps: readonly Step[]): Exercise {
  let ex = base;
  steps.forEach((s, i) => {
    const [by, input] = command(ex, s);
    const r = exerciseCommand(ex, by, input, new Date(Date.UTC(2026, 0, 1, 9, 0, i)).toISOString());
    if (r.ok) ex = r.exercise;
  });
  return ex;
}

describe('a live exercise', () => {
  it('is rebuilt exactly from its log: every view of the replayed exercise equals the live one', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 30 }), (steps) => {
        const live = play(steps);
        const again = replayExercise(scenario, { id: 'p1' }, live.events);
        expect(again.header).toEqual(live.header);
        expect(consoleView(again)).toEqual(consoleView(live));
        for (const id of seats) expect(seatView(again, id)).toEqual(seatView(live, id));
      }),
      { numRuns: 15, seed },
    );
  });

  it('never shows a seat another seat’s private messages, submission, or confidential brief', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 30 }), (steps) => {
        const ex = play(steps);
        for (const id of seats) {
          const view = seatView(ex, id);
          for (const m of view.messages)
            expect(m.to === 'all' || m.from === id || m.to.includes(id)).toBe(true);
          const own = ex.seats.find((s) => s.id === id)!;
          for (const move of view.submitted) expect(own.actors).toContain(move.by);
          for (const actor of Object.keys(view.briefs)) expect(own.actors).toContain(actor);
          const text = JSON.stringify(view);
          for (const other of ex.seats)
            if (!other.actors.some((a) => own.actors.includes(a)))
              for (const actor of other.actors) {
                const secret = ex.scenario.data.briefs?.[actor]?.confidential?.interests?.[0];
                if (secret) expect(text).not.toContain(secret);
              }
        }
      }),
      { numRuns: 10, seed },
    );
  });

  it('accepts from a seat only moves for its own actors, and never a facilitator command', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 25 }), (steps) => {
        const ex = play(steps);
        for (const e of ex.events) {
          if (e.by.role !== 'seat') continue;
          expect(['seat.join', 'moves.submit', 'message.send']).toContain(e.command.type);
          const seat = ex.seats.find((s) => s.id === (e.by as { seat: string }).seat)!;
          if (e.command.type === 'moves.submit')
            for (const m of e.command.moves) expect(seat.actors).toContain(m.by ?? seat.actors[0]);
        }
      }),
      { numRuns: 15, seed },
    );
  });
});
