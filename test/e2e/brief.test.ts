import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// The command runs from the build, which the tests' global setup remakes whenever a source is newer: it
// sees the code as it is, and starts in about a third of the time that the sources through tsx take.
const fixture = 'test/fixtures/briefs/format-week-kit.yaml';
const scratch = mkdtempSync(join(tmpdir(), 'auspices-brief-'));

function cli(...args: string[]): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, ['dist/cli/bin.js', ...args], {
    encoding: 'utf8',
    timeout: 120_000,
  });
}

/** No stack trace reaches the user. */
function expectNoStack(result: SpawnSyncReturns<string>) {
  // A frame of a stack trace: "    at f (file.js:1:2)". Narration may start a wrapped line with "at".
  const frame = /^ {4}at .*:\d+:\d+\)?$/m;
  expect(result.stderr).not.toMatch(frame);
  expect(result.stdout).not.toMatch(frame);
}

const listed = (dir: string) => readdirSync(dir).sort();

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('auspices brief', () => {
  it("should write the kit into a new folder: the index, each role's brief, the public sheet, the inject list and the debrief", () => {
    const out = join(scratch, 'kit');
    const result = cli('brief', fixture, '--out', out);
    expectNoStack(result);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe(`brief: 7 files -> ${join(out, 'index.html')}`);
    expect(listed(out)).toEqual([
      'debrief.html',
      'facilitator.html',
      'index.html',
      'public.html',
      'role-armenia.html',
      'role-azerbaijan.html',
      'role-france.html',
    ]);
    for (const name of listed(out)) {
      const html = readFileSync(join(out, name), 'utf8');
      expect(html.startsWith('<!doctype html>')).toBe(true);
      expect(html).toContain('@page{size:A4');
    }
    const france = readFileSync(join(out, 'role-france.html'), 'utf8');
    expect(france).toContain('France co-chairs the Minsk Group');
    expect(france).toContain('They themselves haven&#39;t recognized [Karabakh].');
    const list = readFileSync(join(out, 'facilitator.html'), 'utf8');
    expect(list).toContain('The French Senate adopts a non-binding resolution');
    expect(list).toContain('href="https://tass.com/world/1228017"');
    expect(list).toContain('France&#39;s government says whether it will recognise');
    expect(readFileSync(join(out, 'debrief.html'), 'utf8')).toContain('Talks urged under the co-chairs');
  });

  it('should write the kit again over its own files, with one role only, and leave other files alone', () => {
    const out = join(scratch, 'again');
    mkdirSync(out);
    writeFileSync(join(out, 'notes.txt'), 'my notes');
    expect(cli('brief', fixture, '--out', out).status).toBe(0);
    const result = cli('brief', fixture, '--out', out, '--as', 'france', '--what-if', 'france-recognises');
    expectNoStack(result);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^brief: 5 files -> /);
    expect(readFileSync(join(out, 'notes.txt'), 'utf8')).toBe('my notes');
    expect(readFileSync(join(out, 'facilitator.html'), 'utf8')).toContain(
      'Azerbaijan withdraws its consent to France as a mediator',
    );
    expect(listed(out).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('should give the inject list and the debrief for a pack with no briefs, and say it has none', () => {
    const out = join(scratch, 'dam');
    const result = cli('brief', 'examples/worlds/river-dam.yaml', '-o', out);
    expect(result.status).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe(
      `brief: 3 files (this pack has no role briefs) -> ${join(out, 'index.html')}`,
    );
    expect(listed(out)).toEqual(['debrief.html', 'facilitator.html', 'index.html']);
  });

  it('should refuse to overwrite a file it did not write, and write nothing then', () => {
    const out = join(scratch, 'foreign');
    mkdirSync(out);
    writeFileSync(join(out, 'index.html'), '<p>my own page</p>');
    const result = cli('brief', fixture, '--out', out);
    expectNoStack(result);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      `auspices: ${join(out, 'index.html')} exists and was not written by auspices brief; choose another --out, or move that file away\n`,
    );
    expect(listed(out)).toEqual(['index.html']);
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toBe('<p>my own page</p>');
  });

  it('should refuse an --out that is a file, with exit 2', () => {
    const file = join(scratch, 'a-file');
    writeFileSync(file, 'keep me');
    const result = cli('brief', fixture, '--out', file);
    expectNoStack(result);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      `auspices: --out ${file} is a file, not a folder; give a folder to write the kit into\n`,
    );
    expect(readFileSync(file, 'utf8')).toBe('keep me');
  });

  it('should refuse an --as that names no role with a brief, with a hint', () => {
    const result = cli('brief', fixture, '--out', join(scratch, 'as'), '--as', 'azerbajan');
    expectNoStack(result);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(
      'auspices: --as azerbajan: no such actor (did you mean `azerbaijan`?); roles with briefs: azerbaijan, armenia, france\n',
    );
  });

  it('should refuse a scenario whose kit is wrong, at file:line:col, before writing anything', () => {
    const file = join(scratch, 'wrong.yaml');
    writeFileSync(
      file,
      readFileSync(fixture, 'utf8').replace('      objectives: [LO1]\n', '      objectives: [LO3]\n'),
    );
    const out = join(scratch, 'wrong');
    const result = cli('brief', file, '--out', out);
    expectNoStack(result);
    expect(result.status).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe(
      `${file}:142:20: unknown learning objective \`LO3\` (did you mean \`LO1\`?): declare it under \`facilitator.objectives\``,
    );
    expect(() => readdirSync(out)).toThrow();
  });
});
