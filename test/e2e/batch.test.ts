import { type SpawnSyncReturns, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import { beforeAll, describe, expect, it } from 'vitest';
import { runBatch } from '../../src/batch/run-batch.js';
import { loadScenarioSync } from '../../src/scenario/read-file.js';
import type { BatchRecord, BatchSummary } from '../../src/stats/batch.js';
import { inProcess } from '../support/in-process.js';
import { hasScript as scriptInstalled } from '../support/tools.js';

const bin = 'dist/cli/bin.js';
const flagship = 'scenarios/karabakh/format-week-2020.yaml';
/** The flagship with four actors acting at random, so that runs differ from seed to seed. */
const volatile = 'test/fixtures/batch/volatile.yaml';
const tmp = mkdtempSync(join(tmpdir(), 'auspices-batch-'));

/** The built binary in a child process: for worker threads, signals, kills and the terminal. */
function spawnCli(...args: string[]): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 120_000 });
}
/** The same command line in this process: for what a command writes and prints with `--workers 0`. */
const cli = (...args: string[]) => inProcess(args);
const read = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8');
const summaryOf = (dir: string) => JSON.parse(read(dir, 'summary.json')) as BatchSummary;
const recordsOf = (dir: string) =>
  read(dir, 'results.jsonl')
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as BatchRecord);
function expectNoStack(result: { stderr: string }) {
  expect(result.stderr).not.toContain('    at ');
}

beforeAll(() => {
  if (!existsSync(bin)) throw new Error('the batch tests need the build: run `npm run build` first');
});

describe('auspices batch', () => {
  const runs = 40;
  const one = join(tmp, 'w1');
  beforeAll(() => {
    expect(
      spawnCli('batch', volatile, '--runs', `${runs}`, '--seed', '11', '--workers', '1', '--out', one).status,
    ).toBe(0);
  });

  it('should write a run directory: manifest, scenario, a line per run, summary and reports', () => {
    const manifest = JSON.parse(read(one, 'manifest.json'));
    expect(manifest).toMatchObject({ status: 'complete', runs, seed: 11, completed: runs, range: [0, runs] });
    expect(manifest.scenario).toMatchObject({
      id: 'volatile-format-week',
      file: 'scenario.json',
      source: volatile,
    });
    const records = recordsOf(one);
    expect(records.map((r) => r.index)).toEqual([...Array(runs).keys()]);
    expect(new Set(records.map((r) => r.seed)).size).toBe(runs);
    // Runs differ: this fixture's actors act at random.
    expect(new Set(records.map((r) => JSON.stringify(r.outcomes))).size).toBeGreaterThan(1);
    expect(summaryOf(one).runs).toBe(runs);
    expect(summaryOf(one)).toMatchObject({ format: 'auspices.batch-summary', formatVersion: 1 });
    // The scenario copy runs on its own and is the same scenario.
    expect(loadScenarioSync(join(one, 'scenario.json')).hash).toBe(manifest.scenario.hash);
  });

  it('should give identical results for any number of workers, and in this process', async () => {
    for (const workers of ['2', '0']) {
      const dir = join(tmp, `w${workers}`);
      const args = [
        'batch',
        volatile,
        '--runs',
        `${runs}`,
        '--seed',
        '11',
        '--workers',
        workers,
        '--out',
        dir,
      ];
      // Worker threads in the binary; with none, in this very process.
      expect((workers === '0' ? await cli(...args) : spawnCli(...args)).status).toBe(0);
      expect(read(dir, 'results.jsonl')).toBe(read(one, 'results.jsonl'));
      expect(read(dir, 'summary.json')).toBe(read(one, 'summary.json'));
    }
  });

  it('should give identical results when split into shards and merged, in any order', async () => {
    const shards = [0, 1, 2, 3].map((i) => join(tmp, `shard-${i}`));
    for (const [i, dir] of shards.entries()) {
      const result = await cli(
        'batch',
        volatile,
        '--runs',
        `${runs}`,
        '--seed',
        '11',
        '--shard',
        `${i}/4`,
        '--workers',
        '0',
        '--out',
        dir,
      );
      expect(result.status).toBe(0);
      expect(result.stdout).toContain(`(shard ${i}/4)`);
    }
    expect(recordsOf(shards[1]!).map((r) => r.index)).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    const merged = join(tmp, 'merged');
    const result = await cli('merge', shards[2]!, shards[0]!, shards[3]!, shards[1]!, '--out', merged);
    expect(result.status).toBe(0);
    expect(read(merged, 'results.jsonl')).toBe(read(one, 'results.jsonl'));
    expect(read(merged, 'summary.json')).toBe(read(one, 'summary.json'));
  });

  it('should refuse to merge a gap, an overlap or shards of another batch', async () => {
    const gap = await cli(
      'merge',
      join(tmp, 'shard-0'),
      join(tmp, 'shard-2'),
      join(tmp, 'shard-3'),
      '--out',
      join(tmp, 'gap'),
    );
    expect(gap.status).toBe(2);
    expect(gap.stderr).toContain('runs 10 to 19 of 40 are in none of the directories');
    const overlap = await cli('merge', join(tmp, 'shard-0'), join(tmp, 'w1'), '--out', join(tmp, 'overlap'));
    expect(overlap.status).toBe(2);
    expect(overlap.stderr).toContain('overlap');
    const other = join(tmp, 'other-seed');
    expect(
      (
        await cli(
          'batch',
          volatile,
          '--runs',
          `${runs}`,
          '--seed',
          '12',
          '--shard',
          '1/4',
          '--workers',
          '0',
          '--out',
          other,
        )
      ).status,
    ).toBe(0);
    const mixed = await cli('merge', join(tmp, 'shard-0'), other, '--out', join(tmp, 'mixed'));
    expect(mixed.status).toBe(2);
    expect(mixed.stderr).toContain('belongs to another batch (seed 12');
    expectNoStack(mixed);
  });

  it('should write a report whose numbers match summary.json, with charts and nothing loaded from outside', () => {
    const summary = summaryOf(one);
    const html = read(one, 'report.html');
    const { document } = parseHTML(html);
    expect(document.querySelectorAll('figure svg').length).toBeGreaterThanOrEqual(3);
    expect(html).not.toContain('<script');
    const convened = summary.outcomes.find((o) => o.id === 'talks-under-co-chairs')!;
    const shown = `${(convened.share * 100).toFixed(1)}%`;
    expect(document.body.textContent).toContain(shown);
    expect(read(one, 'report.md')).toContain(shown);
  });

  it('should finish a batch killed mid-way with --resume, losing and repeating no run', async () => {
    const dir = join(tmp, 'killed');
    // Enough runs that the kill comes mid-way: 8 chunks of 15 for one worker, killed after the third.
    const args = [bin, 'batch', volatile, '--runs', '120', '--seed', '11', '--workers', '1', '--out', dir];
    const child = spawn(process.execPath, args, { stdio: 'ignore' });
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        const lines = existsSync(join(dir, 'results.jsonl'))
          ? read(dir, 'results.jsonl').split('\n').length
          : 0;
        if (lines > 40) {
          clearInterval(poll);
          child.kill('SIGKILL');
          resolve();
        }
      }, 20);
    });
    await new Promise((resolve) => child.on('exit', resolve));
    // Simulate the worst case too: a line cut in half by the kill.
    writeFileSync(join(dir, 'results.jsonl'), `${read(dir, 'results.jsonl')}{"index":`);
    const before = read(dir, 'results.jsonl').split('\n').length - 1;
    expect(before).toBeLessThan(120);
    const resumed = spawnCli(
      'batch',
      volatile,
      '--runs',
      '120',
      '--seed',
      '11',
      '--workers',
      '2',
      '--out',
      dir,
      '--resume',
    );
    expect(resumed.status).toBe(0);
    expect(resumed.stdout).toMatch(/\d+ resumed/);
    const whole = join(tmp, 'whole');
    expect(
      spawnCli('batch', volatile, '--runs', '120', '--seed', '11', '--workers', '2', '--out', whole).status,
    ).toBe(0);
    expect(read(dir, 'results.jsonl')).toBe(read(whole, 'results.jsonl'));
    expect(read(dir, 'summary.json')).toBe(read(whole, 'summary.json'));
  }, 120_000);

  it('should stop on SIGTERM, say how to resume, and resume to the same result', async () => {
    const dir = join(tmp, 'terminated');
    const child = spawn(
      process.execPath,
      [bin, 'batch', volatile, '--runs', '120', '--seed', '11', '--workers', '1', '--out', dir],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += String(d);
    });
    const poll = setInterval(() => {
      if (existsSync(join(dir, 'results.jsonl')) && read(dir, 'results.jsonl').split('\n').length > 20) {
        clearInterval(poll);
        child.kill('SIGTERM');
      }
    }, 20);
    const code = await new Promise((resolve) => child.on('exit', resolve));
    clearInterval(poll);
    expect(code).toBe(130);
    expect(stderr).toContain('batch interrupted after');
    expect(stderr).toContain('--resume');
    expect(JSON.parse(read(dir, 'manifest.json')).status).toBe('interrupted');
    expect(
      spawnCli('batch', volatile, '--runs', '120', '--seed', '11', '--out', dir, '--resume').status,
    ).toBe(0);
    expect(recordsOf(dir).map((r) => r.index)).toEqual([...Array(120).keys()]);
  }, 120_000);

  it('should refuse bad input with exit 2 and a clear message, writing nothing', async () => {
    const cases: [string[], string][] = [
      [['--runs', '0'], '"0" is not a whole number of at least 1'],
      [['--runs', '-1'], 'is not a whole number of at least 1'],
      [['--runs', 'abc'], '"abc" is not a whole number of at least 1'],
      [['--runs', '5', '--workers', 'two'], '"two" is not a whole number of at least 0'],
      [['--runs', '5', '--shard', '4/4'], '"4/4" is not a shard'],
      [['--runs', '5', '--what-if', 'nope'], 'france-recognises'],
    ];
    for (const [args, message] of cases) {
      const dir = join(tmp, `bad-${args.join('_')}`);
      const result = await cli('batch', flagship, ...args, '--out', dir);
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stderr).toContain(message);
      expectNoStack(result);
      expect(existsSync(dir), args.join(' ')).toBe(false);
    }
    const missingOut = await cli('batch', flagship, '--runs', '5');
    expect(missingOut.status).toBe(2);
    expect(missingOut.stderr).toContain("required option '-o, --out <dir>'");
  });

  it('should refuse an unwritable or occupied --out, and a resume with other options', async () => {
    const readonly = join(tmp, 'readonly');
    spawnSync('mkdir', [readonly]);
    chmodSync(readonly, 0o500);
    const blocked = join(tmp, 'a-file');
    writeFileSync(blocked, 'not a directory');
    for (const out of [join(blocked, 'inside'), ...(process.getuid?.() === 0 ? [] : [join(readonly, 'x')])]) {
      const result = await cli('batch', flagship, '--runs', '3', '--out', out);
      expect(result.status, out).toBe(2);
      expect(result.stderr).toContain('cannot write the run directory');
      expectNoStack(result);
    }
    const occupied = await cli('batch', flagship, '--runs', '3', '--out', one);
    expect(occupied.status).toBe(2);
    expect(occupied.stderr).toContain('not empty; pass --resume');
    const otherSeed = await cli(
      'batch',
      volatile,
      '--runs',
      `${runs}`,
      '--seed',
      '99',
      '--out',
      one,
      '--resume',
    );
    expect(otherSeed.status).toBe(2);
    expect(otherSeed.stderr).toContain('started with seed 11, not seed 99');
  });
});

describe('auspices batch progress', () => {
  // `script` (util-linux) runs the command under a pseudo-terminal, as a user's terminal would.
  const hasScript = scriptInstalled();

  it.skipIf(!hasScript)('should draw a progress bar with runs, runs/s and time left on a terminal', () => {
    const dir = join(tmp, 'tty');
    const command = `${process.execPath} ${bin} batch ${volatile} --runs 30 --workers 1 --out ${dir}`;
    const result = spawnSync('script', ['-qec', command, '/dev/null'], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(result.status).toBe(0);
    // Each redraw starts with a carriage return or the escape sequence that moves to column 1.
    const frames = result.stdout
      .split('\r')
      .flatMap((f) => f.split(`${String.fromCharCode(27)}[1G`))
      .filter((f) => f.startsWith('batch ['));
    expect(frames.length).toBeGreaterThan(1);
    expect(frames.at(-1)).toMatch(/30\/30 runs · \d+ runs\/s · /);
    expect(frames.some((f) => /\d+ s left/.test(f))).toBe(true);
    expect(result.stdout).toContain('batch: 30 runs of volatile-format-week');
  });

  it('should print one summary line and no bar when not on a terminal', () => {
    const result = spawnCli('batch', volatile, '--runs', '10', '--workers', '0', '--out', join(tmp, 'plain'));
    expect(result.status).toBe(0);
    expect(result.stdout.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toBe('');
  });
});

describe('runBatch (library)', () => {
  it('should stop when its signal is aborted', async () => {
    const scenario = loadScenarioSync(volatile);
    const controller = new AbortController();
    const seen: number[] = [];
    await expect(async () => {
      for await (const record of runBatch(scenario, {
        runs: 500,
        workers: 1,
        chunk: 5,
        signal: controller.signal,
      })) {
        seen.push(record.index);
        if (seen.length === 12) controller.abort();
      }
    }).rejects.toThrow('the batch was stopped');
    expect(seen.length).toBeGreaterThanOrEqual(12);
    expect(seen.length).toBeLessThan(500);
    expect(seen).toEqual([...Array(seen.length).keys()]);
  });
});
