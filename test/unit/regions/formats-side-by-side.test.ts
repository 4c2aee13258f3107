import { describe, expect, it } from 'vitest';
import { summaryLines } from '../../../src/report/summary.js';
import { parseScenario } from '../../../src/scenario/parse.js';
import { loadScenarioSync } from '../../../src/scenario/read-file.js';
import { scenarioWorld } from '../../../src/scenario/world.js';
import { runScenario } from '../../../src/sim/run-scenario.js';
import { issuesOf } from '../../support/issues.js';

/** A small world: two parties, a three-mediator format, a one-mediator format, and a direct format. */
function world(extra: {
  wording?: object;
  quorum?: number;
  live?: string[];
  injects: object[];
  outcomes?: object;
  whatIfs?: object;
}) {
  return parseScenario(
    JSON.stringify({
      id: 'side-by-side',
      title: 'Formats side by side',
      calendar: { start: '2030-01-01', end: '2030-01-05' },
      regions: ['talks'],
      actors: {
        a: { name: 'A', kind: 'state' },
        b: { name: 'B', kind: 'state' },
        m1: { name: 'M1', kind: 'state' },
        m2: { name: 'M2', kind: 'state' },
        m3: { name: 'M3', kind: 'state' },
      },
      formats: {
        group: {
          name: 'the group',
          mediators: ['m1', 'm2', 'm3'],
          parties: ['a', 'b'],
          appointedBy: 'm3',
          ...(extra.quorum ? { quorum: extra.quorum } : {}),
        },
        solo: { name: 'the solo format', mediators: ['m1'], parties: ['a', 'b'] },
        direct: { name: 'direct talks', parties: ['a', 'b'] },
      },
      initial: { activeFormat: 'group', ...(extra.live ? { liveFormats: extra.live } : {}) },
      injects: extra.injects.map((inj, i) => ({
        id: `i${i}`,
        date: '2030-01-01',
        hypothetical: true,
        text: `move ${i}`,
        ...inj,
      })),
      outcomes: extra.outcomes ?? {},
      whatIfs: extra.whatIfs ?? {},
      ...(extra.wording ? { wording: extra.wording } : {}),
    }),
    'side-by-side.json',
  );
}

const convene = (by: string, format?: string) => ({
  by,
  do: { type: 'talks.convene', ...(format ? { format } : {}) },
});

describe('talks under a format with several mediators', () => {
  it('should convene only when all its mediators have called the round, by default', () => {
    const two = runScenario(world({ injects: [convene('m1'), convene('m2')] }));
    expect(two.outcome.regions.talks).toBe('dormant');
    expect(two.world.context.talks.calls).toEqual(['m1', 'm2']);
    const three = runScenario(world({ injects: [convene('m1'), convene('m2'), convene('m3')] }));
    expect(three.outcome.regions.talks).toBe('convened');
    expect(three.world.context.talks.calls).toEqual([]);
  });

  it('should convene at the quorum the format declares', () => {
    const result = runScenario(world({ quorum: 2, injects: [convene('m1'), convene('m3')] }));
    expect(result.outcome.regions.talks).toBe('convened');
    expect(result.trace.at(-1)?.rules).toContain('R14');
  });

  it('should refuse a second call by the same mediator', () => {
    const result = runScenario(world({ injects: [convene('m1'), convene('m1')] }));
    expect(result.trace.map((e) => e.refusal?.code ?? null)).toEqual([null, 'talks/already-called']);
  });

  it("should let an excluded mediator's call lapse", () => {
    const result = runScenario(
      world({
        injects: [
          convene('m1'),
          { by: 'm3', do: { type: 'format.consult', action: 'exclude', mediator: 'm1' } },
          { by: 'm3', date: '2030-01-02', do: { type: 'mediator.exclude', mediator: 'm1' } },
          { by: 'm2', date: '2030-01-02', do: { type: 'talks.convene' } },
        ],
      }),
    );
    // m1's call went with it: m2 and m3 must both call now.
    expect(result.outcome.regions.talks).toBe('dormant');
    expect(result.world.context.talks.calls).toEqual(['m2']);
  });

  it('should say a move is not available, not that talks do not run, when its own talks have moved on', () => {
    const result = runScenario(
      world({ quorum: 1, live: ['group', 'solo'], injects: [convene('m1'), convene('m2')] }),
    );
    expect(result.trace[1]?.refusal).toMatchObject({ rule: 'M1', code: 'move/not-available' });
    expect(result.trace[1]?.refusal?.reason).toMatch(/^talks.convene is possible only when/);
  });

  it('should end a round without agreement, and convene again from there', () => {
    const result = runScenario(
      world({
        quorum: 1,
        injects: [convene('m1'), { by: 'm2', do: { type: 'talks.adjourn' } }, convene('m3')],
      }),
    );
    expect(result.trace.map((e) => e.changes.map((c) => `${c.from}->${c.to}`).join())).toEqual([
      'dormant->convened',
      'convened->adjourned',
      'adjourned->convened',
    ]);
  });
});

describe('direct talks', () => {
  it('should let a party convene a format that has no mediator, and no one else', () => {
    const result = runScenario(
      world({ live: ['group', 'direct'], injects: [convene('m1', 'direct'), convene('a', 'direct')] }),
    );
    expect(result.trace[0]?.refusal?.reason).toBe(
      'M1 is not a party to direct talks, whose talks are direct',
    );
    expect(result.outcome.regions['talks.direct']).toBe('convened');
  });
});

describe('formats side by side', () => {
  it('should give each live format its own talks, and show both', () => {
    const scenario = world({ live: ['group', 'solo'], injects: [convene('m1', 'solo')] });
    expect(scenarioWorld(scenario.data).tracks.map((t) => t.alias)).toEqual([
      'talks',
      'talks.solo',
      'mandate',
      'composition',
    ]);
    const result = runScenario(scenario);
    expect(result.outcome.regions).toMatchObject({ talks: 'dormant', 'talks.solo': 'convened' });
    const lines = Object.fromEntries(summaryLines(result));
    expect(lines['Talks (the solo format)']).toBe('convened (mediators: M1)');
  });

  it('should refuse talks under a format that is not live, naming the live ones', () => {
    const result = runScenario(world({ live: ['group', 'solo'], injects: [convene('m1', 'direct')] }));
    expect(result.trace[0]?.refusal).toMatchObject({
      rule: 'M1',
      code: 'talks/not-live',
      reason: 'no talks run under direct talks; talks run under the group and the solo format',
    });
  });

  it('should refuse to branch on a day into a what-if that changes the live formats', () => {
    const scenario = world({
      live: ['group', 'solo'],
      injects: [convene('m1', 'solo')],
      whatIfs: { alone: { title: 'Only the group', initial: { liveFormats: ['group'] } } },
    });
    expect(() => runScenario(scenario, { whatIf: 'alone', at: 1 })).toThrow(/changes the world itself/);
    expect(runScenario(scenario, { whatIf: 'alone' }).outcome.regions['talks.solo']).toBeUndefined();
  });

  it('should answer a predicate about the talks of a given format', () => {
    const result = runScenario(
      world({
        live: ['group', 'solo'],
        injects: [convene('m1', 'solo')],
        outcomes: {
          solo: { text: 'solo convened', when: { talks: { format: 'solo', in: 'convened' } } },
          group: { text: 'group convened', when: { talks: { format: 'group', in: 'convened' } } },
        },
      }),
    );
    expect(result.outcome.outcomes.map((o) => [o.id, o.reached])).toEqual([
      ['solo', true],
      ['group', false],
    ]);
  });

  it('should agree on both engines for the flagship, where the co-chairs and the trilateral are both live', () => {
    const flagship = loadScenarioSync('scenarios/karabakh/format-week-2020.yaml');
    expect(Object.keys(flagship.data.initial.liveFormats ?? [])).toHaveLength(2);
    for (const whatIf of [undefined, ...Object.keys(flagship.data.whatIfs)]) {
      const kernel = runScenario(flagship, { engine: 'kernel', whatIf });
      const xstate = runScenario(flagship, { engine: 'xstate', whatIf });
      expect(JSON.stringify(kernel.trace)).toBe(JSON.stringify(xstate.trace));
      expect(kernel.outcome.regions['talks.russia-trilateral']).toBeDefined();
    }
  });
});

describe('validating formats side by side', () => {
  const base = (initial: object, outcomes: object = {}, formats: object = {}) =>
    JSON.stringify({
      id: 'v',
      title: 'V',
      calendar: { start: '2030-01-01', end: '2030-01-02' },
      actors: {
        a: { name: 'A', kind: 'state' },
        b: { name: 'B', kind: 'state' },
        m: { name: 'M', kind: 'state' },
      },
      formats: {
        f: { name: 'F', mediators: ['m'], parties: ['a', 'b'] },
        g: { name: 'G', mediators: ['m'], parties: ['a', 'b'] },
        ...formats,
      },
      initial: { activeFormat: 'f', ...initial },
      outcomes,
    });
  const codes = (text: string) =>
    issuesOf(() => parseScenario(text, 'v.json')).map((i) => [i.code, i.message]);

  it('should refuse an unknown live format, a talks state that does not exist, and talks of a format that is not live', () => {
    expect(codes(base({ liveFormats: ['f', 'h'] }))).toEqual([
      ['name/unknown-format', 'unknown format `h` (did you mean `f`?)'],
    ]);
    expect(
      codes(
        base(
          { liveFormats: ['f', 'g'] },
          { o: { text: 'o', when: { talks: { format: 'g', in: 'convend' } } } },
        ),
      ),
    ).toEqual([['region/unknown-state', 'talks have no state `convend` (did you mean `convened`?)']]);
    expect(codes(base({}, { o: { text: 'o', when: { talks: { format: 'g', in: 'convened' } } } }))).toEqual([
      [
        'region/missing',
        'no talks run under `g`: list it in `initial.liveFormats` to give it talks of its own',
      ],
    ]);
  });

  it('should refuse an unknown host and a quorum larger than the mediators', () => {
    const bad = { h: { name: 'H', mediators: ['m'], parties: ['a', 'b'], host: 'x', quorum: 2 } };
    expect(codes(base({}, {}, bad))).toEqual([
      ['name/unknown-actor', 'unknown actor `x` (did you mean `a`?)'],
      [
        'schema/too-big',
        'a quorum of 2 needs at least 2 mediators, and `h` has 1: lower the quorum or add mediators',
      ],
    ]);
  });

  it('should refuse a mediator who is also a party, unless the format allows it', () => {
    const clash = { h: { name: 'H', mediators: ['a'], parties: ['a', 'b'] } };
    expect(codes(base({}, {}, clash)).map(([code]) => code)).toEqual(['role/mediator-and-party']);
    const allowed = { h: { name: 'H', mediators: ['a'], parties: ['a', 'b'], mediatorMayBeParty: true } };
    expect(() => parseScenario(base({}, {}, allowed), 'v.json')).not.toThrow();
  });
});

describe("a refusal in the pack's words", () => {
  it("should give the pack's reason for a refusal code, with the move's fields and the engine's reason", () => {
    const wording = {
      refusals: { 'talks/not-live': '{by} cannot open talks under {format} ({reason})' },
    };
    const result = runScenario(
      world({ live: ['group', 'solo'], wording, injects: [convene('m1', 'direct'), convene('m1')] }),
    );
    expect(result.trace[0]?.refusal).toEqual({
      rule: 'M1',
      code: 'talks/not-live',
      reason:
        'M1 cannot open talks under direct talks (no talks run under direct talks; talks run under the group and the solo format)',
    });
    // Other refusals keep the engine's words, and the wording changes no verdict.
    expect(result.trace[1]?.accepted).toBe(true);
  });

  it('should refuse a refusal code the world does not give, suggesting the nearest', () => {
    const issues = issuesOf(() => world({ wording: { refusals: { 'talks/not-lives': 'x' } }, injects: [] }));
    expect(issues.map((i) => [i.code, i.path])).toEqual([
      ['name/unknown-refusal', ['wording', 'refusals', 'talks/not-lives']],
    ]);
    expect(issues[0]?.message).toMatch(/did you mean `talks\/not-live`/);
  });
});

describe('validating a pack wording', () => {
  it('should refuse wording for a move or a region the world does not have', () => {
    const text = JSON.stringify({
      id: 'w',
      title: 'W',
      calendar: { start: '2030-01-01', end: '2030-01-02' },
      regions: ['talks'],
      actors: { a: { name: 'A', kind: 'state' }, b: { name: 'B', kind: 'state' } },
      formats: { f: { name: 'F', parties: ['a', 'b'] } },
      initial: { activeFormat: 'f' },
      wording: { moves: { 'talks.convine': 'meets' }, regions: { access: 'Humanitarian access' } },
    });
    expect(issuesOf(() => parseScenario(text, 'w.json')).map((i) => [i.code, i.message])).toEqual([
      ['name/unknown-move', '`talks.convine` is not a move of this world (did you mean `talks.convene`?)'],
      ['region/missing', '`access` is not a region of this world (known: `talks`, `mandate`, `composition`)'],
    ]);
  });
});
