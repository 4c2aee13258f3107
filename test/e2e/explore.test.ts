import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { exploreAnswers } from '../support/explore-answers.js';
import { hasScript } from '../support/tools.js';

const bin = 'dist/cli/bin.js';
const flagship = 'scenarios/karabakh/format-week-2020.yaml';
const wrong = 'test/fixtures/explore/france-stays.yaml';

function cli(...args: string[]): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 120_000 });
}

beforeAll(() => {
  if (!existsSync(bin)) {
    const build = spawnSync('npm', ['run', '-s', 'build'], { encoding: 'utf8', stdio: 'inherit' });
    if (build.status !== 0) throw new Error('`npm run -s build` failed; the CLI tests need dist/cli/bin.js');
  }
});

describe('auspices explore', () => {
  it('proves what one actor can and cannot bring about, and writes each path as a runnable scenario', () => {
    const out = mkdtempSync(join(tmpdir(), 'explore-'));
    const r = cli('explore', flagship, '--actors', 'france', '--out', out);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Every reachable state was seen/);
    expect(r.stdout).toMatch(/All hold in every state found/);
    expect(r.stdout).toMatch(/unreachable access-unfettered/);
    expect(r.stdout).toMatch(/reachable {3}format-contested/);
    const file = join(out, 'reaches-format-contested.yaml');
    expect(existsSync(file)).toBe(true);
    const run = cli('run', file);
    expect(run.status, run.stderr).toBe(0);
  });

  it('exits 1 on a broken invariant, narrates the shortest counterexample and writes a file that replays it', () => {
    const out = mkdtempSync(join(tmpdir(), 'explore-'));
    const r = cli('explore', wrong, '--actors', 'osce', '--depth', '3', '--out', out);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/BROKEN france-co-chairs: France always co-chairs/);
    expect(r.stdout).toMatch(/shortest path: 3 moves over 1 day\b/);
    expect(r.stderr).toMatch(/1 invariant\(s\) broken: france-co-chairs/);
    const file = join(out, 'breaks-france-co-chairs.yaml');
    expect(readFileSync(file, 'utf8')).toMatch(/mediator.exclude/);
    // `auspices run` replays it and, like any run that breaks an invariant, exits 1.
    const run = cli('run', file, '--format', 'json');
    expect(run.status, run.stderr).toBe(1);
    const violations = (JSON.parse(run.stdout) as { outcome: { violations: { invariant: string }[] } })
      .outcome.violations;
    expect(violations.map((v) => v.invariant)).toContain('france-co-chairs');
  });

  it('prints JSON, and says when a bound cut the search short', () => {
    const r = cli(
      'explore',
      flagship,
      '--max-states',
      '50',
      '--json',
      '--out',
      mkdtempSync(join(tmpdir(), 'x-')),
    );
    expect(r.status, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout) as {
      states: number;
      bound: string;
      outcomes: { reachable: boolean | null }[];
    };
    expect(json).toMatchObject({ states: 50, bound: 'max-states' });
    expect(json.outcomes.some((o) => o.reachable === null)).toBe(true);
    const text = cli('explore', flagship, '--max-states', '50', '--out', mkdtempSync(join(tmpdir(), 'x-')));
    expect(text.stdout).toMatch(/NOTICE: stopped at --max-states 50/);
  });

  it('prints the same JSON for the same file and options, named and versioned, with timings only on --timing', () => {
    const out = mkdtempSync(join(tmpdir(), 'x-'));
    const args = ['explore', flagship, '--actors', 'france', '--depth', '3', '--json', '--out', out];
    const first = cli(...args);
    const second = cli(...args);
    expect(first.status, first.stderr).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    const json = JSON.parse(first.stdout) as Record<string, unknown>;
    expect([json.format, json.formatVersion, 'timing' in json]).toEqual(['auspices.explore', 1, false]);
    expect(json.invariantsChecked).toEqual(['I1', 'I2', 'I3', 'I4', 'I5', 'I6', 'I7', 'I11']);
    const timed = JSON.parse(cli(...args, '--timing').stdout) as { timing: Record<string, unknown> };
    expect(Object.keys(timed.timing)).toEqual(['seconds', 'statesPerSecond', 'rssBytes']);
  });

  it('finds on two worker threads the states, outcomes and shortest counterexamples one thread finds', () => {
    for (const [file, actors] of [
      [flagship, 'russia,turkey'],
      [wrong, 'osce'],
    ] as const) {
      const args = ['explore', file, '--actors', actors, '--depth', '3', '--json'];
      const one = cli(...args, '--out', mkdtempSync(join(tmpdir(), 'x-')));
      const two = cli(...args, '--workers', '2', '--out', mkdtempSync(join(tmpdir(), 'x-')));
      expect(two.status, two.stderr).toBe(one.status);
      expect(exploreAnswers(two.stdout), file).toEqual(exploreAnswers(one.stdout));
      expect((JSON.parse(two.stdout) as { workers: number }).workers).toBe(2);
      expect('workers' in (JSON.parse(one.stdout) as object)).toBe(false);
    }
    // The graph numbers the states of one search: refused with several threads.
    const graph = cli('explore', flagship, '--actors', 'france', '--graph', 'dot', '--workers', '2');
    expect(graph.status).toBe(2);
    expect(graph.stderr).toMatch(/--graph .* drop --workers/);
  });

  it('explores interchangeable actors as one, on one thread or two, with the answers of the search without', () => {
    const twin = 'test/fixtures/symmetry/twin-envoys.yaml';
    const out = mkdtempSync(join(tmpdir(), 'explore-'));
    const text = cli('explore', twin, '--depth', '4', '--out', out);
    // The file's invariant is wrong on purpose: exit 1, with a counterexample.
    expect(text.status, text.stderr).toBe(1);
    expect(text.stdout).toContain('Interchangeable, explored as one: envoy-a = envoy-b; north = south.');
    // The paths written are real moves: each replays to what it claims.
    const run = cli('run', join(out, 'reaches-no-envoy-left.yaml'), '--format', 'json');
    const { outcome } = JSON.parse(run.stdout) as {
      outcome: { outcomes: { id: string; reached: boolean }[] };
    };
    expect(outcome.outcomes.find((o) => o.id === 'no-envoy-left')?.reached).toBe(true);
    const args = ['explore', twin, '--depth', '4', '--json', '--out', mkdtempSync(join(tmpdir(), 'x-'))];
    const reduced = cli(...args);
    const full = cli(...args, '--no-symmetry');
    const two = cli(...args, '--workers', '2');
    const answers = (stdout: string) => {
      const { states: _s, edges: _e, ...rest } = exploreAnswers(stdout);
      return rest;
    };
    expect(answers(full.stdout)).toEqual(answers(reduced.stdout));
    expect(exploreAnswers(two.stdout)).toEqual(exploreAnswers(reduced.stdout));
    const states = (stdout: string) => (JSON.parse(stdout) as { states: number }).states;
    expect(states(full.stdout)).toBeGreaterThan(3 * states(reduced.stdout));
    expect((JSON.parse(reduced.stdout) as { symmetry: string[][] }).symmetry).toEqual([
      ['envoy-a', 'envoy-b'],
      ['north', 'south'],
    ]);
    expect('symmetry' in (JSON.parse(full.stdout) as object)).toBe(false);
  });

  it('exports the graph as DOT', () => {
    const r = cli('explore', flagship, '--actors', 'france', '--graph', 'dot');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^digraph explored \{/);
    expect(r.stdout).toMatch(/s0 -> s\d+ \[label="france /);
  });

  it('refuses bad options with exit 2 and no stack trace', () => {
    for (const args of [
      ['--actors', 'frnace'],
      ['--max-states', 'lots'],
      ['--what-if', 'nope'],
      ['--graph', 'png'],
      ['--workers', '0'],
    ]) {
      const r = cli('explore', flagship, ...args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).not.toContain('    at ');
    }
  });

  it('draws the statechart as SVG with elkjs, the scenario’s initial states lit', () => {
    const r = cli('diagram', flagship, '--format', 'svg');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^<svg /);
    expect(r.stdout).toMatch(/class="[^"]*active[^"]*" data-state="world\.talks\.dormant"/);
  });
});

describe('auspices explore --max-seconds', () => {
  it('should stop the search after that long and report what it found, marked as partial, with exit 0', () => {
    const started = performance.now();
    const result = cli(
      'explore',
      flagship,
      '--depth',
      '40',
      '--max-seconds',
      '1',
      '--json',
      '--out',
      mkdtempSync(join(tmpdir(), 'partial-')),
    );
    const seconds = (performance.now() - started) / 1000;
    expect(result.status, result.stderr).toBe(0);
    expect(seconds).toBeLessThan(20);
    const json = JSON.parse(result.stdout) as {
      bound: string;
      states: number;
      outcomes: { path: unknown }[];
    };
    expect(json.bound).toBe('stopped');
    expect(json.states).toBeGreaterThan(0);
    expect(json.outcomes.some((o) => o.path !== null)).toBe(true);
    const text = cli(
      'explore',
      flagship,
      '--depth',
      '40',
      '--max-seconds',
      '1',
      '--out',
      mkdtempSync(join(tmpdir(), 'partial-')),
    );
    expect(text.stdout).toContain('this report is partial');
    const bad = cli('explore', flagship, '--max-seconds', '0');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('"0" is not a whole number of at least 1');
  });
});

describe('auspices explore progress', () => {
  it.skipIf(!hasScript())(
    'should show states, depth, states/s and the queue on a terminal, and nothing when piped',
    () => {
      // Bounded by states, not time, so that a loaded machine still passes the 10,000 states of a progress line
      // (the search reports progress every 10,000 states found).
      const args = `explore ${flagship} --depth 40 --max-states 12000 --out ${mkdtempSync(join(tmpdir(), 'tty-'))}`;
      const onTerminal = spawnSync('script', ['-qec', `${process.execPath} ${bin} ${args}`, '/dev/null'], {
        encoding: 'utf8',
        env: { ...process.env, TERM: 'xterm' },
      }).stdout;
      expect(onTerminal).toMatch(/[\d,]+ states, depth \d+, [\d,]+ states\/s, [\d,]+ queued…/);
      const piped = cli(...args.split(' '));
      expect(piped.status).toBe(0);
      expect(piped.stderr).not.toContain('queued');
    },
  );
});
