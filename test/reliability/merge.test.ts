import { cpSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, expectNoStack, lines, quick, read, scratch } from './batch-cli.js';

/**
 * `auspices merge` checks what the shards hold, not only what their manifests say: the scenario copy
 * against the manifest's hash, and every line against its run's index and seed.
 */

const tmp = scratch('merge');
const runs = '60';
const shard = (i: number, seed = '11') => join(tmp, `seed-${seed}-shard-${i}`);

beforeAll(() => {
  for (const seed of ['11', '12'])
    for (const i of [0, 1]) {
      const result = cli(
        'batch',
        quick,
        '--runs',
        runs,
        '--seed',
        seed,
        '--workers',
        '0',
        '--shard',
        `${i}/2`,
        '--out',
        shard(i, seed),
      );
      expect(result.status, result.stderr).toBe(0);
    }
  const single = cli(
    'batch',
    quick,
    '--runs',
    runs,
    '--seed',
    '11',
    '--workers',
    '0',
    '--out',
    join(tmp, 'single'),
  );
  expect(single.status, single.stderr).toBe(0);
}, 120_000);

let copies = 0;
/** A copy of the two shards of seed 11, to tamper with. */
function copyShards(): [string, string] {
  const base = join(tmp, `copy-${copies++}`);
  const dirs: [string, string] = [join(base, 'shard-0'), join(base, 'shard-1')];
  dirs.forEach((dir, i) => cpSync(shard(i), dir, { recursive: true }));
  return dirs;
}

function expectRefused(dirs: readonly string[], ...messages: string[]) {
  const out = join(tmp, `merged-${copies}`);
  const result = cli('merge', ...dirs, '--out', out);
  expect(result.status, result.stderr).toBe(2);
  for (const message of messages) expect(result.stderr).toContain(message);
  expectNoStack(result);
  expect(existsSync(out), 'nothing written').toBe(false);
}

/** Replace line `n` (from 1) of a shard's results.jsonl. */
function editLine(
  dir: string,
  n: number,
  edit: (record: Record<string, unknown>) => Record<string, unknown>,
) {
  const all = lines(dir);
  all[n - 1] = JSON.stringify(edit(JSON.parse(all[n - 1]!)));
  writeFileSync(join(dir, 'results.jsonl'), `${all.join('\n')}\n`);
}

describe('auspices merge', () => {
  it('should merge untouched shards into the results of the same batch on one machine', () => {
    const out = join(tmp, 'merged-good');
    const result = cli('merge', shard(1), shard(0), '--out', out);
    expect(result.status, result.stderr).toBe(0);
    expect(read(out, 'results.jsonl')).toBe(read(join(tmp, 'single'), 'results.jsonl'));
    expect(read(out, 'summary.json')).toBe(read(join(tmp, 'single'), 'summary.json'));
  });

  it('should refuse with exit 2 a shard whose scenario.json is another scenario, naming the file', () => {
    const dirs = copyShards();
    const other = JSON.parse(read(dirs[1], 'scenario.json'));
    other.title = 'Another world altogether';
    other.seed = 99;
    writeFileSync(join(dirs[1], 'scenario.json'), JSON.stringify(other, null, 2));
    expectRefused(dirs, `${join(dirs[1], 'scenario.json')}: `, 'not the scenario its manifest.json names');
  });

  it('should refuse with exit 2 a line whose seed is not its run’s seed, naming the file and line', () => {
    const dirs = copyShards();
    editLine(dirs[0], 7, (record) => ({ ...record, seed: (record.seed as number) + 1 }));
    expectRefused(dirs, `${join(dirs[0], 'results.jsonl')}:7: `, 'seed');
  });

  it('should refuse with exit 2 lines from a batch with another seed, naming the file and line', () => {
    const dirs = copyShards();
    cpSync(join(shard(1, '12'), 'results.jsonl'), join(dirs[1], 'results.jsonl'));
    expectRefused(dirs, `${join(dirs[1], 'results.jsonl')}:1: `, 'batch seed 11');
  });

  it('should refuse with exit 2 a line edited by hand, naming the file', () => {
    const dirs = copyShards();
    editLine(dirs[1], 3, (record) => {
      const outcomes = record.outcomes as Record<string, boolean>;
      const [first] = Object.keys(outcomes);
      return { ...record, outcomes: { ...outcomes, [first!]: !outcomes[first!] } };
    });
    expectRefused(dirs, `${join(dirs[1], 'results.jsonl')}: `, 'changed after the batch finished');
  });

  it('should refuse with exit 2 a line that is not a run record, naming the file and line', () => {
    const dirs = copyShards();
    editLine(dirs[0], 2, ({ outcomes: _dropped, ...rest }) => rest);
    expectRefused(dirs, `${join(dirs[0], 'results.jsonl')}:2: `, 'outcomes');
  });
});
