import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { wantsColour } from '../../src/cli/colour.js';
import { hasScript } from '../support/tools.js';

const bin = 'dist/cli/bin.js';
const file = 'scenarios/karabakh/format-week-2020.yaml';
const ESC = String.fromCharCode(27);
const sgr = new RegExp(`${ESC}\\[[0-9;]*m`, 'g');
const run = (env: Record<string, string>, ...args: string[]) =>
  spawnSync(process.execPath, [bin, 'run', file, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '', FORCE_COLOR: '', ...env },
  });

describe('colour', () => {
  it('should follow NO_COLOR, FORCE_COLOR and TERM=dumb, else colour a terminal and never a pipe', () => {
    expect(wantsColour(true, {})).toBe(true);
    expect(wantsColour(false, {})).toBe(false);
    expect(wantsColour(undefined, {})).toBe(false);
    expect(wantsColour(true, { NO_COLOR: '1' })).toBe(false);
    expect(wantsColour(true, { NO_COLOR: '' })).toBe(true);
    expect(wantsColour(false, { FORCE_COLOR: '1' })).toBe(true);
    expect(wantsColour(true, { FORCE_COLOR: '0' })).toBe(false);
    expect(wantsColour(true, { NO_COLOR: '1', FORCE_COLOR: '1' })).toBe(false);
    expect(wantsColour(true, { TERM: 'dumb' })).toBe(false);
  });

  it('should colour the run timeline when forced, with the same text as without colour', () => {
    const plain = run({});
    const coloured = run({ FORCE_COLOR: '1' });
    expect(plain.stdout).not.toMatch(sgr);
    expect(coloured.stdout).toMatch(sgr);
    expect(coloured.stdout.replace(sgr, '')).toBe(plain.stdout);
    // A refused move is red, a region change green, a date bold.
    expect(run({ FORCE_COLOR: '1' }, '--what-if', 'france-recognises').stdout).toContain(`${ESC}[31m  ✗ `);
    expect(coloured.stdout).toContain(`${ESC}[32m        → `);
    expect(coloured.stdout).toContain(`${ESC}[1m25 Nov 2020${ESC}[22m`);
    // NO_COLOR wins, and JSON and Markdown are never coloured.
    expect(run({ FORCE_COLOR: '1', NO_COLOR: '1' }).stdout).not.toMatch(sgr);
    expect(run({ FORCE_COLOR: '1' }, '--format', 'json').stdout).not.toMatch(sgr);
    expect(run({ FORCE_COLOR: '1' }, '--format', 'md').stdout).not.toMatch(sgr);
  });

  it.skipIf(!hasScript())('should colour a real terminal, and not with NO_COLOR set', () => {
    const onTerminal = (env: Record<string, string>) =>
      spawnSync('script', ['-qec', `${process.execPath} ${bin} run ${file}`, '/dev/null'], {
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '', FORCE_COLOR: '', TERM: 'xterm', ...env },
      }).stdout;
    expect(onTerminal({})).toMatch(sgr);
    expect(onTerminal({ NO_COLOR: '1' })).not.toMatch(sgr);
  });
});
