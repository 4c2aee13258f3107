import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { inProcess } from '../support/in-process.js';
import {
  cli,
  cliCommand,
  expectNoStack,
  lines,
  quick,
  read,
  records,
  scratch,
  start,
  temporaries,
  until,
  visible,
} from './batch-cli.js';

/**
 * Run directories under retries, kills and failing disks: one writer at a time, nothing lost or doubled,
 * write errors reported as such, and a batch killed while it starts still resumable.
 */

const tmp = scratch('run-dirs');
const lockFile = '.auspices-lock';
/** The same batch, never interrupted: what every recovered directory must equal. */
const whole = join(tmp, 'whole');
const runs = '240';
const batchArgs = (out: string, ...more: string[]) => [
  'batch',
  quick,
  '--runs',
  runs,
  '--workers',
  '0',
  '--out',
  out,
  ...more,
];

/**
 * A command in this process: for resumes and refusals, where what counts is what the command writes and
 * says. Whatever holds or loses a lock, gets a signal or meets a full disk runs in a child process.
 */
const inCli = (...args: string[]) => inProcess(args);

beforeAll(async () => {
  const result = await inCli(...batchArgs(whole));
  expect(result.status, result.stderr).toBe(0);
});

/** A finished directory holds every run once, in order, byte for byte as the uninterrupted batch. */
function expectWhole(dir: string) {
  expect(read(dir, 'results.jsonl')).toBe(read(whole, 'results.jsonl'));
  expect(read(dir, 'summary.json')).toBe(read(whole, 'summary.json'));
  expect(JSON.parse(read(dir, 'manifest.json')).status).toBe('complete');
  expect(temporaries(dir)).toEqual([]);
  expect(existsSync(join(dir, lockFile))).toBe(false);
}

describe('auspices batch: one writer per run directory', () => {
  it('should refuse a second writer with exit 2 and a message naming the holder, doubling no run', async () => {
    const dir = join(tmp, 'two-writers');
    const first = start('batch', quick, '--runs', '100000', '--workers', '0', '--out', dir, '--resume');
    await until(() => lines(dir).length > 0, 60, 'the first writer to write a run');
    const second = cli('batch', quick, '--runs', '100000', '--workers', '0', '--out', dir, '--resume');
    expect(second.status, second.stderr).toBe(2);
    expect(second.stderr).toContain(`pid ${first.child.pid}`);
    expect(second.stderr).toContain(hostname());
    expectNoStack(second);
    first.child.kill('SIGTERM');
    expect([130, 143]).toContain(await first.exit); // stopped cleanly by the signal
    // Every run once, in order: nothing from the refused writer.
    const indices = records(dir).map((r) => r.index);
    expect(indices).toEqual([...indices.keys()]);
    // Released on the way out (SIGTERM).
    expect(existsSync(join(dir, lockFile))).toBe(false);
  }, 120_000);

  it('should take over the lock of a batch killed with SIGKILL, say so, and lose and repeat no run', async () => {
    const dir = join(tmp, 'killed');
    const killed = start(...batchArgs(dir));
    await until(() => lines(dir).length >= 20, 60, 'runs to be written');
    killed.child.kill('SIGKILL');
    await killed.exit;
    expect(existsSync(join(dir, lockFile))).toBe(true);
    const resumed = await inCli(...batchArgs(dir, '--resume'));
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain(`took over the lock of pid ${killed.child.pid} on ${hostname()}`);
    expectWhole(dir);
  }, 120_000);

  it('should release the lock when a second signal stops the batch at once', async () => {
    const dir = join(tmp, 'two-signals');
    const batch = start('batch', quick, '--runs', '100000', '--workers', '0', '--out', dir);
    await until(() => lines(dir).length > 0, 60, 'a run to be written');
    batch.child.kill('SIGTERM');
    batch.child.kill('SIGTERM');
    expect([130, 143]).toContain(await batch.exit);
    expect(existsSync(join(dir, lockFile))).toBe(false);
  }, 120_000);

  it('should refuse a lock whose holder runs on this host, and take over one not refreshed for minutes', async () => {
    const dir = join(tmp, 'held');
    mkdirSync(dir);
    // A live process on this host (this test's), its lock just refreshed.
    const holder = { pid: process.pid, hostname: hostname(), started: new Date().toISOString(), token: 'x' };
    writeFileSync(join(dir, lockFile), JSON.stringify(holder));
    const refused = cli(...batchArgs(dir, '--resume'));
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain(`pid ${process.pid} on ${hostname()}`);
    expect(refused.stderr).toContain(lockFile);
    expect(visible(dir)).toEqual([]);
    // A holder on another machine whose lock has not been refreshed for ten minutes is gone.
    const elsewhere = { ...holder, pid: 4242, hostname: 'node-that-died' };
    writeFileSync(join(dir, lockFile), JSON.stringify(elsewhere));
    const old = new Date(Date.now() - 600_000);
    utimesSync(join(dir, lockFile), old, old);
    const resumed = await inCli(...batchArgs(dir, '--resume'));
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain('took over the lock of pid 4242 on node-that-died');
    expectWhole(dir);
  }, 120_000);
});

describe('auspices batch: write failures', () => {
  /** Runs a shell script as root of a new user and mount name space, where it may mount a tmpfs. */
  const inNamespace = (script: string) =>
    spawnSync('unshare', ['--user', '--map-root-user', '--mount', 'sh', '-c', script], {
      encoding: 'utf8',
      timeout: 120_000,
    });
  const canMount = inNamespace('mount -t tmpfs -o size=64k tmpfs /mnt').status === 0;

  it.skipIf(!canMount)(
    'should report a full disk with exit 1, the file and the OS error, leave no temporary file, and resume to the whole batch',
    async () => {
      const mnt = join(tmp, 'mnt');
      mkdirSync(mnt);
      const copy = join(tmp, 'disk-full');
      // 64 kB: the manifest and scenario copy fit, then a few dozen runs, then the disk is full.
      const script = [
        `mount -t tmpfs -o size=64k tmpfs '${mnt}'`,
        `${cliCommand(...batchArgs(join(mnt, 'run')))} 2> '${tmp}/disk-full.err'; echo $? > '${tmp}/disk-full.code'`,
        `cp -a '${mnt}/run' '${copy}'`,
      ].join(' && ');
      const result = inNamespace(script);
      expect(result.status, result.stderr).toBe(0);
      const stderr = read(tmp, 'disk-full.err');
      expect(read(tmp, 'disk-full.code').trim(), stderr).toBe('1');
      expect(stderr).toContain(join(mnt, 'run', 'results.jsonl'));
      expect(stderr).toContain('no space left on device');
      expect(stderr).toContain('--resume');
      expectNoStack({ stderr });
      expect(temporaries(copy)).toEqual([]);
      expect(lines(copy).length).toBeGreaterThan(0);
      expect(lines(copy).length).toBeLessThan(Number(runs));
      const resumed = await inCli(...batchArgs(copy, '--resume'));
      expect(resumed.status, resumed.stderr).toBe(0);
      expectWhole(copy);
    },
    120_000,
  );

  it('should report a file grown past its limit with exit 1 and the OS error, and resume to the whole batch', async () => {
    const dir = join(tmp, 'too-large');
    // 60 blocks of 512 bytes: the scenario copy fits, results.jsonl stops growing after some runs.
    const result = spawnSync('sh', ['-c', `ulimit -f 60; exec ${cliCommand(...batchArgs(dir))}`], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(result.status, result.stderr).toBe(1);
    expect(result.stderr).toContain(join(dir, 'results.jsonl'));
    expect(result.stderr).toContain('file too large');
    expectNoStack(result);
    expect(temporaries(dir)).toEqual([]);
    expect(lines(dir).length).toBeGreaterThan(0);
    const resumed = await inCli(...batchArgs(dir, '--resume'));
    expect(resumed.status, resumed.stderr).toBe(0);
    expectWhole(dir);
  }, 120_000);

  it('should remove stray temporary files on --resume, so none survives into a finished directory', async () => {
    const dir = join(tmp, 'strays');
    cpSync(whole, dir, { recursive: true });
    writeFileSync(join(dir, 'results.jsonl'), `${lines(whole).slice(0, 50).join('\n')}\n`);
    const manifest = JSON.parse(read(whole, 'manifest.json'));
    writeFileSync(
      join(dir, 'manifest.json'),
      JSON.stringify({ ...manifest, status: 'running', completed: 40 }),
    );
    writeFileSync(join(dir, 'manifest.json.tmp-999999'), '{"format":"auspices-ba');
    writeFileSync(join(dir, 'summary.json.tmp-12'), '');
    const resumed = await inCli(...batchArgs(dir, '--resume'));
    expect(resumed.status, resumed.stderr).toBe(0);
    expectWhole(dir);
  }, 120_000);
});

describe('auspices batch: a batch killed while it starts', () => {
  it('should start afresh on --resume when the first manifest was never written whole, and say so', async () => {
    const dir = join(tmp, 'torn-start');
    mkdirSync(dir);
    // What a kill during the first write of manifest.json leaves: its temporary file, cut short.
    writeFileSync(join(dir, 'manifest.json.tmp-31337'), '{\n  "format": "auspices-batch/1",\n  "sce');
    const resumed = await inCli(...batchArgs(dir, '--resume'));
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain('starting it afresh');
    expectWhole(dir);
  }, 120_000);

  it('should rebuild an empty manifest.json from the options on --resume, keeping the runs written, and say so', async () => {
    const dir = join(tmp, 'empty-manifest');
    mkdirSync(dir);
    writeFileSync(join(dir, 'manifest.json'), '');
    cpSync(join(whole, 'scenario.json'), join(dir, 'scenario.json'));
    writeFileSync(join(dir, 'results.jsonl'), `${lines(whole).slice(0, 30).join('\n')}\n{"index":30,"se`);
    const resumed = await inCli(...batchArgs(dir, '--resume'));
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain('rebuilt');
    expect(resumed.stdout).toContain('30 resumed');
    expectWhole(dir);
  }, 120_000);

  it('should refuse with exit 2, naming the file and line, to rebuild a manifest over runs of another seed', async () => {
    const dir = join(tmp, 'empty-manifest-other-seed');
    mkdirSync(dir);
    writeFileSync(join(dir, 'manifest.json'), '');
    writeFileSync(join(dir, 'results.jsonl'), `${lines(whole).slice(0, 10).join('\n')}\n`);
    const resumed = await inCli(...batchArgs(dir, '--resume', '--seed', '12'));
    expect(resumed.status).toBe(2);
    expect(resumed.stderr).toContain(`${join(dir, 'results.jsonl')}:1`);
    expectNoStack(resumed);
    expect(read(dir, 'manifest.json')).toBe('');
  }, 120_000);
});

describe('auspices batch and merge: --out', () => {
  it('should refuse an --out that names a file with exit 2 and a message, leaving the file as it was', async () => {
    const file = join(tmp, 'a-file.txt');
    writeFileSync(file, 'keep me\n');
    for (const args of [batchArgs(file), batchArgs(file, '--resume'), ['merge', whole, '--out', file]]) {
      const result = await inCli(...args);
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stderr).toContain(`${file}: --out names a file, not a directory`);
      expectNoStack(result);
      expect(read(tmp, 'a-file.txt')).toBe('keep me\n');
    }
    expect(readdirSync(tmp)).not.toContain('a-file.txt.tmp');
  }, 120_000);
});
