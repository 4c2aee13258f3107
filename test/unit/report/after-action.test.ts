import { beforeAll, describe, expect, it } from 'vitest';
import { createPlaySession, type PlaySession } from '../../../src/play/play.js';
import type { WorldEvent } from '../../../src/regions/events.js';
import { afterAction, renderAfterAction } from '../../../src/report/after-action.js';
import { loadScenarioSync } from '../../../src/scenario/read-file.js';
import type { Scenario } from '../../../src/scenario/scenario.js';

let scenario: Scenario;

beforeAll(() => {
  scenario = loadScenarioSync('scenarios/karabakh/format-week-2020.yaml');
});

function passAll(session: PlaySession): PlaySession {
  let s = session;
  while (!s.finished) s = s.play([]);
  return s;
}

describe('afterAction', () => {
  it("should set the player's days beside the record, with sources", () => {
    const summary = afterAction(passAll(createPlaySession(scenario, { as: 'france' })));
    expect(summary.actor).toEqual({ id: 'france', name: 'France' });
    expect(summary.daysPlayed).toBe(20);
    expect(summary.finished).toBe(true);
    const first = summary.days[0]!;
    expect(first).toMatchObject({ date: '2020-11-26', player: [] });
    expect(first.history[0]).toMatchObject({
      sources: ['https://www.azatutyun.am/a/30971851.html'],
      hypothetical: false,
    });
    expect(summary.days.map((d) => d.date)).toEqual([
      '2020-11-26',
      '2020-12-03',
      '2020-12-12',
      '2020-12-13',
      '2020-12-14',
    ]);
    expect(summary.quietDays).toBe(15);
    expect(summary.refusals).toEqual([]);
    const text = renderAfterAction(summary);
    expect(text).toContain('After action: you played France');
    expect(text).toContain('    you      passed\n    history  The French foreign ministry restates');
    expect(text).toContain('source: https://a1plus.am/en/article/388420');
  });

  it('should list the refusals the player met, with their rules, and mark the outcomes that differ', () => {
    let s = createPlaySession(scenario, { as: 'azerbaijan' });
    const war = s.legalMoves().find((m) => m.type === 'hostilities.resume');
    s = passAll(s.play([{ type: 'talks.convene', by: 'azerbaijan' } as WorldEvent, war!]));
    const summary = afterAction(s);
    expect(summary.refusals).toEqual([
      expect.objectContaining({ date: '2020-11-25', rule: 'R2', text: 'Azerbaijan convenes talks' }),
    ]);
    expect(summary.days[0]!.player[0]).toMatchObject({ accepted: false, refusal: { rule: 'R2' } });
    expect(summary.outcomes.filter((o) => o.played !== o.history)).toEqual([
      {
        id: 'ceasefire-holds',
        text: 'In this run, the ceasefire holds at the end',
        played: false,
        history: true,
      },
    ]);
    expect(summary.regions.filter((r) => r.played !== r.history)).toEqual([
      { region: 'hostilities', played: 'war', history: 'ceasefire.holding' },
    ]);
    expect(renderAfterAction(summary)).toContain(
      [
        '    you      ✗ Azerbaijan convenes talks',
        '             refused under R2: Azerbaijan is not a mediator of the OSCE Minsk Group co-chairs',
        '             Azerbaijan resumes hostilities',
        '             → hostilities: ceasefire.holding → war',
      ].join('\n'),
    );
    expect(renderAfterAction(summary)).toMatch(/≠ In this run, the ceasefire holds at the end +no +yes/);
    const md = renderAfterAction(summary, 'md');
    expect(md).toContain('# After action: you played Azerbaijan');
    expect(md).toContain('refused under **R2**');
  });
});
