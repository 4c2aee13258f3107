import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScenarioIssue, ScenarioIssueCode } from '../../src/scenario/issues.js';

const bin = 'dist/cli/bin.js';
const dir = 'test/fixtures/invalid';

function validate(file: string): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [bin, 'validate', file], { encoding: 'utf8', timeout: 60_000 });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Each broken scenario, the code of its first issue, where it must point (line:col of the offending
 * token) and what it must say. Every fixture is the same tiny scenario with one mistake.
 */
const cases: { file: string; code: ScenarioIssueCode; at: `${number}:${number}`; message: string }[] = [
  {
    file: 'unknown-actor.yaml',
    code: 'name/unknown-actor',
    at: '20:9',
    message: 'unknown actor `azerbajan` (did you mean `azerbaijan`?)',
  },
  {
    file: 'misspelled-key-injects.yaml',
    code: 'schema/unrecognized-key',
    at: '17:1',
    message: 'unknown key `injets` in the file (did you mean `injects`?)',
  },
  {
    file: 'misspelled-key-mediators.yaml',
    code: 'schema/unrecognized-key',
    at: '13:5',
    message: 'unknown key `mediatos` in formats.trilateral (did you mean `mediators`?)',
  },
  {
    file: 'bad-date-month.yaml',
    code: 'date/invalid',
    at: '19:11',
    message: 'injects[0].date is "2020-13-45", not a valid date (write YYYY-MM-DD, e.g. 2020-11-25)',
  },
  {
    file: 'bad-date-feb-30.yaml',
    code: 'date/invalid',
    at: '19:11',
    message: 'injects[0].date is "2020-02-30", not a valid date (write YYYY-MM-DD, e.g. 2020-11-25)',
  },
  {
    file: 'bad-calendar-date.yaml',
    code: 'date/invalid',
    at: '4:37',
    message: 'calendar.end is "2020-11-31", not a valid date',
  },
  {
    file: 'yaml-syntax.yaml',
    code: 'yaml/syntax',
    at: '20:9',
    message: 'YAML syntax error: Nested mappings are not allowed in compact mappings',
  },
  {
    file: 'duplicate-key.yaml',
    code: 'yaml/duplicate-key',
    at: '10:3',
    message: 'YAML syntax error: Map keys must be unique',
  },
  {
    file: 'unknown-event.yaml',
    code: 'name/unknown-event',
    at: '21:17',
    message: 'unknown event `talks.urj` (did you mean `talks.urge`?)',
  },
  {
    file: 'unknown-policy.yaml',
    code: 'name/unknown-policy',
    at: '8:48',
    message: 'unknown policy `rulez` (did you mean `rules`?)',
  },
  {
    file: 'unknown-format.yaml',
    code: 'name/unknown-format',
    at: '21:37',
    message: 'unknown format `trilaterl` (did you mean `trilateral`?)',
  },
  {
    file: 'unknown-event-field-reference.yaml',
    code: 'event/unknown-field',
    at: '13:44',
    message: 'format.propose has no field `mediator` (known: `by`, `format`)',
  },
  {
    file: 'inject-without-source.yaml',
    code: 'inject/missing-source',
    at: '18:5',
    message: 'inject `un-urges` cites no source: add `source:` with a URL, or mark it `hypothetical: true`',
  },
  {
    file: 'date-outside-calendar.yaml',
    code: 'date/outside-calendar',
    at: '19:11',
    message: '2020-12-04 is outside the calendar (2020-11-25 to 2020-11-30)',
  },
  {
    file: 'when-unknown-key.yaml',
    code: 'schema/unknown-condition',
    at: '19:13',
    message: 'unknown condition `happend` in injects[0].when (did you mean `happened`?)',
  },
  {
    file: 'extends-missing.yaml',
    code: 'extends/unreadable',
    at: '2:10',
    message: 'cannot read the base scenario `./no-such-base.yaml`',
  },
  {
    file: 'what-if-unknown-actor.yaml',
    code: 'name/unknown-actor',
    at: '29:41',
    message: 'what-if `turkey-mediates`: unknown actor `turky` (did you mean `turkey`?)',
  },
  {
    file: 'rule-on-unknown-format.yaml',
    code: 'name/unknown-format',
    at: '12:45',
    message: 'unknown format `quadrilaterl` (known: `trilateral`)',
  },
  {
    file: 'what-if-removes-unknown-inject.yaml',
    code: 'name/unknown-inject',
    at: '27:21',
    message: 'removeInjects: no inject `un-urge` in the base (did you mean `un-urges`?)',
  },
  {
    file: 'question-unknown-outcome.yaml',
    code: 'name/unknown-outcome',
    at: '30:12',
    message:
      'unknown outcome `talks-convene` (did you mean `talks-convened`?): a question asks about an outcome declared under `outcomes:`',
  },
  {
    file: 'rule-on-impossible-value.yaml',
    code: 'event/impossible-value',
    at: '12:45',
    message: 'format.consult.action can never be "apoint" (did you mean `appoint`?)',
  },
  {
    file: 'initial-demand-by-non-party.yaml',
    code: 'initial/demand-by-non-party',
    at: '18:28',
    message: 'only a party of the active format (or its legislature) can demand an exclusion, not `un`',
  },
  {
    file: 'proto-key.yaml',
    code: 'yaml/forbidden-key',
    at: '10:3',
    message: 'the key `__proto__` is not allowed (every JavaScript object has a `__proto__`); rename it',
  },
  {
    file: 'mediator-also-party.yaml',
    code: 'role/mediator-and-party',
    at: '14:36',
    message:
      '`russia` is both a mediator and a party of `trilateral`; an actor holds one role in a format: remove it from `mediators` or from `parties`',
  },
  {
    file: 'status-interim-unsigned.yaml',
    code: 'initial/status-without-settlement',
    at: '17:22',
    message:
      '`status: interim` needs a signed settlement, and none can be signed before the first day: start in `limbo` and add an inject in which every party signs (`settlement.sign` with `status: interim`)',
  },
  {
    file: 'unknown-payload-field.yaml',
    code: 'event/unknown-field',
    at: '21:49',
    message: 'talks.urge has no field `mediator` (known: `format`)',
  },
];

/** The tiny scenario every fixture is made from, without its mistake. */
const valid = `id: tiny
title: A tiny mediation
calendar: { start: 2020-11-25, end: 2020-11-30 }
actors:
  armenia: { name: Armenia, kind: state }
  azerbaijan: { name: Azerbaijan, kind: state, territorial: true }
  russia: { name: Russia, kind: state }
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
    text: The UN Secretary-General urges talks.
    source: https://savedelete.com/news/guterres-welcomes-continuing-ceasefire-in-nagorno-karabakh/377188/
`;

const scratch = mkdtempSync(join(tmpdir(), 'auspices-invalid-'));

beforeAll(() => {
  if (!existsSync(bin)) {
    const build = spawnSync('npm', ['run', '-s', 'build'], { encoding: 'utf8', stdio: 'inherit' });
    if (build.status !== 0) throw new Error('`npm run -s build` failed; the CLI tests need dist/cli/bin.js');
  }
});

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('auspices validate on broken scenarios', () => {
  it('should accept the tiny scenario the fixtures are made from', () => {
    const file = join(scratch, 'tiny.yaml');
    writeFileSync(file, valid);
    const result = validate(file);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`${file}: ok (4 actors, 1 injects, 0 what-ifs)\n`);
  });

  it('should have a case for every fixture', () => {
    const listed = cases.map((c) => c.file).sort();
    const fixtures = readdirSync(dir)
      .filter((f) => f.endsWith('.yaml'))
      .sort();
    expect(listed).toEqual(fixtures);
  });

  it.each(cases)('should report $file at $at', ({ file, at, message }) => {
    const path = `${dir}/${file}`;
    const result = validate(path);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(new RegExp(`^${escapeRegExp(`${path}:${at}: ${message}`)}`));
    expect(result.stderr).toMatch(/\nauspices: 1 of 1 file\(s\) invalid\n$/);
    expect(result.stderr).not.toContain('    at ');
    // One mistake, one issue: no duplicate reports of the same problem.
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(2);
  });

  it('should print one JSON object a line per file with --json, each issue with its code and path', () => {
    const tiny = join(scratch, 'tiny.yaml');
    writeFileSync(tiny, valid);
    const files = [tiny, ...cases.map((c) => `${dir}/${c.file}`)];
    const result = spawnSync(process.execPath, [bin, 'validate', '--json', ...files], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(`auspices: ${cases.length} of ${files.length} file(s) invalid\n`);
    const reports = result.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { file: string; ok: boolean; issues: ScenarioIssue[] });
    expect(reports[0]).toEqual({ file: tiny, ok: true, issues: [] });
    expect(
      reports.slice(1).map((r) => ({
        file: r.file,
        ok: r.ok,
        code: r.issues[0]?.code,
        at: `${r.issues[0]?.line}:${r.issues[0]?.col}`,
      })),
    ).toEqual(cases.map((c) => ({ file: `${dir}/${c.file}`, ok: false, code: c.code, at: c.at })));
    expect(reports.find((r) => r.file.endsWith('/unknown-actor.yaml'))?.issues).toEqual([
      {
        file: `${dir}/unknown-actor.yaml`,
        line: 20,
        col: 9,
        code: 'name/unknown-actor',
        path: ['injects', 0, 'by'],
        message: 'unknown actor `azerbajan` (did you mean `azerbaijan`?)',
      },
    ]);
  });

  it('should report every broken file when several are validated together', () => {
    const files = cases.slice(0, 3).map((c) => `${dir}/${c.file}`);
    const result = spawnSync(process.execPath, [bin, 'validate', ...files], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    for (const file of files) expect(result.stderr).toContain(`${file}:`);
    expect(result.stderr).toContain('auspices: 3 of 3 file(s) invalid');
  });
});
