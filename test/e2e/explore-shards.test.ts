import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { exploreAnswers, finished } from '../support/explore-answers.js';

/**
 * `auspices explore --shard i/n --exchange DIR`: a search shared between processes that run at once and
 * share a folder. Real processes of the built CLI, a real folder.
 */
const bin = 'dist/cli/bin.js';
const flagship = 'scenarios/karabakh/format-week-2020.yaml';
const wrong = 'test/fixtures/explore/france-stays.yaml';

const start = (args: readonly string[]) => finished(process.execPath, [bin, ...args]);

const tmp = () => mkdtempSync(join(tmpdir(), 'explore-shards-'));

describe('auspices explore --shard', () => {
  it('finds in three processes what one finds, and shard 0 reports it, with exit 1 on a broken invariant', async () => {
    for (const [file, actors, depth] of [
      [flagship, 'russia,turkey', '4'],
      [wrong, 'osce,france', '3'],
    ] as const) {
      const exchange = join(tmp(), 'exchange');
      const args = (i: number) => [
        'explore',
        file,
        '--actors',
        actors,
        '--depth',
        depth,
        '--json',
        '--shard',
        `${i}/3`,
        '--exchange',
        exchange,
        '--out',
        join(exchange, '..', `paths-${i}`),
      ];
      const [zero, one, two] = await Promise.all([start(args(0)), start(args(1)), start(args(2))]);
      const alone = spawnSync(
        process.execPath,
        [bin, 'explore', file, '--actors', actors, '--depth', depth, '--json', '--out', join(tmp(), 'p')],
        { encoding: 'utf8' },
      );
      expect(zero.code, zero.stderr).toBe(alone.status);
      expect(exploreAnswers(zero.stdout), file).toEqual(exploreAnswers(alone.stdout));
      expect((JSON.parse(zero.stdout) as { shards: number }).shards).toBe(3);
      for (const [i, other] of [
        [1, one],
        [2, two],
      ] as const) {
        expect(other.code, other.stderr).toBe(0);
        expect(other.stdout).toBe('');
        expect(other.stderr).toContain(`shard ${i}/3 done; shard 0/3 reports the search`);
      }
      // Shard 0 removed the levels' files once every shard had read them.
      expect(readdirSync(exchange).some((f) => f.startsWith('level-'))).toBe(false);
    }
  }, 120_000); // for each world, three processes at once and then one alone: slow on two loaded cores

  it('gives up with exit 2 when a shard does not come, and refuses a folder that holds another search', async () => {
    const exchange = join(tmp(), 'exchange');
    const args = ['explore', flagship, '--actors', 'france', '--exchange', exchange, '--shard-wait', '2'];
    const lonely = await start([...args, '--shard', '0/2']);
    expect(lonely.code).toBe(2);
    expect(lonely.stderr).toMatch(/waited 2 s for shard\(s\) 1\/2 to start in .*; start every shard at once/);
    expect(lonely.stderr).not.toContain('    at ');
    const again = await start([...args, '--shard', '0/2']);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(
      /already holds shard 0 of a search; give each search a new, empty --exchange folder/,
    );
    // Shards of different searches in one folder are told apart.
    const other = await start([...args, '--shard', '1/2', '--depth', '2']);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/shard 0\/2 in .* explores something else/);
  });

  it('stops at once on Ctrl-C while it waits for the other shards, and exits 2 on a folder it cannot use', async () => {
    const exchange = join(tmp(), 'exchange');
    const child = spawn(
      process.execPath,
      [bin, 'explore', flagship, '--actors', 'france', '--shard', '0/2', '--exchange', exchange],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += String(d);
    });
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    // Once it has started (its start file is written), it waits for shard 1/2, which never comes.
    for (let i = 0; i < 200 && !existsSync(join(exchange, 'shard-0.json')); i++) await sleep(50);
    await sleep(300);
    const sent = performance.now();
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(performance.now() - sent).toBeLessThan(1_500);
    expect(stderr).toMatch(/^auspices: explore interrupted \(SIGINT\)/m);
    const file = join(tmp(), 'a-file');
    writeFileSync(file, '');
    for (const place of [file, '/proc/no-such-place/x']) {
      const r = spawnSync(
        process.execPath,
        [bin, 'explore', flagship, '--shard', '0/2', '--exchange', place],
        { encoding: 'utf8' },
      );
      expect(r.status, place).toBe(2);
      expect(r.stderr).toMatch(
        /cannot use .* as the exchange folder: .*; choose a folder every shard can write/,
      );
      expect(r.stderr).not.toContain('    at ');
    }
  });

  it('refuses --shard without --exchange, with --workers or --graph, and --exchange alone, with exit 2', () => {
    for (const args of [
      ['--shard', '0/2'],
      ['--shard', '0/2', '--exchange', tmp(), '--workers', '2'],
      ['--shard', '0/2', '--exchange', tmp(), '--graph', 'dot'],
      ['--exchange', tmp()],
      ['--shard', '2/2', '--exchange', tmp()],
    ]) {
      const r = spawnSync(process.execPath, [bin, 'explore', flagship, ...args], { encoding: 'utf8' });
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).not.toContain('    at ');
    }
  });
});
