import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BatchRecord } from '../../src/stats/batch.js';
import { inProcess } from '../support/in-process.js';
import {
  cli,
  expectNoStack,
  lines,
  quick,
  read,
  records,
  rssMb,
  scratch,
  start,
  until,
  volatile,
} from './batch-cli.js';

/** Options at their limits: huge run counts, too many workers, seeds beyond 32 bits. */

const tmp = scratch('batch-options');
/** A command in this process: for refusals and for the runs a batch writes, not for memory or threads. */
const inCli = (...args: string[]) => inProcess(args);
const maxRuns = 2 ** 32;

/** Peak resident memory of a child process, sampled every 100 ms until `stop` resolves. */
async function peakRss(pid: number, stop: Promise<unknown>): Promise<number> {
  let peak = 0;
  let stopped = false;
  void stop.then(() => {
    stopped = true;
  });
  while (!stopped) {
    try {
      peak = Math.max(peak, rssMb(pid));
    } catch {
      break; // exited
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return peak;
}

describe('auspices batch and compare: --runs', () => {
  it('should refuse more runs than a batch holds with exit 2, stating the limit, writing nothing', async () => {
    const out = join(tmp, 'too-many');
    for (const args of [
      ['batch', quick, '--runs', '1000000000000', '--out', out],
      ['batch', quick, '--runs', String(maxRuns + 1), '--out', out],
      ['compare', quick, '--what-if', 'lowland-stays', '--runs', '1000000000000'],
    ]) {
      const result = await inCli(...args);
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stderr).toContain('at most 4294967296');
      expectNoStack(result);
    }
    expect(existsSync(out)).toBe(false);
  });

  it('should start writing the runs of the largest batch at once, in flat memory (tasks made on demand)', async () => {
    const out = join(tmp, 'largest');
    const batch = start('batch', quick, '--runs', String(maxRuns), '--workers', '0', '--out', out);
    const written = until(() => lines(out).length >= 100, 40, '100 runs of a batch of 2^32');
    const peak = peakRss(
      batch.child.pid!,
      written.catch(() => {}),
    );
    await written;
    batch.child.kill('SIGTERM');
    expect([130, 143]).toContain(await batch.exit);
    expect(await peak).toBeLessThan(400);
    expect(JSON.parse(read(out, 'manifest.json'))).toMatchObject({ runs: maxRuns, status: 'interrupted' });
  }, 120_000);

  it('should compare over the largest run count in flat memory', async () => {
    const compare = start(
      'compare',
      quick,
      '--what-if',
      'lowland-stays',
      '--runs',
      String(maxRuns),
      '--workers',
      '0',
    );
    const peak = peakRss(compare.child.pid!, new Promise((resolve) => setTimeout(resolve, 8_000)));
    const highest = await peak;
    const running = compare.child.exitCode === null;
    compare.child.kill('SIGTERM');
    expect([130, 143]).toContain(await compare.exit);
    expect(running, compare.stderr()).toBe(true);
    expect(highest).toBeLessThan(400);
  }, 120_000);
});

describe('auspices batch: --workers', () => {
  it('should cap worker threads at the CPU count with a message, and give the same results', async () => {
    const cpus = availableParallelism();
    const capped = cli('batch', quick, '--runs', '20', '--workers', '1000', '--out', join(tmp, 'w1000'));
    expect(capped.status, capped.stderr).toBe(0);
    expect(capped.stderr).toContain(`--workers 1000`);
    expect(capped.stderr).toContain(`using ${cpus}`);
    const inThisProcess = await inCli(
      'batch',
      quick,
      '--runs',
      '20',
      '--workers',
      '0',
      '--out',
      join(tmp, 'w0'),
    );
    expect(inThisProcess.status, inThisProcess.stderr).toBe(0);
    expect(read(join(tmp, 'w1000'), 'results.jsonl')).toBe(read(join(tmp, 'w0'), 'results.jsonl'));
  }, 120_000);
});

describe('auspices batch: --seed', () => {
  const done = new Map<string, BatchRecord[]>();
  /** The records of a 4-run batch (each batch runs once). */
  const batch = async (seed: string, file = quick) => {
    const out = join(tmp, `seed-${seed}-${file === quick ? 'quick' : 'volatile'}`);
    if (!done.has(out)) {
      const result = await inCli(
        'batch',
        file,
        '--runs',
        '4',
        '--seed',
        seed,
        '--workers',
        '0',
        '--out',
        out,
      );
      expect(result.status, result.stderr).toBe(0);
      done.set(out, records(out));
    }
    return done.get(out)!;
  };

  it('should give different batches for seeds that differ only above the low 32 bits', async () => {
    // Above 2^32, and negative against its low 32 bits (the largest safe integers go the same way).
    const pairs: [string, string][] = [
      ['1', String(2 ** 32 + 1)],
      ['4294967295', '-1'],
    ];
    for (const [a, b] of pairs) {
      const seedsB = (await batch(b)).map((r) => r.seed);
      for (const seed of (await batch(a)).map((r) => r.seed))
        expect(seedsB, `${a} and ${b}`).not.toContain(seed);
    }
    // Different runs, not only different seeds: the volatile fixture's runs differ from seed to seed.
    const timelines = async (seed: string) =>
      JSON.stringify((await batch(seed, volatile)).map((r) => r.timeline));
    expect(await timelines(String(2 ** 32 + 1))).not.toBe(await timelines('1'));
  }, 120_000);

  it('should keep the runs of seeds 0 to 2^32 - 1 as they were (run seeds recorded before the change)', async () => {
    expect((await batch('2020')).map((r) => r.seed).slice(0, 2)).toEqual([1393568914, 1154857384]);
    expect((await batch('0'))[0]!.seed).toBe(1189528660);
    expect((await batch('1'))[0]!.seed).toBe(434811628);
    expect((await batch('4294967295'))[0]!.seed).toBe(3678384314);
    expect((await batch('2147483648'))[3]!.seed).toBe(3603978906);
  }, 120_000);
});
