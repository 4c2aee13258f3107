import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compare } from '../../src/batch/compare.js';
import { loadPolicyModule } from '../../src/batch/policy-module.js';
import { runBatch } from '../../src/batch/run-batch.js';
import { writeBatch } from '../../src/batch/run-dir.js';
import { loadScenarioSync } from '../../src/scenario/read-file.js';
import type { Scenario } from '../../src/scenario/scenario.js';
import type { BatchRecord } from '../../src/stats/batch.js';

// A real policy module on disk, imported by real worker threads.
const module = 'test/fixtures/policies/convener.mjs';
const file = 'test/fixtures/policies/us-convenes.yaml';
const bin = 'dist/cli/bin.js';
let scenario: Scenario;
let tmp: string;

const collect = async (records: AsyncIterable<BatchRecord>) => {
  const out: BatchRecord[] = [];
  for await (const r of records) out.push(r);
  return out;
};

beforeAll(async () => {
  scenario = loadScenarioSync(file, { policies: await loadPolicyModule(module) });
  tmp = mkdtempSync(join(tmpdir(), 'auspices-policies-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('custom policies in batches, loaded from a module in every worker', () => {
  it('should run the same records in worker threads and in this thread, with the policy acting', async () => {
    const inThreads = await collect(
      runBatch(scenario, { runs: 12, seed: 5, workers: 2, policyModule: module }),
    );
    const here = await collect(runBatch(scenario, { runs: 12, seed: 5, workers: 0, policyModule: module }));
    expect(inThreads).toEqual(here);
    // The convener calls the round for the co-chairs from day 5 whenever talks were urged.
    expect(inThreads.filter((r) => r.firstDay['talks:convened'] !== undefined).length).toBeGreaterThan(0);
    for (const r of inThreads)
      if (r.firstDay['talks:convened'] !== undefined)
        expect(r.firstDay['talks:convened']).toBeGreaterThanOrEqual(5);
  });

  it('should refuse a scenario with a custom policy and no module, naming the actor and the policy', async () => {
    await expect(collect(runBatch(scenario, { runs: 2, workers: 0 }))).rejects.toThrow(
      'auspices: runBatch: actor "usa" uses the policy "convener", which is not built in; name the module that exports it',
    );
  });

  it('should refuse a module that exports no policies, or not the one the scenario uses', async () => {
    await expect(
      collect(
        runBatch(scenario, { runs: 2, workers: 0, policyModule: 'test/fixtures/policies/nothing.mjs' }),
      ),
    ).rejects.toThrow(
      /nothing\.mjs exports no policies: export `policies`, an array of definePolicy\(\.\.\.\) results/,
    );
    await expect(
      collect(
        runBatch(scenario, { runs: 2, workers: 0, policyModule: 'test/fixtures/policies/missing.mjs' }),
      ),
    ).rejects.toThrow(/cannot load the policy module .*missing\.mjs/);
  });

  it('should compare and write a run directory with the module', async () => {
    const c = await compare(scenario, {
      runs: 8,
      whatIfs: ['france-recognises'],
      workers: 2,
      policyModule: module,
    });
    expect(c.branches[0]!.whatIf).toBe('france-recognises');
    const out = join(tmp, 'dir');
    await writeBatch(scenario, { runs: 6, out, source: file, workers: 2, policyModule: module });
    expect(readFileSync(join(out, 'results.jsonl'), 'utf8').trim().split('\n')).toHaveLength(6);
  });

  it('should take the module on the command line with --policies, for run, validate, batch and compare', () => {
    const cli = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
    const without = cli('validate', file);
    expect(without.status).toBe(2);
    expect(without.stderr).toContain('unknown policy `convener`');
    expect(without.stderr).toContain('--policies');
    expect(cli('validate', file, '--policies', module).status).toBe(0);
    const run = cli('run', file, '--policies', module, '--format', 'json');
    expect(run.status, run.stderr).toBe(0);
    const timeline = JSON.parse(run.stdout).timeline as { actor: string; origin: string }[];
    expect(timeline).toContainEqual(
      expect.objectContaining({ actor: 'usa', origin: 'policy', because: 'talks were urged' }),
    );
    const batch = cli('batch', file, '--policies', module, '--runs', '4', '--out', join(tmp, 'cli-batch'));
    expect(batch.status, batch.stderr).toBe(0);
    const cmp = cli('compare', file, '--policies', module, '--what-if', 'france-recognises', '--runs', '4');
    expect(cmp.status, cmp.stderr).toBe(0);
    const broken = cli(
      'batch',
      file,
      '--policies',
      'test/fixtures/policies/nothing.mjs',
      '--runs',
      '2',
      '--out',
      join(tmp, 'x'),
    );
    expect(broken.status).toBe(2);
    expect(broken.stderr).toContain('exports no policies');
    expect(broken.stderr).not.toMatch(/\n\s+at /);
  });
});
