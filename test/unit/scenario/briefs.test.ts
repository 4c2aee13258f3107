import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../../src/scenario/parse.js';
import { applyWhatIf } from '../../../src/scenario/what-if.js';
import { issuesOf } from '../../support/issues.js';

/** Two parties, one mediator, two injects, and a trainer's kit that uses every part of it. */
const kit = `id: kit
title: A mediator, two parties and a kit
calendar: { start: 2020-11-25, end: 2020-11-30 }
actors:
  armenia: { name: Armenia, kind: state }
  azerbaijan: { name: Azerbaijan, kind: state, territorial: true }
  russia: { name: Russia, kind: state }
formats:
  trilateral: { name: the Russia-led trilateral, mediators: [russia], parties: [armenia, azerbaijan] }
initial:
  activeFormat: trilateral
injects:
  - id: russia-urges
    date: 2020-11-26
    by: russia
    do: { type: talks.urge, format: trilateral }
    text: Russia urges talks.
    hypothetical: true
  - id: russia-convenes
    date: 2020-11-28
    by: russia
    do: { type: talks.convene, format: trilateral }
    text: Russia convenes the parties.
    hypothetical: true
briefs:
  armenia:
    public: Armenia wants the talks to go on.
    confidential:
      redLines: [No new mediator]
      quotes:
        - { text: a quote, by: someone, date: 2020-11-12, source: https://example.org/a }
    objectives: [Keep the format]
facilitator:
  objectives:
    LO1: Talks convene only under mediators both parties accept.
  injects:
    russia-urges: { expect: [Both parties answer], objectives: [LO1] }
  contingency:
    - id: russia-adjourns
      use: When the talks run out of time.
      objectives: [LO1]
      by: russia
      do: { type: talks.adjourn, format: trilateral }
      text: Russia adjourns the talks.
debrief:
  hotWash: [Who convened the talks?]
  record:
    - { text: Russia brokered the ceasefire alone., source: https://example.org/b }
`;

const issuesOfText = (text: string) => issuesOf(() => parseScenario(text, 'kit.yaml'));
const at = (text: string) => issuesOfText(text).map((i) => [i.code, i.line, i.col]);

describe('checkBriefs', () => {
  it('should accept the kit the cases below are made from, and keep it in the data', () => {
    const data = parseScenario(kit, 'kit.yaml').data;
    expect(data.briefs?.armenia?.confidential?.quotes?.[0]?.date).toBe('2020-11-12');
    expect(data.facilitator?.contingency?.map((c) => c.id)).toEqual(['russia-adjourns']);
    expect(data.debrief?.hotWash).toEqual(['Who convened the talks?']);
  });

  it('should accept a scenario without a kit, and leave the sections out of its data', () => {
    const bare = kit.slice(0, kit.indexOf('briefs:'));
    const data = parseScenario(bare, 'kit.yaml').data;
    expect([data.briefs, data.facilitator, data.debrief]).toEqual([undefined, undefined, undefined]);
  });

  it('should report a brief for an actor the scenario does not have, at its key, with a hint', () => {
    const issues = issuesOfText(kit.replace('briefs:\n  armenia:', 'briefs:\n  armnia:'));
    expect(issues).toEqual([
      {
        file: 'kit.yaml',
        line: 26,
        col: 3,
        code: 'name/unknown-actor',
        path: ['briefs', 'armnia'],
        message: 'a brief for `armnia`, which is no actor of this scenario (did you mean `armenia`?)',
      },
    ]);
  });

  it("should report a facilitator's note on an inject the scenario does not have, at its key", () => {
    const issues = issuesOfText(kit.replace('    russia-urges: {', '    russia-urge: {'));
    expect(issues.map((i) => [i.code, i.line, i.col, i.path])).toEqual([
      ['name/unknown-inject', 37, 5, ['facilitator', 'injects', 'russia-urge']],
    ]);
    expect(issues[0]?.message).toContain('(did you mean `russia-urges`?)');
  });

  it('should report a learning objective that is not declared, in a note and in a contingency', () => {
    expect(at(kit.replace('objectives: [LO1] }', 'objectives: [LO2] }'))).toEqual([
      ['name/unknown-objective', 37, 65],
    ]);
    const issues = issuesOfText(kit.replace('      objectives: [LO1]\n', '      objectives: [LO1, L01]\n'));
    expect(issues.map((i) => [i.code, i.line, i.col, i.path])).toEqual([
      ['name/unknown-objective', 41, 25, ['facilitator', 'contingency', 0, 'objectives', 1]],
    ]);
    expect(issues[0]?.message).toBe(
      'unknown learning objective `L01` (did you mean `LO1`?): declare it under `facilitator.objectives`',
    );
  });

  it('should report two contingency injects with one id, and one with the id of an inject, at the id', () => {
    const twice = kit.replace(
      'debrief:',
      '    - { id: russia-adjourns, use: Later., by: russia, do: { type: talks.urge, format: trilateral }, text: Again. }\ndebrief:',
    );
    expect(at(twice)).toEqual([['facilitator/duplicate-contingency', 45, 13]]);
    const taken = issuesOfText(kit.replace('- id: russia-adjourns', '- id: russia-convenes'));
    expect(taken.map((i) => [i.code, i.line, i.col])).toEqual([['facilitator/contingency-id-taken', 39, 11]]);
    expect(taken[0]?.message).toContain('is already an inject');
  });

  it("should check a contingency's move as an inject's move is checked", () => {
    expect(
      at(
        kit.replace(
          '      by: russia\n      do: { type: talks.adjourn',
          '      by: rusia\n      do: { type: talks.adjourn',
        ),
      ),
    ).toEqual([['name/unknown-actor', 42, 11]]);
    expect(at(kit.replace('type: talks.adjourn', 'type: talks.adjurn'))).toEqual([
      ['name/unknown-event', 43, 19],
    ]);
    expect(
      at(
        kit.replace(
          'type: talks.adjourn, format: trilateral',
          'type: talks.adjourn, format: trilateral, venue: Moscow',
        ),
      ),
    ).toEqual([['event/unknown-field', 43, 54]]);
    expect(
      at(kit.replace('type: talks.adjourn, format: trilateral', 'type: talks.adjourn, format: minsk')),
    ).toEqual([['name/unknown-format', 43, 42]]);
  });

  it('should refuse a source that is not an http(s) address, wherever the kit cites one', () => {
    const quote = issuesOfText(kit.replace('source: https://example.org/a', 'source: javascript:alert(1)'));
    expect(quote.map((i) => [i.code, i.line, i.col, i.path])).toEqual([
      ['schema/invalid-format', 31, 67, ['briefs', 'armenia', 'confidential', 'quotes', 0, 'source']],
    ]);
    expect(at(kit.replace('source: https://example.org/b', 'source: ftp://example.org/b'))).toEqual([
      ['schema/invalid-format', 48, 61],
    ]);
    expect(
      at(
        kit.replace(
          '      text: Russia adjourns the talks.\n',
          '      text: Russia adjourns the talks.\n      source: file:///etc/passwd\n',
        ),
      ),
    ).toEqual([['schema/invalid-format', 45, 15]]);
  });

  it('should refuse an unknown key in any part of the kit, with a hint', () => {
    const issues = issuesOfText(kit.replace('redLines:', 'redlines:'));
    expect(issues.map((i) => [i.code, i.line, i.col])).toEqual([['schema/unrecognized-key', 29, 7]]);
    expect(issues[0]?.message).toBe(
      'unknown key `redlines` in briefs.armenia.confidential (did you mean `redLines`?)',
    );
    expect(at(kit.replace('  hotWash:', '  hotwash:'))).toEqual([['schema/unrecognized-key', 46, 3]]);
    // The misspelt key is reported with a hint, and the key it stands for as missing.
    expect(at(kit.replace('      use: When', '      usage: When'))).toEqual([
      ['schema/missing-field', 39, 7],
      ['schema/unrecognized-key', 40, 7],
    ]);
  });

  it('should refuse a quote dated on a day that does not exist', () => {
    expect(at(kit.replace('date: 2020-11-12', 'date: 2020-02-30'))).toEqual([['date/invalid', 31, 47]]);
  });
});

describe('what-ifs and extends: on the kit', () => {
  const whatIf = (body: string) =>
    `${kit}whatIfs:\n  no-convening:\n    title: Russia never convenes\n${body}`;

  it('should carry the base kit into a branch, and patch it by key and by id', () => {
    const scenario = parseScenario(
      whatIf(`    removeInjects: [russia-convenes]
    briefs:
      azerbaijan: { public: Azerbaijan waits. }
    facilitator:
      objectives: { LO2: A mediator alone cannot convene. }
      injects:
        russia-urges: { expect: [Nobody answers], objectives: [LO2] }
      contingency:
        - { id: russia-adjourns, use: Never., by: russia, do: { type: talks.urge, format: trilateral }, text: Russia urges again. }
    debrief:
      hotWash: [Why did nobody convene the talks?]
`),
      'kit.yaml',
    );
    const branch = applyWhatIf(scenario, 'no-convening').data;
    expect(Object.keys(branch.briefs ?? {})).toEqual(['armenia', 'azerbaijan']);
    expect(branch.facilitator?.objectives).toEqual({
      LO1: 'Talks convene only under mediators both parties accept.',
      LO2: 'A mediator alone cannot convene.',
    });
    expect(branch.facilitator?.injects?.['russia-urges']).toEqual({
      expect: ['Nobody answers'],
      objectives: ['LO2'],
    });
    expect(branch.facilitator?.contingency?.map((c) => c.text)).toEqual(['Russia urges again.']);
    expect(branch.debrief).toEqual({
      hotWash: ['Why did nobody convene the talks?'],
      record: [{ text: 'Russia brokered the ceasefire alone.', source: 'https://example.org/b' }],
    });
    expect(scenario.data.briefs?.azerbaijan).toBeUndefined();
  });

  it("should drop a removed inject's note with it, and accept a note on a what-if's own inject in the what-if", () => {
    const base = kit.replace(
      '    russia-urges: {',
      '    russia-convenes: { expect: [They meet] }\n    russia-urges: {',
    );
    const text =
      base +
      `whatIfs:
  quiet:
    title: Russia never convenes; Armenia asks instead
    removeInjects: [russia-convenes]
    injects:
      - { id: armenia-asks, date: 2020-11-27, by: armenia, do: { type: talks.urge, format: trilateral }, text: Armenia asks for talks., hypothetical: true }
    facilitator:
      injects:
        armenia-asks: { expect: [Russia answers], objectives: [LO1] }
`;
    const branch = applyWhatIf(parseScenario(text, 'kit.yaml'), 'quiet').data;
    expect(Object.keys(branch.facilitator?.injects ?? {})).toEqual(['russia-urges', 'armenia-asks']);
  });

  it('should report a base note on an inject only a what-if has, and say where the note goes', () => {
    const text =
      kit.replace(
        '    russia-urges: {',
        '    armenia-asks: { expect: [Russia answers] }\n    russia-urges: {',
      ) +
      `whatIfs:
  quiet:
    title: Armenia asks for talks
    injects:
      - { id: armenia-asks, date: 2020-11-27, by: armenia, do: { type: talks.urge, format: trilateral }, text: Armenia asks for talks., hypothetical: true }
`;
    const issues = issuesOfText(text);
    expect(issues.map((i) => [i.code, i.line, i.col])).toEqual([['name/unknown-inject', 37, 5]]);
    expect(issues[0]?.message).toContain("goes in that what-if's `facilitator:`");
  });

  it('should report a problem a what-if brings into the kit in the what-if', () => {
    const issues = issuesOfText(
      whatIf('    facilitator:\n      injects:\n        russia-urges: { objectives: [LO9] }\n'),
    );
    expect(issues.map((i) => [i.code, i.line, i.col, i.path])).toEqual([
      [
        'name/unknown-objective',
        54,
        38,
        ['whatIfs', 'no-convening', 'facilitator', 'injects', 'russia-urges', 'objectives', 0],
      ],
    ]);
    expect(issues[0]?.message).toMatch(/^what-if `no-convening`: unknown learning objective `LO9`/);
  });

  it('should carry the base kit through `extends:`, with the extending file adding to it', () => {
    const extending = `extends: kit.yaml
title: The kit, extended
facilitator:
  contingency:
    - { id: russia-walks-out, use: If talks stall., by: russia, do: { type: talks.boycott, format: trilateral }, text: Russia walks out. }
`;
    const scenario = parseScenario(extending, 'extended.yaml', {
      readBase: () => ({ file: 'kit.yaml', text: kit }),
    });
    expect(scenario.data.briefs?.armenia?.public).toBe('Armenia wants the talks to go on.');
    expect(scenario.data.facilitator?.contingency?.map((c) => c.id)).toEqual([
      'russia-adjourns',
      'russia-walks-out',
    ]);
    const wrong = issuesOf(() =>
      parseScenario(extending.replace('by: russia', 'by: rusia'), 'extended.yaml', {
        readBase: () => ({ file: 'kit.yaml', text: kit }),
      }),
    );
    // Placed in the file that wrote it, at the contingency list (its index there is not the resolved one).
    expect(wrong.map((i) => [i.file, i.code, i.line, i.col])).toEqual([
      ['extended.yaml', 'name/unknown-actor', 5, 5],
    ]);
  });
});

describe('seats', () => {
  const withSeats = (seats: string) => `${kit.trimEnd()}\nseats:\n${seats}`;
  const line = kit.trimEnd().split('\n').length + 2;

  it('should accept seats that share an actor or hold several, and leave them out of the hash', () => {
    const seated = parseScenario(
      withSeats(
        '  armenia-pm: { name: "Armenia, PM", actors: [armenia] }\n  simcell: { name: SimCell, actors: [armenia, russia] }\n',
      ),
      'kit.yaml',
    );
    expect(Object.keys(seated.data.seats ?? {})).toEqual(['armenia-pm', 'simcell']);
    expect(seated.hash).toBe(parseScenario(kit, 'kit.yaml').hash);
  });

  it('should report an unknown actor or brief of a seat at its line, with a hint', () => {
    const issues = issuesOfText(
      withSeats(
        '  armenia-pm: { name: PM, actors: [armenai] }\n  russia: { name: R, actors: [russia], brief: rusia }\n',
      ),
    );
    expect(issues.map((i) => [i.code, i.line])).toEqual([
      ['name/unknown-actor', line],
      ['name/unknown-actor', line + 1],
    ]);
    expect(issues[0]!.message).toContain('armenia');
  });
});
