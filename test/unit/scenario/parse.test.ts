import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../../../src/scenario/issues.js';
import { parseScenario } from '../../../src/scenario/parse.js';
import { loadScenario, loadScenarioSync } from '../../../src/scenario/read-file.js';
import type { Scenario } from '../../../src/scenario/scenario.js';
import { applyWhatIf, UnknownWhatIfError } from '../../../src/scenario/what-if.js';
import { issuesOf } from '../../support/issues.js';

const flagshipFile = 'scenarios/karabakh/format-week-2020.yaml';

/** A small complete scenario: the parties, Russia's trilateral format and a dated UN appeal. */
const trilateral = `id: trilateral-week
title: The Russia-led trilateral in late November 2020
calendar: { start: 2020-11-25, end: 2020-11-30 }
actors:
  armenia: { name: Armenia, kind: state, armed: true }
  azerbaijan: { name: Azerbaijan, kind: state, armed: true, territorial: true }
  russia: { name: Russia, kind: state }
  turkey: { name: Turkey, kind: state }
  un: { name: the UN Secretary-General, kind: institution }
formats:
  trilateral:
    name: the Russia-led trilateral
    mediators: [russia]
    parties: [armenia, azerbaijan]
initial:
  activeFormat: trilateral
injects:
  - id: un-urges
    date: 2020-11-27
    by: un
    do: { type: talks.urge, format: trilateral }
    text: The UN Secretary-General urges talks under the trilateral.
    source: https://savedelete.com/news/guterres-welcomes-continuing-ceasefire-in-nagorno-karabakh/377188/
whatIfs:
  turkey-mediates:
    title: Turkey joins Russia as a mediator
    tests: [R4]
    formats:
      trilateral: { mediators: [russia, turkey] }
    injects:
      - id: un-urges
        date: 2020-11-28
        by: un
        do: { type: talks.urge, format: trilateral }
        text: The UN Secretary-General urges talks a day later.
        hypothetical: true
`;

describe('parseScenario', () => {
  it('should parse a complete scenario and fill in the defaults', () => {
    const scenario = parseScenario(trilateral, 'trilateral.yaml');
    expect(scenario.file).toBe('trilateral.yaml');
    expect(scenario.whatIf).toBeNull();
    expect(scenario.changes).toEqual([]);
    expect(scenario.hash).toMatch(/^[0-9a-f]{16}$/);
    expect(scenario.data.seed).toBe(1);
    expect(scenario.data.outcomes).toEqual({});
    expect(scenario.data.invariants).toEqual([]);
    expect(Object.keys(scenario.data.actors)).toEqual(['armenia', 'azerbaijan', 'russia', 'turkey', 'un']);
    expect(scenario.data.injects[0]).toMatchObject({
      id: 'un-urges',
      by: 'un',
      do: { type: 'talks.urge', format: 'trilateral' },
    });
    expect(Object.keys(scenario.data.whatIfs)).toEqual(['turkey-mediates']);
  });

  it('should give equal text an equal hash and a changed scenario another hash', () => {
    const a = parseScenario(trilateral, 'a.yaml');
    const b = parseScenario(trilateral, 'b.yaml');
    const c = parseScenario(trilateral.replace('end: 2020-11-30', 'end: 2020-12-01'), 'a.yaml');
    expect(b.hash).toBe(a.hash);
    expect(c.hash).not.toBe(a.hash);
  });

  it('should read a scenario written as JSON', () => {
    const yaml = parseScenario(trilateral, 'trilateral.yaml');
    const json = parseScenario(JSON.stringify(yaml.data), 'trilateral.json');
    expect(json.data).toEqual(yaml.data);
    expect(json.hash).toBe(yaml.hash);
  });

  it('should locate a misspelt actor and suggest the right one', () => {
    const text = trilateral.replace(
      '    by: un\n    do: { type: talks.urge',
      '    by: azerbajan\n    do: { type: talks.urge',
    );
    const issues = issuesOf(() => parseScenario(text, 'trilateral.yaml'));
    expect(issues[0]).toEqual({
      file: 'trilateral.yaml',
      line: 20,
      col: 9,
      code: 'name/unknown-actor',
      path: ['injects', 0, 'by'],
      message: 'unknown actor `azerbajan` (did you mean `azerbaijan`?)',
    });
  });

  it('should render every issue as file:line:col: message in the error message', () => {
    const text = trilateral.replace('injects:\n  - id: un-urges', 'injets:\n  - id: un-urges');
    try {
      parseScenario(text, 'trilateral.yaml');
      expect.unreachable('the misspelt key should be rejected');
    } catch (error) {
      expect(error).toBeInstanceOf(ScenarioError);
      expect((error as Error).message).toBe(
        'trilateral.yaml:17:1: unknown key `injets` in the file (did you mean `injects`?)',
      );
    }
  });

  it('should report every missing top-level field', () => {
    const issues = issuesOf(() => parseScenario('id: empty\n', 'empty.yaml'));
    expect(issues.map((i) => i.message)).toEqual([
      'title is required (string)',
      'calendar is required (object)',
      'actors is required (record)',
      'formats is required (record)',
      'initial is required (object)',
    ]);
  });

  it('should refuse a file that is not a mapping at the top level', () => {
    for (const text of ['', '- armenia\n- azerbaijan\n', 'just a sentence']) {
      const issues = issuesOf(() => parseScenario(text, 'list.yaml'));
      expect(issues).toEqual([
        {
          file: 'list.yaml',
          line: 1,
          col: 1,
          code: 'schema/invalid-type',
          path: [],
          message: 'a scenario file must be a mapping (key: value pairs) at the top level',
        },
      ]);
    }
  });

  it('should refuse a YAML alias bomb without expanding it', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      lines.push(`${name}: &${name} [${Array(10).fill(`*${prev}`).join(', ')}]`);
    }
    const issues = issuesOf(() => parseScenario(lines.join('\n'), 'bomb.yaml'));
    expect(issues).toHaveLength(1);
    expect(issues[0]?.message).toContain('too many aliases');
  });

  it('should refuse nesting deeper than the limit', () => {
    let nested = 'end';
    for (let i = 0; i < 60; i++) nested = `{ not: ${nested} }`;
    const issues = issuesOf(() => parseScenario(`id: deep\nend: ${nested}\n`, 'deep.yaml'));
    expect(issues).toHaveLength(1);
    expect(issues[0]?.message).toBe('nesting deeper than 48 levels');
    expect(issues[0]?.line).toBe(2);
  });

  it('should refuse a `__proto__` key', () => {
    const text = trilateral.replace(
      '  un: { name: the UN Secretary-General, kind: institution }',
      '  un: { name: the UN Secretary-General, kind: institution }\n  __proto__: { name: Polluted, kind: state }',
    );
    const issues = issuesOf(() => parseScenario(text, 'proto.yaml'));
    expect(issues.map((i) => i.message)).toEqual([
      'the key `__proto__` is not allowed (every JavaScript object has a `__proto__`); rename it',
    ]);
    expect(({} as Record<string, unknown>).name).toBeUndefined();
  });

  it('should refuse `extends:` when no reader for base files is given', () => {
    const issues = issuesOf(() =>
      parseScenario('extends: ./trilateral.yaml\ntitle: A branch\n', 'branch.yaml'),
    );
    expect(issues).toEqual([
      {
        file: 'branch.yaml',
        line: 1,
        col: 10,
        code: 'extends/no-reader',
        path: ['extends'],
        message: '`extends:` needs a file to read from; use loadScenario(path)',
      },
    ]);
  });

  it('should resolve `extends:` against its base: patched fields, added injects, merged what-ifs', () => {
    const branch = `extends: ./trilateral.yaml
id: trilateral-boycott
title: What if Armenia boycotts the trilateral
seed: 9
injects:
  - id: armenia-boycotts
    date: 2020-11-28
    by: armenia
    do: { type: talks.boycott }
    text: Armenia boycotts the talks.
    hypothetical: true
whatIfs:
  later-appeal:
    title: The UN appeals on the last day
    injects:
      - id: un-urges
        date: 2020-11-30
        by: un
        do: { type: talks.urge, format: trilateral }
        text: The UN Secretary-General urges talks on the last day.
        hypothetical: true
`;
    const reads: [string, string][] = [];
    const scenario = parseScenario(branch, 'what-ifs/boycott.yaml', {
      readBase: (from, relative) => {
        reads.push([from, relative]);
        return { file: 'trilateral.yaml', text: trilateral };
      },
    });
    expect(reads).toEqual([['what-ifs/boycott.yaml', './trilateral.yaml']]);
    expect(scenario.data.id).toBe('trilateral-boycott');
    expect(scenario.data.title).toBe('What if Armenia boycotts the trilateral');
    expect(scenario.data.seed).toBe(9);
    expect(scenario.data.calendar).toEqual({ start: '2020-11-25', end: '2020-11-30' });
    expect(scenario.data.injects.map((i) => i.id)).toEqual(['un-urges', 'armenia-boycotts']);
    expect(Object.keys(scenario.data.whatIfs)).toEqual(['turkey-mediates', 'later-appeal']);
    expect(scenario.changes).toEqual(
      expect.arrayContaining([
        { op: 'replace', path: ['seed'], value: 9 },
        expect.objectContaining({ op: 'add', path: ['injects', 1] }),
      ]),
    );
    const base = parseScenario(trilateral, 'trilateral.yaml');
    expect(scenario.hash).not.toBe(base.hash);
  });

  it('should locate an error of an extending file in that file', () => {
    const branch = `extends: ./trilateral.yaml
title: What if Armenia boycotts
injects:
  - id: armenia-boycotts
    date: 2020-11-28
    by: armenai
    do: { type: talks.boycott }
    text: Armenia boycotts the talks.
    hypothetical: true
`;
    const issues = issuesOf(() =>
      parseScenario(branch, 'boycott.yaml', {
        readBase: () => ({ file: 'trilateral.yaml', text: trilateral }),
      }),
    );
    expect(issues[0]).toEqual({
      file: 'boycott.yaml',
      line: 6,
      col: 9,
      code: 'name/unknown-actor',
      path: ['injects', 1, 'by'],
      message: 'unknown actor `armenai` (did you mean `armenia`?)',
    });
  });

  it('should refuse an `extends:` cycle', () => {
    const self = 'extends: ./self.yaml\ntitle: A file that extends itself\n';
    const issues = issuesOf(() =>
      parseScenario(self, 'self.yaml', { readBase: () => ({ file: 'self.yaml', text: self }) }),
    );
    expect(issues).toHaveLength(1);
    expect(issues[0]?.message).toContain('`extends:` forms a cycle');
  });

  it('should report a base that cannot be read at the `extends:` value', () => {
    const issues = issuesOf(() =>
      parseScenario('extends: ./missing.yaml\ntitle: A branch\n', 'branch.yaml', {
        readBase: () => {
          throw new Error('ENOENT: no such file or directory');
        },
      }),
    );
    expect(issues).toEqual([
      {
        file: 'branch.yaml',
        line: 1,
        col: 10,
        code: 'extends/unreadable',
        path: ['extends'],
        message: 'cannot read the base scenario `./missing.yaml`: ENOENT: no such file or directory',
      },
    ]);
  });

  it('should check every what-if and prefix its issues with the what-if name', () => {
    const text = trilateral.replace(
      'trilateral: { mediators: [russia, turkey] }',
      'trilateral: { mediators: [russia, turky] }',
    );
    const issues = issuesOf(() => parseScenario(text, 'trilateral.yaml'));
    expect(issues).toEqual([
      {
        file: 'trilateral.yaml',
        line: 29,
        col: 41,
        code: 'name/unknown-actor',
        path: ['whatIfs', 'turkey-mediates', 'formats', 'trilateral', 'mediators', 1],
        message: 'what-if `turkey-mediates`: unknown actor `turky` (did you mean `turkey`?)',
      },
    ]);
  });
});

describe('loadScenarioSync', () => {
  it('should load the flagship with its actors, formats, injects and named what-ifs', () => {
    const scenario = loadScenarioSync(flagshipFile);
    expect(scenario.file).toBe(flagshipFile);
    expect(scenario.data.id).toBe('format-week-2020');
    expect(scenario.data.calendar).toEqual({ start: '2020-11-25', end: '2020-12-14' });
    expect(scenario.data.actors['france.senate']).toMatchObject({ kind: 'legislature', of: 'france' });
    expect(scenario.data.formats['minsk-group']).toMatchObject({
      auspices: 'osce',
      mediators: ['russia', 'usa', 'france'],
      parties: ['armenia', 'azerbaijan'],
    });
    expect(scenario.data.injects.find((i) => i.id === 'senate-vote')).toMatchObject({
      date: '2020-11-25',
      by: 'france.senate',
      source: 'https://tass.com/world/1228017',
    });
    expect(Object.keys(scenario.data.whatIfs)).toEqual(
      expect.arrayContaining([
        'france-recognises',
        'co-chairs-convene',
        'government-backs-demand',
        'russia-shares-monitoring',
      ]),
    );
  });

  it('should load the same file to the same hash every time', async () => {
    const a = loadScenarioSync(flagshipFile);
    const b = await loadScenario(flagshipFile);
    expect(b.hash).toBe(a.hash);
    expect(b.data).toEqual(a.data);
  });

  it('should report a missing file as a located issue', () => {
    const issues = issuesOf(() => loadScenarioSync('scenarios/karabakh/no-such-week.yaml'));
    expect(issues).toEqual([
      {
        file: 'scenarios/karabakh/no-such-week.yaml',
        line: 1,
        col: 1,
        code: 'file/not-found',
        path: [],
        message: 'no such file',
      },
    ]);
  });

  it('should report a directory as a located issue', () => {
    const issues = issuesOf(() => loadScenarioSync('scenarios/karabakh'));
    expect(issues[0]?.message).toBe('is a directory, not a scenario file');
  });
});

describe('applyWhatIf', () => {
  const flagship: Scenario = loadScenarioSync(flagshipFile);

  it('should apply a named what-if: replaced injects, added injects, merged actor rules', () => {
    const branch = applyWhatIf(flagship, 'france-recognises');
    expect(branch.whatIf).toBe('france-recognises');
    expect(branch.file).toBe(flagship.file);
    expect(branch.hash).not.toBe(flagship.hash);
    const mfa = branch.data.injects.find((i) => i.id === 'french-mfa-non-recognition');
    expect(mfa).toMatchObject({
      by: 'france',
      do: { type: 'recognition.grant', entity: 'nk' },
      hypothetical: true,
    });
    expect(branch.data.injects.map((i) => i.id)).toContain('co-chairs-try-to-convene');
    expect(branch.data.actors.azerbaijan?.rules?.map((r) => r.id)).toEqual([
      'back-turkish-seat',
      'reject-recognising-mediator',
    ]);
    expect(branch.data.actors.azerbaijan?.kind).toBe('state');
    expect(branch.changes.length).toBeGreaterThan(0);
    expect(branch.changes.every((c) => ['add', 'remove', 'replace'].includes(c.op))).toBe(true);
  });

  it('should leave the base scenario untouched', () => {
    const before = JSON.stringify(flagship.data);
    applyWhatIf(flagship, 'france-recognises');
    expect(JSON.stringify(flagship.data)).toBe(before);
    const mfa = flagship.data.injects.find((i) => i.id === 'french-mfa-non-recognition');
    expect(mfa?.do).toMatchObject({ type: 'recognition.decline' });
  });

  it('should merge a partial format patch into the base format', () => {
    const branch = applyWhatIf(parseScenario(trilateral, 'trilateral.yaml'), 'turkey-mediates');
    expect(branch.data.formats.trilateral).toMatchObject({
      name: 'the Russia-led trilateral',
      mediators: ['russia', 'turkey'],
      parties: ['armenia', 'azerbaijan'],
    });
    expect(branch.data.injects).toHaveLength(1);
    expect(branch.data.injects[0]?.date).toBe('2020-11-28');
  });

  it('should give each what-if its own hash, stable across applications', () => {
    const names = Object.keys(flagship.data.whatIfs);
    const hashes = names.map((n) => applyWhatIf(flagship, n).hash);
    expect(new Set([...hashes, flagship.hash]).size).toBe(names.length + 1);
    expect(names.map((n) => applyWhatIf(flagship, n).hash)).toEqual(hashes);
  });

  it('should throw UnknownWhatIfError listing the known names', () => {
    const known = Object.keys(flagship.data.whatIfs);
    try {
      applyWhatIf(flagship, 'france-recognizes');
      expect.unreachable('an unknown what-if must throw');
    } catch (error) {
      expect(error).toBeInstanceOf(UnknownWhatIfError);
      const e = error as UnknownWhatIfError;
      expect(e.known).toEqual(known);
      expect(e.message).toBe(`unknown what-if "france-recognizes"; this scenario has: ${known.join(', ')}`);
    }
  });

  it('should say so when the scenario defines no what-ifs', () => {
    const bare = parseScenario(trilateral.slice(0, trilateral.indexOf('whatIfs:')), 'bare.yaml');
    expect(() => applyWhatIf(bare, 'turkey-mediates')).toThrow(
      'unknown what-if "turkey-mediates"; this scenario defines no what-ifs',
    );
  });

  it('should not treat inherited object properties as what-ifs', () => {
    expect(() => applyWhatIf(flagship, 'toString')).toThrow(UnknownWhatIfError);
    expect(() => applyWhatIf(flagship, 'constructor')).toThrow(UnknownWhatIfError);
  });
});
