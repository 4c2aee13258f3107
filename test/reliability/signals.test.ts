import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeGame } from '../../src/play/play-save.js';
import { loadScenarioSync } from '../../src/scenario/read-file.js';
import { runScenario } from '../../src/sim/run-scenario.js';
import { saveRun } from '../../src/sim/saved-run.js';

// The real command line: the built binary (rebuilt by the global setup when a source is newer), in a
// child process, with real signals.
const cli = [resolve('dist/cli/bin.js')];
const flagship = resolve('scenarios/karabakh/format-week-2020.yaml');
const tmp = mkdtempSync(join(tmpdir(), 'auspices-signals-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Two centuries of three actors moving at random: a valid scenario whose run takes minutes. */
const long = join(tmp, 'long.yaml');
writeFileSync(
  long,
  `id: long-run
title: Two centuries of talks
calendar: { start: 2000-01-01, end: 2199-12-31 }
seed: 1
actors:
  north: { name: the North, kind: state, policy: random, params: { rate: 0.5 } }
  south: { name: the South, kind: state, policy: random, params: { rate: 0.5 } }
  org: { name: the Organisation, kind: institution, policy: random, params: { rate: 0.5 } }
formats:
  talks:
    name: the talks
    auspices: org
    appointedBy: org
    mediators: [org]
    parties: [north, south]
initial:
  activeFormat: talks
injects: []
`,
);

/**
 * How long the command line takes, here and now, to start and load the flagship (which `validate` does
 * and nothing more). Reading one scenario file is not cut into steps (it takes a fraction of a second on
 * an idle machine): the signals are sent once the work itself is under way.
 */
let startup = 0;

beforeAll(() => {
  const t = performance.now();
  spawnSync(process.execPath, [...cli, 'validate', flagship]);
  startup = performance.now() - t;
});

interface Stopped {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** Seconds from the signal to the exit. */
  readonly seconds: number;
  readonly stderr: string;
  readonly stdout: string;
}

/**
 * Start the command line, let it work for about a second after it has loaded its file (or after `ready`
 * holds of its output), send `signal`, and time how long it takes to exit. A command still running 10 s after the
 * signal is killed (and the test fails).
 */
async function interrupt(
  args: readonly string[],
  signal: 'SIGINT' | 'SIGTERM',
  ready?: (stdout: string) => boolean,
): Promise<Stopped> {
  const child = spawn(process.execPath, [...cli, ...args], { cwd: tmp, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += String(d);
  });
  child.stderr.on('data', (d) => {
    stderr += String(d);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.on('exit', (code, sig) => done({ code, signal: sig })),
  );
  if (ready) {
    const deadline = performance.now() + 60_000;
    while (!ready(stdout) && performance.now() < deadline && child.exitCode === null) await sleep(20);
    await sleep(1000);
  } else await sleep(startup * 1.3 + 1000);
  expect(child.exitCode, `still working when the signal is sent; stderr: ${stderr}`).toBe(null);
  const sent = performance.now();
  child.kill(signal);
  const result = await Promise.race([exited, sleep(10_000).then(() => null)]);
  const seconds = (performance.now() - sent) / 1000;
  if (!result) {
    child.kill('SIGKILL');
    await exited;
    return { code: null, signal: null, seconds, stderr, stdout };
  }
  return { ...result, seconds, stderr, stdout };
}

describe('auspices: Ctrl-C and SIGTERM stop long synchronous work', () => {
  it('should stop explore within 1.5 s of Ctrl-C (SIGINT), with exit 130 and a short message', async () => {
    const out = join(tmp, 'explored');
    const stopped = await interrupt(['explore', flagship, '--depth', '40', '--out', out], 'SIGINT');
    expect(stopped.seconds).toBeLessThan(1.5);
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toMatch(/^auspices: explore interrupted \(SIGINT\)/m);
    expect(stopped.stderr).not.toContain('    at ');
    // What was found is still reported, marked as partial.
    expect(stopped.stdout).toContain('NOTICE: the search was stopped (--max-seconds, or an interrupt)');
    expect(stopped.stderr).toMatch(
      /the report above is partial: the search was interrupted after \d+ states/,
    );
  });

  it('should stop explore within 1.5 s of SIGTERM, with exit 143', async () => {
    const out = join(tmp, 'explored');
    const stopped = await interrupt(['explore', flagship, '--depth', '40', '--out', out], 'SIGTERM');
    expect(stopped.seconds).toBeLessThan(1.5);
    expect(stopped.code).toBe(143);
    expect(stopped.stderr).toMatch(/^auspices: explore interrupted \(SIGTERM\)/m);
  });

  it('should stop explore on two worker threads within 1.5 s of SIGTERM, report what was found and exit 143', async () => {
    const out = join(tmp, 'explored-threads');
    const stopped = await interrupt(
      ['explore', flagship, '--depth', '40', '--workers', '2', '--out', out],
      'SIGTERM',
    );
    expect(stopped.seconds).toBeLessThan(1.5);
    expect(stopped.code).toBe(143);
    expect(stopped.stdout).toContain('NOTICE: the search was stopped (--max-seconds, or an interrupt)');
    expect(stopped.stdout).toMatch(/\son\s+2\s+worker\s+threads/);
    expect(stopped.stderr).toMatch(/^auspices: explore interrupted \(SIGTERM\)/m);
    expect(stopped.stderr).not.toContain('    at ');
  });

  it('should stop a stability analysis of a scenario on Ctrl-C, analyse what was found, and exit 130', async () => {
    const stopped = await interrupt(['stability', flagship, '--depth', '40'], 'SIGINT');
    expect(stopped.seconds).toBeLessThan(1.5);
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toMatch(/^auspices: stability interrupted \(SIGINT\)/m);
    expect(stopped.stdout).toMatch(/^PARTIAL: the search was stopped \(interrupted\) after [\d,]+ worlds/);
    expect(stopped.stdout).toContain('Equilibria:');
  });

  it('should stop a long run within 1.5 s of Ctrl-C (SIGINT), with exit 130', async () => {
    const stopped = await interrupt(['run', long], 'SIGINT');
    expect(stopped.seconds).toBeLessThan(1.5);
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toMatch(/^auspices: run interrupted \(SIGINT\)/m);
  });

  it('should stop a long run within 1.5 s of SIGTERM, with exit 143', async () => {
    const stopped = await interrupt(['run', long, '--format', 'json'], 'SIGTERM');
    expect(stopped.seconds).toBeLessThan(1.5);
    expect(stopped.code).toBe(143);
    expect(stopped.stderr).toMatch(/^auspices: run interrupted \(SIGTERM\)/m);
  });

  it('should stop validate of many files within 1.5 s of Ctrl-C (SIGINT), with exit 130', async () => {
    const files = Array.from({ length: 400 }, () => flagship);
    const stopped = await interrupt(['validate', ...files], 'SIGINT', (out) => out.includes(': ok ('));
    expect(stopped.seconds).toBeLessThan(1.5);
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toMatch(/^auspices: validate interrupted \(SIGINT\)/m);
  });

  it('should stop loading a long saved game (play --resume) within 1.5 s of SIGTERM, with exit 143', async () => {
    // Thousands of days passed: replaying them takes long. The saved run does not match (it is the
    // first day's), which the replay would find only at its end.
    const scenario = loadScenarioSync(long);
    const days = 20_000;
    const start = scenario.data.calendar.start;
    const game = encodeGame(
      {
        scenario: { id: scenario.data.id, hash: scenario.hash },
        as: 'north',
        whatIf: null,
        seed: scenario.data.seed,
        engine: 'kernel',
        turns: Array.from({ length: days }, (_, day) => ({
          day,
          date: new Date(Date.parse(start) + day * 86_400_000).toISOString().slice(0, 10),
          moves: [],
        })),
      },
      saveRun(runScenario(scenario, { untilDay: 0 }).state),
    );
    const saved = join(tmp, 'long.play.json');
    writeFileSync(saved, game);
    const stopped = await interrupt(['play', long, '--resume', saved], 'SIGTERM');
    expect(stopped.seconds).toBeLessThan(1.5);
    expect(stopped.code).toBe(143);
    expect(stopped.stderr).toMatch(/^auspices: play interrupted \(SIGTERM\)/m);
  });
});
