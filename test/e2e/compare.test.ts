import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { loadScenarioSync } from '../../src/scenario/read-file.js';
import { runScenario } from '../../src/sim/run-scenario.js';
import type { Comparison } from '../../src/stats/compare.js';
import { inProcess } from '../support/in-process.js';

const bin = 'dist/cli/bin.js';
const flagship = 'scenarios/karabakh/format-week-2020.yaml';
const mayConvene = 'scenarios/karabakh/what-ifs/co-chairs-may-convene.yaml';
const tmp = mkdtempSync(join(tmpdir(), 'auspices-compare-'));

/** The built binary in a child process, with its worker threads: for the first comparison. */
function spawnCli(...args: string[]): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 120_000 });
}
/**
 * The same command line in this process, for what the other commands print. Comparisons here run with
 * `--workers 0`: in this process, worker threads would load the sources through tsx, slowly; the first
 * test compares with the binary's threads, and the batch tests show that results do not depend on them.
 */
const cli = (...args: string[]) => inProcess(args);

describe('auspices compare', () => {
  it('should pair runs on the same seeds and show the change with its interval and where a branch leaves', () => {
    const out = join(tmp, 'report');
    const result = spawnCli(
      'compare',
      mayConvene,
      '--what-if',
      'france-recognises',
      '--runs',
      '200',
      '--format',
      'json',
      '--out',
      out,
    );
    expect(result.status).toBe(0);
    // --out adds a self-contained HTML report, and the same JSON as stdout, beside each other.
    expect(readdirSync(out).sort()).toEqual(['compare.json', 'report.html']);
    expect(readFileSync(join(out, 'compare.json'), 'utf8')).toBe(result.stdout);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).not.toMatch(/<script|<link|<img|@import|\b(?:src|href)\s*=/i);
    const labels = [...parseHTML(html).document.querySelectorAll('figure')].map((f) =>
      f.getAttribute('aria-label'),
    );
    expect(labels).toContain(
      'Share of runs reaching each named outcome in each variant, with its 95% interval',
    );
    expect(labels).toContain('Share of runs in each talks state, day by day — france-recognises');
    expect(result.stderr).toContain(`${out}/report.html`);
    const c = JSON.parse(result.stdout) as Comparison;
    expect(c).toMatchObject({ against: 'paired', runs: 200, seed: 2020 });
    const convened = c.branches[0]!.outcomes.find((o) => o.id === 'talks-under-co-chairs')!;
    // The co-chairs convene in most base runs; with France's recognition, Azerbaijan's consent is gone (R4).
    expect(convened.base).toBeGreaterThan(0.8);
    expect(convened.branch).toBe(0);
    expect(convened.delta.mean).toBeCloseTo(convened.branch - convened.base, 4);
    expect(convened.delta.ci95[0]).toBeLessThan(convened.delta.mean);
    expect(convened.delta.ci95[1]).toBeGreaterThan(convened.delta.mean);
    const example = c.examples[0]!;
    expect(example.divergence).toMatchObject({ date: '2020-11-26' });
    expect(example.divergence!.branch).toContain('France recognises');
  });

  it('should tell the comparison in text, several what-ifs at once, with the same numbers', async () => {
    const text = await cli(
      'compare',
      mayConvene,
      '--what-if',
      'france-recognises',
      '--what-if',
      'co-chairs-convene',
      '--runs',
      '100',
      '--workers',
      '0',
    );
    expect(text.status).toBe(0);
    expect(text.stdout).toContain('100 paired runs (seed 2020)');
    expect(text.stdout).toMatch(/france-recognises\n/);
    expect(text.stdout).toMatch(/co-chairs-convene\n/);
    expect(text.stdout).toContain('first leaves the base on 26 Nov 2020');
    expect(text.stdout).toContain('this branch: France recognises');
  });

  it('should compare with the historical replay on --against-history', async () => {
    const result = await cli(
      'compare',
      flagship,
      '--what-if',
      'co-chairs-convene',
      '--runs',
      '20',
      '--against-history',
      '--format',
      'json',
      '--workers',
      '0',
    );
    expect(result.status).toBe(0);
    const c = JSON.parse(result.stdout) as Comparison;
    expect(c.against).toBe('history');
    const convened = c.branches[0]!.outcomes.find((o) => o.id === 'talks-under-co-chairs')!;
    expect(convened).toMatchObject({ base: 0, branch: 1 });
    expect(c.examples[0]!.divergence!.branch).toContain('convenes talks');
  });

  it('should refuse an unknown what-if, listing the known ones, and bad run counts', async () => {
    const unknown = await cli('compare', flagship, '--what-if', 'france-leaves', '--runs', '5');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('france-recognises');
    expect(unknown.stderr).not.toContain('    at ');
    for (const runs of ['0', '-3', 'many']) {
      const bad = await cli('compare', flagship, '--what-if', 'france-recognises', '--runs', runs);
      expect(bad.status, runs).toBe(2);
    }
    const taken = join(tmp, 'taken');
    mkdirSync(taken);
    writeFileSync(join(taken, 'notes.txt'), 'mine');
    const full = await cli(
      'compare',
      flagship,
      '--what-if',
      'france-recognises',
      '--runs',
      '5',
      '--out',
      taken,
    );
    expect(full.status).toBe(2);
    expect(full.stderr).toContain('holds other files (notes.txt)');
    expect(full.stderr).not.toContain('    at ');
    const none = await cli('compare', flagship, '--runs', '5');
    expect(none.status).toBe(2);
    expect(none.stderr).toContain("required option '-w, --what-if <name>'");
  });
});

describe('auspices run --at', () => {
  const scenario = loadScenarioSync(flagship);

  it('should replay history until the day before, then let the what-if take over', () => {
    const history = runScenario(scenario);
    const whatIf = runScenario(scenario, { whatIf: 'france-recognises' });
    const late = runScenario(scenario, { whatIf: 'france-recognises', at: '2020-11-28' });
    const early = runScenario(scenario, { whatIf: 'france-recognises', at: 1 });
    const upTo = (trace: typeof history.trace, day: number) => trace.filter((e) => e.day < day);
    expect(JSON.stringify(upTo(late.trace, 3))).toBe(JSON.stringify(upTo(history.trace, 3)));
    // France's recognition was due on 26 Nov: a branch from 28 Nov is too late for it, one from 26 Nov is not.
    expect(late.outcome.story.recognitions).toEqual(history.outcome.story.recognitions);
    expect(early.outcome.story.recognitions).toEqual(whatIf.outcome.story.recognitions);
    expect(early.state.scenario.branchedAt).toBe(1);
  });

  it('should name the branch day in the header and the replay token', async () => {
    const result = await cli('run', flagship, '--what-if', 'france-recognises', '--at', '1');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('from 26 Nov 2020 (history before)');
    expect(result.stdout).toContain(';at=2020-11-26');
  });

  it('should refuse --at without a what-if, or outside the calendar', async () => {
    const alone = await cli('run', flagship, '--at', '3');
    expect(alone.status).toBe(2);
    expect(alone.stderr).toContain('name it with --what-if NAME');
    for (const at of ['2021-01-01', '20', 'tomorrow']) {
      const bad = await cli('run', flagship, '--what-if', 'france-recognises', '--at', at);
      expect(bad.status, at).toBe(2);
      expect(bad.stderr).not.toContain('    at ');
    }
  });
});
