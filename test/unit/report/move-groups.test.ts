import { describe, expect, it } from 'vitest';
import { createPlaySession } from '../../../src/play/play.js';
import { moveGroups } from '../../../src/report/move-groups.js';
import { loadScenarioSync } from '../../../src/scenario/read-file.js';
import { scenarioWorld } from '../../../src/scenario/world.js';

const flagship = loadScenarioSync('scenarios/karabakh/format-week-2020.yaml');

describe('moveGroups', () => {
  it("should put every one of Azerbaijan's first-day moves in one group of its kind, the visits together", () => {
    const session = createPlaySession(flagship, { as: 'azerbaijan' });
    const legal = session.legalMoves();
    const groups = moveGroups(legal, session.world.context);
    // Each move once, in a group of its own event type; far fewer entries than moves.
    expect(groups.flatMap((g) => g.moves.map((m) => m.move))).toHaveLength(legal.length);
    for (const g of groups) for (const { move } of g.moves) expect(move.type).toBe(g.type);
    expect(new Set(groups.map((g) => g.type)).size).toBe(groups.length);
    expect(groups.length).toBeLessThan(legal.length / 3);
    const labels = Object.fromEntries(groups.map((g) => [g.type, `${g.label} (${g.moves.length})`]));
    expect(labels).toMatchObject({
      'visit.make': 'Azerbaijan visits … (14)',
      'visit.announce': 'Azerbaijan announces a visit to … (14)',
      'consent.give': 'Azerbaijan accepts … as a mediator (7)',
      'mediator.demandExclusion': 'Azerbaijan demands that … be excluded as a mediator (3)',
      // A kind of one move is shown as the move.
      'ceasefire.violate': 'Azerbaijan violates the ceasefire (1)',
    });
  });

  it("should word the moves in the scenario's own words when given its world", () => {
    const session = createPlaySession(flagship, { as: 'azerbaijan' });
    const ctx = session.world.context;
    const label = (world?: Parameters<typeof moveGroups>[2]) =>
      moveGroups(session.illegalMoves(), ctx, world).find((g) => g.type === 'access.request')?.label;
    expect(label()).toBe('Azerbaijan asks for unfettered access');
    expect(label(scenarioWorld(session.played.data))).toBe(
      'Azerbaijan asks for unfettered humanitarian access',
    );
  });
});
