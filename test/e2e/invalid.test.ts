import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const bin = 'dist/cli/bin.js';
const dir = 'test/fixtures/invalid';

function validate(file: string): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [bin, 'validate', file], { encoding: 'utf8', timeout: 60_000 });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Each broken scenario, where its first issue must point (line:col of the offending token) and what
 * it must say. Every fixture is the same tiny scenario with one mistake.
 */
const cases: { file: string; at: `${number}:${number}`; message: string }[] = [
  {
    file: 'unknown-actor.yaml',
    at: '20:9',
    message: 'unknown actor `azerbajan` (did you mean `azerbaijan`?)',
  },
  {
    file: 'misspelled-key-injects.yaml',
    at: '17:1',
    message: 'unknown key `injets` in the file (did you mean `injects`?)',
  },
  {
    file: 'misspelled-key-mediators.yaml',
    at: '13:5',
    message: 'unknown key `mediatos` in formats.trilateral (did you mean `mediators`?)',
  },
  {
    file: 'bad-date-month.yaml',
    at: '19:11',
    message: 'injects[0].date is "2020-13-45", not a valid date (write YYYY-MM-DD, e.g. 2020-11-25)',
  },
  {
    file: 'bad-date-feb-30.yaml',
    at: '19:11',
    message: 'injects[0].date is "2020-02-30", not a valid date (write YYYY-MM-DD, e.g. 2020-11-25)',
  },
  {
    file: 'bad-calendar-date.yaml',
    at: '4:37',
    message: 'calendar.end is "2020-11-31", not a valid date',
  },
  {
    file: 'yaml-syntax.yaml',
    at: '20:9',
    message: 'YAML syntax error: Nested mappings are not allowed in compact mappings',
  },
  {
    file: 'duplicate-key.yaml',
    at: '10:3',
    message: 'YAML syntax error: Map keys must be unique',
  },
  {
    file: 'unknown-event.yaml',
    at: '21:17',
    message: 'unknown event `talks.urj` (did you mean `talks.urge`?)',
  },
  {
    file: 'unknown-policy.yaml',
    at: '8:48',
    message: 'unknown policy `rulez` (did you mean `rules`?)',
  },
  {
    file: 'unknown-format.yaml',
    at: '21:37',
    message: 'unknown format `trilaterl` (did you mean `trilateral`?)',
  },
  {
    file: 'unknown-event-field-reference.yaml',
    at: '13:44',
    message: 'format.propose has no field `mediator` (known: `by`, `format`)',
  },
  {
    file: 'inject-without-source.yaml',
    at: '18:5',
    message: 'inject `un-urges` cites no source: add `source:` with a URL, or mark it `hypothetical: true`',
  },
  {
    file: 'date-outside-calendar.yaml',
    at: '19:11',
    message: '2020-12-04 is outside the calendar (2020-11-25 to 2020-11-30)',
  },
  {
    file: 'when-unknown-key.yaml',
    at: '19:13',
    message: 'unknown condition `happend` in injects[0].when (did you mean `happened`?)',
  },
  {
    file: 'extends-missing.yaml',
    at: '2:10',
    message: 'cannot read the base scenario `./no-such-base.yaml`',
  },
  {
    file: 'what-if-unknown-actor.yaml',
    at: '29:41',
    message: 'what-if `turkey-mediates`: unknown actor `turky` (did you mean `turkey`?)',
  },
  {
    file: 'rule-on-unknown-format.yaml',
    at: '12:45',
    message: 'unknown format `quadrilaterl` (known: `trilateral`)',
  },
  {
    file: 'what-if-removes-unknown-inject.yaml',
    at: '27:21',
    message: 'removeInjects: no inject `un-urge` in the base (did you mean `un-urges`?)',
  },
  {
    file: 'rule-on-impossible-value.yaml',
    at: '12:45',
    message: 'format.consult.action can never be "apoint" (did you mean `appoint`?)',
  },
  {
    file: 'initial-demand-by-non-party.yaml',
    at: '18:28',
    message: 'only a party of the active format (or its legislature) can demand an exclusion, not `un`',
  },
  { file: 'proto-key.yaml', at: '10:3', message: 'the key `__proto__` is not allowed; rename it' },
  {
    file: 'unknown-payload-field.yaml',
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

  it('should report every broken file when several are validated together', () => {
    const files = cases.slice(0, 3).map((c) => `${dir}/${c.file}`);
    const result = spawnSync(process.execPath, [bin, 'validate', ...files], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    for (const file of files) expect(result.stderr).toContain(`${file}:`);
    expect(result.stderr).toContain('auspices: 3 of 3 file(s) invalid');
  });
});
