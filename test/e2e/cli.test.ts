import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadScenarioSync } from '../../src/scenario/read-file.js';
import { inProcess } from '../support/in-process.js';

const bin = 'dist/cli/bin.js';
const flagship = 'scenarios/karabakh/format-week-2020.yaml';

/** Every scenario file under scenarios/, so that new files are covered without touching this test. */
const scenarioFiles = (readdirSync('scenarios', { recursive: true }) as string[])
  .filter((f) => /\.ya?ml$/.test(f))
  .map((f) => join('scenarios', f))
  .sort();

/**
 * The built binary in a child process: for what only the process shows (its exit code as a process, the
 * streams it writes to, `COLUMNS`). Each start costs about half a second.
 */
function spawnCli(...args: string[]): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 60_000 });
}

/** The same command line in this process (`runCli`, which the binary calls): for what commands print. */
const cli = (...args: string[]) => inProcess(args);

/** No stack trace reaches the user. */
function expectNoStack(result: { stdout: string; stderr: string }) {
  // A frame of a stack trace: "    at f (file.js:1:2)". Narration may start a wrapped line with "at".
  const frame = /^ {4}at .*:\d+:\d+\)?$/m;
  expect(result.stderr).not.toMatch(frame);
  expect(result.stdout).not.toMatch(frame);
}

beforeAll(() => {
  if (!existsSync(bin)) {
    const build = spawnSync('npm', ['run', '-s', 'build'], { encoding: 'utf8', stdio: 'inherit' });
    if (build.status !== 0) throw new Error('`npm run -s build` failed; the CLI tests need dist/cli/bin.js');
  }
});

describe('auspices CLI', () => {
  it('should find the scenario files, the flagship among them', () => {
    expect(scenarioFiles).toContain(flagship);
  });

  describe.each(scenarioFiles)('%s', (file) => {
    // A file that extends another is a small change to it (a what-if or a question), read by the same code:
    // it is validated with all the others below and run once. It inherits the other file's what-ifs, which
    // that file's own tests run: run only the what-ifs this file declares, so that each what-if runs once.
    const raw = parse(readFileSync(file, 'utf8')) as { extends?: string; whatIfs?: object };
    const extending = raw.extends !== undefined;
    const whatIfs = extending
      ? Object.keys(raw.whatIfs ?? {})
      : Object.keys(loadScenarioSync(file).data.whatIfs);

    it('should run with exit 0 and print the outcome', async () => {
      const result = await cli('run', file);
      expectNoStack(result);
      expect(result.status).toBe(0);
      expect(result.stdout).toMatch(/^Outcome$/m);
    });

    for (const name of whatIfs) {
      it(`should run the what-if ${name}`, async () => {
        const result = await cli('run', file, '--what-if', name);
        expectNoStack(result);
        expect(result.status).toBe(0);
        // The header, as one line however the terminal wraps it.
        expect(result.stdout.split('\n\n')[0]!.replace(/\n\s+/g, ' ')).toContain(' — what if: ');
        expect(result.stdout).toMatch(/^Outcome$/m);
      });
    }

    if (extending) return;

    it('should print byte-identical JSON for the same seed', async () => {
      const first = await cli('run', file, '--format', 'json', '--seed', '7');
      const second = await cli('run', file, '--format', 'json', '--seed', '7');
      expect(first.status).toBe(0);
      expect(second.status).toBe(0);
      expect(second.stdout).toBe(first.stdout);
      const report = JSON.parse(first.stdout) as { seed: number; replay: string };
      expect(report.seed).toBe(7);
      expect(report.replay).toMatch(/#seed=7;engine=kernel$/);
    });

    it('should print Markdown with an outcome section', async () => {
      const result = await cli('run', file, '--format', 'md');
      expect(result.status).toBe(0);
      expect(result.stdout).toContain('\n## Outcome\n');
    });
  });

  it('should validate every scenario file with exit 0, one line each, in one call', async () => {
    const result = await cli('validate', ...scenarioFiles);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(scenarioFiles.length);
    lines.forEach((line, i) => {
      expect(line.slice(0, scenarioFiles[i]!.length + 6)).toBe(`${scenarioFiles[i]}: ok (`);
      expect(line).toMatch(/: ok \(\d+ actors, \d+ injects, \d+ what-ifs?\)$/);
    });
  });

  it('should print the JSON Schema', async () => {
    const result = await cli('schema');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(readFileSync('scenarios/scenario.schema.json', 'utf8'));
  });

  describe('usage errors', () => {
    it('should exit 2 when `run` has no file', () => {
      const result = spawnCli('run');
      expect(result.status).toBe(2);
      expect(result.stderr).toContain("missing required argument 'file'");
      expectNoStack(result);
    });

    it('should exit 2 on a seed that is not an integer', async () => {
      const result = await cli('run', flagship, '--seed', 'abc');
      expect(result.status).toBe(2);
      expect(result.stderr).toContain('"abc" is not an integer seed');
      expect(result.stdout).toBe('');
      expectNoStack(result);
    });

    it('should exit 2 on an unknown format', async () => {
      const result = await cli('run', flagship, '--format', 'xml');
      expect(result.status).toBe(2);
      expect(result.stderr).toContain("'xml' is invalid");
      expect(result.stderr).toContain('text, md, json');
      expectNoStack(result);
    });

    it('should exit 2 on an unknown what-if and list the known ones', async () => {
      const known = Object.keys(loadScenarioSync(flagship).data.whatIfs);
      const result = await cli('run', flagship, '--what-if', 'france-recognizes');
      expect(result.status).toBe(2);
      expect(result.stderr).toBe(
        `auspices: unknown what-if "france-recognizes"; this scenario has: ${known.join(', ')}\n`,
      );
      expect(result.stdout).toBe('');
      expectNoStack(result);
    });

    it('should exit 2 on a missing scenario file', () => {
      const result = spawnCli('run', 'scenarios/karabakh/no-such-week.yaml');
      expect(result.status).toBe(2);
      expect(result.stderr).toBe('scenarios/karabakh/no-such-week.yaml:1:1: no such file\n');
      expectNoStack(result);
    });

    it('should exit 2 when one of several validated files is missing, still checking the others', async () => {
      const result = await cli('validate', flagship, 'scenarios/karabakh/no-such-week.yaml');
      expect(result.status).toBe(2);
      expect(result.stdout).toContain(`${flagship}: ok`);
      expect(result.stderr).toContain('scenarios/karabakh/no-such-week.yaml:1:1: no such file');
      expect(result.stderr).toContain('auspices: 1 of 2 file(s) invalid');
      expectNoStack(result);
    });

    it('should exit 2 on an unknown command', async () => {
      const result = await cli('simulate', flagship);
      expect(result.status).toBe(2);
      expect(result.stderr).toContain("unknown command 'simulate'");
      expectNoStack(result);
    });
  });

  describe('help and version', () => {
    it('should print the usage with --help and exit 0', () => {
      const result = spawnCli('--help');
      expect(result.status).toBe(0);
      expect(result.stdout).toContain('Usage: auspices');
      for (const command of ['run', 'validate', 'schema']) expect(result.stdout).toContain(command);
    });

    it('should print the options of `run` with `run --help`', async () => {
      const result = await cli('run', '--help');
      expect(result.status).toBe(0);
      for (const option of ['--seed', '--what-if', '--format']) expect(result.stdout).toContain(option);
    });

    it('should print the package version with --version and exit 0', () => {
      const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
      const result = spawnCli('--version');
      expect(result.status).toBe(0);
      expect(result.stdout).toBe(`${version}\n`);
    });
  });
});

describe('auspices run --engine', () => {
  const flagship = 'scenarios/karabakh/format-week-2020.yaml';

  it('should print the same JSON on both engines but for the engine name', async () => {
    const kernel = await cli('run', flagship, '--engine', 'kernel', '--format', 'json', '--seed', '7');
    const xstate = await cli('run', flagship, '--engine', 'xstate', '--format', 'json', '--seed', '7');
    expect(kernel.status).toBe(0);
    expect(xstate.status).toBe(0);
    const strip = (out: string) => {
      const json = JSON.parse(out) as Record<string, unknown>;
      expect(json.engine).toBeDefined();
      const { engine: _engine, replay, ...rest } = json;
      return { ...rest, replay: String(replay).replace(/;engine=\w+$/, '') };
    };
    expect(strip(kernel.stdout)).toEqual(strip(xstate.stdout));
    expect(JSON.parse(kernel.stdout).replay).toMatch(/;engine=kernel$/);
  });

  it('should print from the built binary, in another process, what it prints in this one', async () => {
    // The tests above run the command line in this process; this one ties them to the binary: the same
    // text report and the same JSON for the same seed, with exit 0, from a fresh process.
    for (const args of [
      ['run', flagship],
      ['run', flagship, '--format', 'json', '--seed', '7'],
    ]) {
      const spawned = spawnCli(...args);
      expectNoStack(spawned);
      expect(spawned.status, args.join(' ')).toBe(0);
      expect(spawned.stderr).toBe('');
      expect(spawned.stdout).toBe((await cli(...args)).stdout);
    }
  });

  it('should refuse an unknown engine with exit 2 and the allowed choices', async () => {
    const result = await cli('run', flagship, '--engine', 'turbo');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('Allowed choices are kernel, xstate');
    expectNoStack(result);
  });
});

describe('auspices run: output that fits the terminal', () => {
  const run = (columns?: string) =>
    spawnSync(process.execPath, [bin, 'run', flagship], {
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, COLUMNS: columns },
    });
  const widest = (text: string) =>
    Math.max(
      ...text
        .split('\n')
        .filter((l) => !/^ *(source: )?\S+$/.test(l))
        .map((l) => l.length),
    );

  it('should wrap to COLUMNS, to 80 columns with no terminal, and break no source URL', async () => {
    // The binary reads COLUMNS (two processes: without it and with it); the widths it passes on are
    // checked in this process.
    const piped = run();
    expect(piped.status).toBe(0);
    expect(widest(piped.stdout)).toBeLessThanOrEqual(80);
    expect(widest(run('120').stdout)).toBeGreaterThan(80);
    expect((await inProcess(['run', flagship], { columns: 80 })).stdout).toBe(piped.stdout);
    expect(widest((await inProcess(['run', flagship], { columns: 60 })).stdout)).toBeLessThanOrEqual(60);
    expect(piped.stdout).toContain(
      '\n        source: https://jam-news.net/french-senate-adopted-a-resolution-on-the-recognition-of-nagorno-karabakh/\n',
    );
  });
});
