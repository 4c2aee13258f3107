import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

// The scripts run in the real shells; .ci/run installs zsh and fish beside chromium.
const bin = resolve('dist/cli/bin.js');
const dir = mkdtempSync(join(tmpdir(), 'auspices-completion-'));

function cli(...args: string[]): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 60_000 });
}
function shell(name: string, script: string): SpawnSyncReturns<string> {
  const result = spawnSync(name, ['-c', script], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, PATH: `${dir}:${process.env.PATH}`, HOME: dir },
  });
  if (result.error)
    throw new Error(`${name} is needed for this test (apt-get install ${name}): ${result.error.message}`);
  return result;
}

const scripts: Record<string, string> = {};
beforeAll(() => {
  // `auspices` on the PATH, as an installed package puts it.
  symlinkSync(bin, join(dir, 'auspices'));
  for (const sh of ['bash', 'zsh', 'fish']) {
    const result = cli('completion', sh);
    expect(result.status, result.stderr).toBe(0);
    scripts[sh] = join(dir, `completion.${sh}`);
    writeFileSync(scripts[sh]!, result.stdout);
  }
});

describe('auspices completion', () => {
  it('should print scripts each shell accepts', () => {
    for (const sh of ['bash', 'zsh', 'fish']) {
      const check = shell(sh, `${sh === 'fish' ? 'fish' : sh} -n ${scripts[sh]}`);
      expect(check.status, `${sh}: ${check.stderr}`).toBe(0);
    }
  });

  it('should complete commands, options and option values in bash', () => {
    const complete = (words: string[]) =>
      shell(
        'bash',
        `source ${scripts.bash}; COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _auspices; printf '%s\\n' "\${COMPREPLY[@]}"`,
      ).stdout.trim();
    expect(complete(['auspices', 'ex'])).toBe('explore');
    expect(complete(['auspices', 'run', '--eng'])).toBe('--engine');
    expect(complete(['auspices', 'run', '--engine', '']).split('\n')).toEqual(['kernel', 'xstate']);
    expect(complete(['auspices', 'explore', '--graph', '']).split('\n')).toEqual(['dot', 'json']);
    expect(complete(['auspices', 'completion', '--h'])).toBe('--help');
    // A seed is no file name: nothing is offered.
    expect(complete(['auspices', 'run', '--seed', ''])).toBe('');
  });

  it('should complete commands, options and option values in fish, with their descriptions', () => {
    const complete = (line: string) => shell('fish', `source ${scripts.fish}; complete -C '${line}'`).stdout;
    expect(complete('auspices reg')).toBe(
      'regions\tlist the region modules a world is composed from, with their states, moves and rules: the whole library, or the world of a scenario file (its custom regions included)\n',
    );
    expect(complete('auspices batch --wor')).toContain('--workers\t');
    // fish sorts what it offers.
    expect(
      complete('auspices run --format ')
        .split('\n')
        .map((l) => l.split('\t')[0]),
    ).toEqual(['json', 'md', 'text', '']);
  });

  it('should register its function for auspices in zsh', () => {
    const result = shell(
      'zsh',
      `autoload -Uz compinit && compinit -u -d ${dir}/zcompdump && source ${scripts.zsh} && print -r -- $_comps[auspices]`,
    );
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe('_auspices');
  });

  it('should refuse an unknown shell with exit 2, naming the ones it knows', () => {
    const result = cli('completion', 'powershell');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(
      "command-argument value 'powershell' is invalid for argument 'shell'. Allowed choices are bash, zsh, fish.",
    );
  });
});

describe('auspices --version', () => {
  it('should print the version with -V and --version, and with -v as before', () => {
    const { version } = JSON.parse(spawnSync('cat', ['package.json'], { encoding: 'utf8' }).stdout) as {
      version: string;
    };
    for (const flag of ['-V', '--version', '-v']) {
      const result = cli(flag);
      expect(result.status).toBe(0);
      expect(result.stdout).toBe(`${version}\n`);
    }
  });

  it('should print the usage when run with no arguments', () => {
    const result = cli();
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Usage: auspices \[options\] \[command\]/);
  });
});
