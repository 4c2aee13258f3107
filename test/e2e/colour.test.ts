import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { wantsColour } from '../../src/cli/colour.js';
import { runCli } from '../../src/cli/main.js';
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

/** `auspices ...argv` in this process at 160 columns (no line of the reports below wraps), in colour or not. */
async function cli(colour: boolean, ...argv: string[]): Promise<string> {
  let out = '';
  const code = await runCli(argv, { out: (t) => (out += t), err: () => {}, columns: 160, colour });
  expect(code).toBe(0);
  return out;
}

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

  // Forced colour, as FORCE_COLOR=1 gives the commands (the run test above checks the variables).
  it('should colour compare when forced, with the same text as without colour', async () => {
    const args = ['compare', file, '--what-if', 'france-recognises', '--runs', '2', '--workers', '0'];
    const plain = await cli(false, ...args);
    const coloured = await cli(true, ...args);
    expect(plain).not.toMatch(sgr);
    expect(coloured.replace(sgr, '')).toBe(plain);
    // Headings bold, column headings dim, a change whose interval leaves out zero bold, the others not.
    expect(coloured).toContain(`${ESC}[1mfrance-recognises${ESC}[22m`);
    expect(coloured).toContain(`${ESC}[2m  Outcome `);
    expect(coloured).toContain(`${ESC}[1m  In this run, a demand to exclude France stands at the end`);
    expect(coloured).toContain('\n  In this run, the ceasefire holds at the end');
    expect(await cli(true, ...args, '--format', 'md')).not.toMatch(sgr);
  });

  it('should colour explore when forced, with the same text as without colour', async () => {
    const args = ['explore', file, '--actors', 'france', '--depth', '2'];
    const out = mkdtempSync(join(tmpdir(), 'auspices-colour-'));
    const plain = await cli(false, ...args, '--out', out);
    const coloured = await cli(true, ...args, '--out', out);
    expect(plain).not.toMatch(sgr);
    // The figures line holds the time taken, which differs from one search to the next.
    const figures = /^States: .*$/m;
    expect(coloured.replace(sgr, '').replace(figures, '')).toBe(plain.replace(figures, ''));
    // Headings bold, the bound's notice yellow, invariants that hold and outcomes reached green, the
    // moves of a path and what the bound left open dim.
    expect(coloured).toContain(`${ESC}[1mINVARIANTS${ESC}[22m`);
    expect(coloured).toContain(`${ESC}[33mNOTICE: looked no further than --depth 2 moves`);
    expect(coloured).toContain(`${ESC}[32m  All hold in every state found`);
    expect(coloured).toContain(`${ESC}[32m  reachable   talks-urged: `);
    expect(coloured).toContain(`${ESC}[2m      France urges the parties`);
    expect(coloured).toContain(`${ESC}[2m  not found   turkey-mediates: `);
    // Every state France alone can reach is seen (256): an unreachable outcome or state is red.
    const whole = await cli(true, 'explore', file, '--actors', 'france', '--out', out);
    expect(whole).toContain(`${ESC}[31m  unreachable talks-under-co-chairs: `);
    expect(whole).toContain(`${ESC}[31m  unreachable: access:partial, `);
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
