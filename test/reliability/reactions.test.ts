import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// The real command line: the built binary (rebuilt by the global setup when a source is newer), in a
// child process.
const cli = (...args: string[]) =>
  spawnSync(
    process.execPath,
    ['dist/cli/bin.js', ...args],
    // A command that never ends is killed outright: before this limit, such a run ignored SIGTERM.
    { encoding: 'utf8', timeout: 30_000, killSignal: 'SIGKILL' },
  );
const tmp = mkdtempSync(join(tmpdir(), 'auspices-reactions-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A small world; `rules` is the YAML of the actors' rules, indented under `actors:`. */
function world(name: string, actors: string): { file: string; text: string } {
  const text = `id: ${name}
title: Rules that answer rules
calendar: { start: 2021-03-01, end: 2021-04-29 }
seed: 1
actors:
${actors}
  org: { name: the Organisation, kind: institution }
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
`;
  const file = join(tmp, `${name}.yaml`);
  writeFileSync(file, text);
  return { file, text };
}

/** `file:line:col` of the rule whose `id:` is `id`, as validation locates a rule. */
function at(w: { file: string; text: string }, id: string): string {
  const lines = w.text.split('\n');
  const line = lines.findIndex((l) => l.includes(`id: ${id}`));
  return `${w.file}:${line + 1}:${lines[line]!.indexOf(`id: ${id}`) + 1}`;
}

// The South answers each of its own statements with two: the moves double every day.
const doubling = world(
  'doubling',
  `  north: { name: the North, kind: state }
  south:
    name: the South
    kind: state
    policy: rules
    rules:
      - id: opening
        do: { type: statement.issue, topic: talks }
      - id: echo
        on: { type: statement.issue, by: south }
        do:
          - { type: statement.issue, topic: talks }
          - { type: statement.issue, topic: more talks }`,
);

// The South keeps convening talks it may not convene, twice for each refusal.
const retrying = world(
  'retrying',
  `  north: { name: the North, kind: state }
  south:
    name: the South
    kind: state
    policy: rules
    rules:
      - id: first-try
        do: { type: talks.convene }
      - id: insist
        on: { type: talks.convene, by: south }
        onRefused: true
        do: [{ type: talks.convene }, { type: talks.convene }]`,
);

// The North and the South answer each other's statements, one for one: a cycle, but a bounded one.
const pingPong = world(
  'ping-pong',
  `  north:
    name: the North
    kind: state
    policy: rules
    rules:
      - id: answer-south
        on: { type: statement.issue, by: south }
        do: { type: statement.issue, topic: talks }
  south:
    name: the South
    kind: state
    policy: rules
    rules:
      - id: opening
        do: { type: statement.issue, topic: talks }
      - id: answer-north
        on: { type: statement.issue, by: north }
        do: { type: statement.issue, topic: talks }`,
);

describe('auspices run: reactions are bounded per day', () => {
  it('should stop with exit 2 a run whose rule doubles its moves every day, naming the rule at file:line:col', () => {
    const result = cli('run', doubling.file);
    expect(result.error, 'the run did not finish within 30 s').toBeUndefined();
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('more than 1,000 moves');
    expect(result.stderr).toContain(`${at(doubling, 'echo')}: rule \`echo\` of south`);
    expect(result.stderr).not.toContain('rule `opening`');
    expect(result.stderr).not.toContain('    at ');
  });

  it('should stop with exit 2 a run whose onRefused rule retries twice per refusal, naming the rule', () => {
    const result = cli('run', retrying.file, '--format', 'json');
    expect(result.error, 'the run did not finish within 30 s').toBeUndefined();
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`${at(retrying, 'insist')}: rule \`insist\` of south`);
  });

  it('should finish a run whose rules answer each other one for one (a bounded cycle)', () => {
    const result = cli('run', pingPong.file);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Outcome$/m);
  });
});

describe('auspices validate: rules that can feed themselves are a warning', () => {
  it('should warn, at the rule and with exit 0, about a rule that answers its own moves', () => {
    const result = cli('validate', doubling.file);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`${doubling.file}: ok (`);
    expect(result.stderr).toContain(`${at(doubling, 'echo')}: warning: rule \`echo\` of south`);
    expect(result.stderr).not.toContain('opening');
  });

  it('should warn at each rule of a cycle across actors, with exit 0', () => {
    const result = cli('validate', pingPong.file);
    expect(result.status).toBe(0);
    const warnings = result.stderr.split('\n').filter((l) => l.includes(': warning: '));
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toContain(`${at(pingPong, 'answer-south')}: warning: rule \`answer-south\` of north`);
    expect(warnings[1]).toContain(`${at(pingPong, 'answer-north')}: warning: rule \`answer-north\` of south`);
  });

  it('should list the warning with its severity in --json, the file still ok', () => {
    const result = cli('validate', '--json', retrying.file);
    expect(result.status).toBe(0);
    const line = JSON.parse(result.stdout) as {
      ok: boolean;
      issues: { code: string; severity: string; line: number; path: unknown[] }[];
    };
    expect(line.ok).toBe(true);
    expect(line.issues).toHaveLength(1);
    expect(line.issues[0]).toMatchObject({
      code: 'policy/rule-cycle',
      severity: 'warning',
      path: ['actors', 'south', 'rules', 1],
    });
  });

  it('should not warn about the flagship, whose rules answer other moves than their own', () => {
    const result = cli('validate', 'scenarios/karabakh/format-week-2020.yaml');
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
  });
});
