import { beforeAll, describe, expect, it } from 'vitest';
import { createPlaySession, PlayError, type PlaySession, resumePlay } from '../../../src/play/play.js';
import type { WorldEvent } from '../../../src/regions/events.js';
import { newsLines } from '../../../src/report/play-news.js';
import { loadScenarioSync } from '../../../src/scenario/read-file.js';
import type { Scenario } from '../../../src/scenario/scenario.js';
import { runScenario } from '../../../src/sim/run-scenario.js';
import { saveRun } from '../../../src/sim/saved-run.js';

const flagship = 'scenarios/karabakh/format-week-2020.yaml';
let scenario: Scenario;

beforeAll(() => {
  scenario = loadScenarioSync(flagship);
});

/** Pass every day to the end. */
function passAll(session: PlaySession): PlaySession {
  let s = session;
  while (!s.finished) s = s.play([]);
  return s;
}

const convene = { type: 'talks.convene', by: 'azerbaijan' } as WorldEvent;

describe('createPlaySession', () => {
  it("should stand at the first day's decision point, after its injects", () => {
    const s = createPlaySession(scenario, { as: 'azerbaijan' });
    expect(s.day).toBe(0);
    expect(s.date).toBe('2020-11-25');
    expect(s.finished).toBe(false);
    expect(s.canUndo).toBe(false);
    expect(s.news.map((e) => e.inject?.id)).toEqual(['senate-vote', 'pashinyan-hails-senate']);
    expect(s.world.context.resolutions).toHaveLength(1);
  });

  it('should accept every legal move it offers', () => {
    const s = createPlaySession(scenario, { as: 'azerbaijan' });
    const legal = s.legalMoves();
    expect(legal.length).toBeGreaterThan(10);
    for (const move of legal) {
      expect(s.whyNot(move)).toBeNull();
      const own = s.play([move]).news.filter((e) => e.move.by === 'azerbaijan');
      expect(own).toHaveLength(1);
      expect(own[0]!.accepted).toBe(true);
      expect(own[0]!.policy?.name).toBe('human');
    }
  });

  it("should name an illegal move's rule in whyNot, and record the same refusal when played", () => {
    const s = createPlaySession(scenario, { as: 'azerbaijan' });
    const refusal = s.whyNot(convene);
    expect(refusal).toMatchObject({ rule: 'R2', code: 'role/not-mediator' });
    expect(refusal!.reason).toContain('Azerbaijan is not a mediator');
    expect(s.illegalMoves()).toContainEqual(convene);
    for (const move of s.illegalMoves()) expect(s.whyNot(move)).not.toBeNull();
    const entry = s.play([convene]).news.find((e) => e.move.by === 'azerbaijan');
    expect(entry).toMatchObject({ accepted: false, rules: ['R2'], refusal });
  });

  it('should throw a PlayError naming the close actor for an unknown actor', () => {
    expect(() => createPlaySession(scenario, { as: 'azerbaijn' })).toThrow(PlayError);
    expect(() => createPlaySession(scenario, { as: 'azerbaijn' })).toThrow('did you mean `azerbaijan`?');
  });

  it('should let the other actors follow their policies, answering the player', () => {
    let s = createPlaySession(scenario, { as: 'azerbaijan' });
    const violate = s.legalMoves().find((m) => m.type === 'ceasefire.violate')!;
    // Russia's peacekeepers hear of it the next day and restore the ceasefire a day later (after: 1).
    s = s.play([violate]).play([]).play([]);
    const restore = s.news.find((e) => e.move.type === 'ceasefire.restore');
    expect(restore).toMatchObject({
      accepted: true,
      move: { by: 'russia' },
      policy: { rule: 'peacekeepers-restore-ceasefire' },
    });
  });

  it('should leave every other policy move as in the scenario when the player passes', () => {
    // Armenia's rules draw nothing from the generator, so the others see the same draws.
    const game = passAll(createPlaySession(scenario, { as: 'armenia' })).result();
    const history = runScenario(scenario);
    const others = (trace: typeof history.trace) =>
      trace.filter((e) => e.origin === 'policy' && e.move.by !== 'armenia').map((e) => [e.day, e.move]);
    expect(others(game.trace)).toEqual(others(history.trace));
    expect(others(game.trace).length).toBeGreaterThan(0);
  });

  it("should not fire the played actor's injects but show them on their day, with sources", () => {
    let s = createPlaySession(scenario, { as: 'france' });
    expect(s.record.map((r) => r.inject)).toEqual([
      'french-mfa-non-recognition',
      'co-chairs-joint-statement',
      'assembly-vote',
      'co-chairs-in-baku',
      'co-chairs-in-yerevan',
      'concrete-proposals',
    ]);
    s = s.play([]);
    expect(s.recordToday).toHaveLength(1);
    expect(s.recordToday[0]).toMatchObject({
      inject: 'french-mfa-non-recognition',
      date: '2020-11-26',
      hypothetical: false,
      sources: ['https://www.azatutyun.am/a/30971851.html'],
      moves: [{ type: 'recognition.decline', by: 'france', entity: 'nk' }],
    });
    const end = passAll(s).result();
    expect(end.trace.filter((e) => e.move.by === 'france')).toEqual([]);
    // An inject that also carries another actor's move still fires that move.
    expect(end.trace.filter((e) => e.inject?.id === 'co-chairs-in-baku').map((e) => e.move.by)).toEqual([
      'usa',
    ]);
    expect(end.trace.filter((e) => e.inject?.id === 'assembly-vote').map((e) => e.move.by)).toEqual([
      'france.assembly',
    ]);
  });

  it("should give a what-if's hypothetical injects of the played actor as its record", () => {
    const s = createPlaySession(scenario, { as: 'azerbaijan', whatIf: 'government-backs-demand' });
    expect(s.record.find((r) => r.inject === 'government-demand')).toMatchObject({
      hypothetical: true,
      date: '2020-11-27',
      sources: [],
    });
    expect(s.scenario.whatIf).toBe('government-backs-demand');
  });

  it('should finish on the last day and refuse to play on', () => {
    const end = passAll(createPlaySession(scenario, { as: 'azerbaijan' }));
    expect(end.finished).toBe(true);
    expect(end.date).toBe('2020-12-14');
    expect(end.turns).toHaveLength(20);
    expect(end.legalMoves()).toEqual([]);
    expect(() => end.play([])).toThrow(PlayError);
  });

  it('should compare with the scenario as written on the same seed', () => {
    const end = passAll(createPlaySession(scenario, { as: 'azerbaijan', seed: 7 }));
    expect(saveRun(end.history())).toBe(saveRun(runScenario(scenario, { seed: 7 })));
  });
});

describe('PlaySession.undo', () => {
  it('should restore the exact previous session', () => {
    const s0 = createPlaySession(scenario, { as: 'azerbaijan' }).play([]);
    const move = s0.legalMoves().find((m) => m.type === 'mediator.demandExclusion')!;
    const s1 = s0.play([move, convene]);
    const back = s1.undo();
    expect(back.state).toEqual(s0.state);
    expect(back.world).toEqual(s0.world);
    expect(back.news).toEqual(s0.news);
    expect(back.turns).toEqual(s0.turns);
    expect(back.legalMoves()).toEqual(s0.legalMoves());
    expect(saveRun(back.play([move, convene]).state)).toBe(saveRun(s1.state));
    expect(() => createPlaySession(scenario, { as: 'azerbaijan' }).undo()).toThrow(PlayError);
  });
});

describe('resumePlay', () => {
  function someDays(): PlaySession {
    let s = createPlaySession(scenario, { as: 'azerbaijan', seed: 11 });
    s = s.play([]).play([s.legalMoves().find((m) => m.type === 'format.propose')!]);
    // A move with its fields in an order of its own (`by` last), as a student's script might write it.
    s = s.play([convene, { type: 'consent.withdraw', mediator: 'france', by: 'azerbaijan' }]).play([]);
    return s;
  }

  it('should give an identical continuation, undo included', () => {
    const original = someDays();
    const resumed = resumePlay(scenario, original.save());
    expect(resumed.save()).toBe(original.save());
    expect(resumed.turns).toEqual(original.turns);
    expect(saveRun(passAll(resumed).state)).toBe(saveRun(passAll(original).state));
    expect(saveRun(resumed.undo().state)).toBe(saveRun(original.undo().state));
  });

  it('should refuse a saved game whose moves were edited', () => {
    const saved = JSON.parse(someDays().save()) as { turns: { moves: unknown[] }[] };
    saved.turns[1]!.moves = [];
    expect(() => resumePlay(scenario, JSON.stringify(saved))).toThrow(
      'does not match the moves saved with it',
    );
  });

  it('should refuse a saved game of another version of the scenario', () => {
    const saved = JSON.parse(someDays().save()) as { scenario: { hash: string } };
    saved.scenario.hash = '0000000000000000';
    expect(() => resumePlay(scenario, JSON.stringify(saved))).toThrow(/hashes to [0-9a-f]{16}/);
  });

  it('should say where text is not JSON, and which field of a save is wrong', () => {
    expect(() => resumePlay(scenario, '{\n  "auspices": "play"\n  "version": 1\n}')).toThrow(
      /^auspices: resumePlay: 3:3: not JSON/,
    );
    const saved = JSON.parse(someDays().save()) as { as?: string };
    delete saved.as;
    expect(() => resumePlay(scenario, JSON.stringify(saved))).toThrow(
      /not a saved game of auspices play \(as: /,
    );
  });
});

describe('newsLines', () => {
  it('should wrap the news to the width given, with a refusal reason before its rule and no refusal code', () => {
    // Azerbaijan tries to convene talks it does not mediate: the next day's news has the refusal.
    const session = createPlaySession(scenario, { as: 'azerbaijan' }).play([convene]);
    const lines = newsLines(session, 50);
    for (const line of lines.filter((l) => !l.trimStart().startsWith('source: ')))
      expect(line.length, line).toBeLessThanOrEqual(50);
    const refused = lines.findIndex((l) => l.startsWith('✗ you: '));
    expect(refused).toBeGreaterThanOrEqual(0);
    const after = lines.slice(refused + 1).join('\n');
    expect(after.indexOf('refused: ')).toBeLessThan(after.indexOf('rule R'));
    expect(lines.join('\n')).not.toMatch(/\((?:role|consent|talks|format)\/[a-z-]+\)/);
    // Wider, the same news in fewer lines.
    expect(newsLines(session, 160).length).toBeLessThan(lines.length);
  });
});
