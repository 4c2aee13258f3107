import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scenarioHash } from '../../src/scenario/hash.js';
import { loadScenarioSync } from '../../src/scenario/read-file.js';
import type { Concept } from '../../src/stability/concepts.js';
import { inProcess } from '../support/in-process.js';

const cubaModel = 'examples/stability/cuban-missile-crisis.gmcr';
const cubaScenario = 'examples/stability/cuban-missile-crisis.yaml';

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const r = await inProcess(args, { columns: 80 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

interface StabilityJson {
  options: string[];
  concepts: Concept[];
  states: ({ state: number; pattern: string; coalition?: Record<Concept, boolean> } & Record<
    Concept,
    boolean
  >)[];
  history?: { state: number | null; equilibriumUnder: Concept[] };
}

async function json(...args: string[]): Promise<StabilityJson> {
  const r = await cli('stability', ...args, '--json');
  expect(r.code, r.err).toBe(0);
  return JSON.parse(r.out) as StabilityJson;
}

const equilibria = (j: StabilityJson) =>
  Object.fromEntries(j.concepts.map((c) => [c, j.states.filter((s) => s[c]).map((s) => s.state)]));

/** A copy of the Cuban missile crisis scenario with `edit` applied to its text, in a fresh folder. */
function cubaWith(edit: (text: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'auspices-options-'));
  const file = join(dir, 'cuba.yaml');
  writeFileSync(file, edit(readFileSync(cubaScenario, 'utf8')).replace('../../scenarios/', ''));
  return file;
}

describe('stability over declared options', () => {
  // Fraser and Hipel's model of the crisis: 4 options, 12 feasible states (SOURCES.md). The equilibria
  // are computed (the stored sources hold no published table of them); the historical resolution,
  // blockade and withdrawal (state 7), is sequentially stable, and withdrawal alone (state 5) too.
  const cuba = {
    nash: [6],
    gmr: [1, 2, 3, 5, 6, 7, 8],
    seq: [5, 6, 7],
    sim: [6],
    seqsim: [6],
    smr: [1, 2, 3, 5, 6, 7, 8],
  };

  it('finds the equilibria of the Cuban missile crisis, the same under every reading with two sides', async () => {
    for (const reading of ['single', 'distinct', 'legal'])
      expect(equilibria(await json(cubaModel, '--sanctions', reading))).toEqual(cuba);
  });

  it('derives from the scenario the same graph model and the same verdicts as the .gmcr file', async () => {
    const fromFile = await json(cubaModel);
    const fromScenario = await json(cubaScenario);
    expect(fromScenario.options).toEqual(['us-strike', 'us-blockade', 'ussr-withdraw', 'ussr-escalate']);
    expect(fromScenario.states.map((s) => s.pattern)).toEqual(fromFile.states.map((s) => s.pattern));
    expect(equilibria(fromScenario)).toEqual(cuba);
    // The record ends with the missiles withdrawn and the quarantine lifted: state 5.
    expect(fromScenario.history).toMatchObject({ state: 5, equilibriumUnder: ['gmr', 'seq', 'smr'] });
  });

  it('prints the options with their owners, and SIM, when the scenario declares options', async () => {
    const r = await cli('stability', cubaScenario);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/12 feasible states, 2 decision makers \(the United States, the Soviet Union\)/);
    expect(r.out).toMatch(/ {2}3\. ussr-withdraw \(the Soviet Union\)/);
    expect(r.out).toMatch(/^ {2}SIM: 6 YNYN$/m);
  });

  it('keeps options and coalitions out of the scenario hash', () => {
    const scenario = loadScenarioSync(cubaScenario);
    const { stability: _, ...without } = scenario.data;
    expect(scenarioHash(without, null)).toBe(scenario.hash);
  });

  it('analyses declared coalitions, and asks for them where there are none', async () => {
    const none = await cli('stability', cubaScenario, '--coalitions');
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/declares no coalitions: list them under `stability\.coalitions:`/);
    const file = cubaWith((t) => `${t}  coalitions: [[usa, ussr]]\n`);
    const grouped = await json(file, '--coalitions');
    expect(equilibria(grouped)).toEqual(cuba);
    const together = (c: Concept) => grouped.states.filter((s) => s.coalition?.[c]).map((s) => s.state);
    // Both sides like withdrawal without the blockade (5) better than with it (7). Alone, the US's move
    // from 7 to 5 is sanctioned by the USSR's return to the standoff; together they simply take it.
    expect(together('seq')).toEqual([5, 6]);
    expect(together('gmr')).toEqual([1, 5, 6]);
    expect(together('nash')).toEqual([6]);
    const text = await cli('stability', file, '--coalitions');
    expect(text.out).toMatch(/Coalitions: the United States \+ the Soviet Union\n {2}Nash: 6 YNYN\n/);
    expect(text.out).toMatch(/^ {2}SEQ: 5 NNYN, 6 YNYN \(broken by a coalition: 7\)$/m);
  });

  it('refuses SIM with the move that breaks the option form', async () => {
    // Give the blockade to the USSR: the US's moves now change an option it does not own.
    const file = cubaWith((t) => t.replace('{ id: us-blockade, by: usa,', '{ id: us-blockade, by: ussr,'));
    const plain = await cli('stability', file);
    expect(plain.code, plain.err).toBe(0);
    expect(plain.out).not.toMatch(/SIM/);
    const sim = await cli('stability', file, '--concepts', 'nash,sim');
    expect(sim.code).toBe(2);
    expect(sim.err).toMatch(
      /sim cannot be computed for .*cuba\.yaml: .*\(usa's cmc\.\w+\) changes `us-blockade`, an option of ussr/,
    );
  });

  it('says which fact the options leave open when they do not settle a preference', async () => {
    const file = cubaWith((t) => t.replace(/ {4}- \{ id: ussr-escalate,[^\n]*\n/, ''));
    const r = await cli('stability', file);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /cuba\.yaml: the options do not settle the United States's preferences: state NNN holds worlds where `all .*` holds and worlds where it does not/,
    );
  });

  it('takes options and coalitions from a file that extends the scenario, checked in that file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'auspices-extends-'));
    const file = join(dir, 'together.yaml');
    const options = readFileSync(cubaScenario, 'utf8').split('stability:\n')[1] as string;
    writeFileSync(
      file,
      `extends: ${JSON.stringify(join(process.cwd(), cubaScenario))}\ntitle: Both sides together\nstability:\n${options}  coalitions: [[usa, ussr]]\n`,
    );
    const r = await json(file, '--coalitions');
    expect(r.states.filter((s) => s.coalition?.seq).map((s) => s.state)).toEqual([5, 6]);
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, readFileSync(file, 'utf8').replace('by: ussr', 'by: un'));
    const v = await cli('validate', bad);
    expect(v.code).toBe(2);
    expect(v.err).toMatch(/bad\.yaml:\d+:\d+: `un` states no `preferences:`/);
  });

  it('checks options and coalitions at their line', async () => {
    const file = cubaWith((t) =>
      t
        .replace('{ id: ussr-escalate, by: ussr,', '{ id: ussr-withdraw, by: un,')
        .concat('  coalitions: [[usa, ussr], [ussr, cuba]]\n'),
    );
    const r = await cli('validate', file);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/cuba\.yaml:\d+:\d+: option `ussr-withdraw` is declared twice/);
    expect(r.err).toMatch(/cuba\.yaml:\d+:\d+: `un` states no `preferences:`, so it is no decision maker/);
    expect(r.err).toMatch(/cuba\.yaml:\d+:\d+: `ussr` is already in coalition 1/);
    expect(r.err).toMatch(/cuba\.yaml:\d+:\d+: unknown actor `cuba`/);
  });
});

describe('auspices stability --write-scenario', () => {
  const shipped = ['prisoners-dilemma', 'chicken', 'elmira', 'garrison'];

  it('writes each shipped model as the scenario in examples/stability/as-scenarios, with the same verdicts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'auspices-as-scenario-'));
    for (const m of shipped) {
      const target = join(dir, `${m}.yaml`);
      const r = await cli('stability', `examples/stability/${m}.gmcr`, '--write-scenario', target);
      expect(r.code, r.err).toBe(0);
      // The shipped file is what the command writes today.
      expect(readFileSync(target, 'utf8'), m).toBe(
        readFileSync(`examples/stability/as-scenarios/${m}.yaml`, 'utf8'),
      );
      const fromFile = await json(`examples/stability/${m}.gmcr`, '--sanctions', 'single');
      const fromScenario = await json(target, '--sanctions', 'single', '--depth', '8');
      expect(
        fromScenario.states.map((s) => s.pattern),
        m,
      ).toEqual(fromFile.states.map((s) => s.pattern));
      expect(equilibria(fromScenario), m).toEqual(equilibria(fromFile));
    }
  });

  it("reproduces GMCR+'s published Garrison results through the scenario, at the default depth", async () => {
    const r = equilibria(
      await json('examples/stability/as-scenarios/garrison.yaml', '--sanctions', 'single'),
    );
    expect(r.nash).toEqual([2, 3, 11, 17, 18, 21, 22]);
    expect(r.gmr).toEqual([2, 3, 8, 11, 13, 14, 15, 17, 18, 19, 21, 22]);
    // Nine declared options: the default depth is 19, and the search sees every world.
    const text = await cli(
      'stability',
      'examples/stability/as-scenarios/garrison.yaml',
      '--concepts',
      'nash',
    );
    expect(text.out).toMatch(/^Explored every world reachable by/);
  });

  it('runs the written scenario like any other, and refuses what it cannot write', async () => {
    const run = await cli('run', 'examples/stability/as-scenarios/elmira.yaml');
    expect(run.code, run.err).toBe(0);
    const fromScenario = await cli('stability', cubaScenario, '--write-scenario', '/dev/null');
    expect(fromScenario.code).toBe(2);
    expect(fromScenario.err).toMatch(/--write-scenario apply to \.gmcr models/);
    // One decision maker holding seven options would need 128 moves: refused, with the reason.
    const dir = mkdtempSync(join(tmpdir(), 'auspices-wide-'));
    const wide = join(dir, 'wide.gmcr');
    writeFileSync(
      wide,
      JSON.stringify({
        options: Array.from({ length: 8 }, (_, i) => ({ name: `o${i}` })),
        decisionMakers: [
          { name: 'Wide', options: [0, 1, 2, 3, 4, 5, 6], preferences: [[[0, 'Y']]] },
          { name: 'Narrow', options: [7], preferences: [[[7, 'Y']]] },
        ],
        infeasibles: [],
      }),
    );
    const nowhere = await cli(
      'stability',
      'examples/stability/elmira.gmcr',
      '--write-scenario',
      join(dir, 'missing', 'w.yaml'),
    );
    expect(nowhere.code).toBe(2);
    expect(nowhere.err).toMatch(
      /the folder .*missing does not exist; create it, or choose another path with --write-scenario/,
    );
    const refused = await cli(
      'stability',
      wide,
      '--concepts',
      'nash',
      '--write-scenario',
      join(dir, 'w.yaml'),
    );
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/--write-scenario: "Wide" controls 7 options/);
  });
});

describe('stability on scenarios: edge cases', () => {
  const dir = mkdtempSync(join(tmpdir(), 'auspices-edges-'));
  const gmcr = (name: string, model: unknown) => {
    const file = join(dir, name);
    writeFileSync(file, JSON.stringify(model));
    return file;
  };

  it('gives decision makers whose names collide distinct actors', async () => {
    const file = gmcr('same.gmcr', {
      options: [{ name: 'x' }, { name: 'x' }, { name: 'x 2' }],
      decisionMakers: ['A', 'A', 'A 2'].map((name, d) => ({ name, options: [d], preferences: [[[d, 'Y']]] })),
      infeasibles: [],
    });
    const target = join(dir, 'same.yaml');
    expect((await cli('stability', file, '--write-scenario', target)).code).toBe(0);
    const scenario = loadScenarioSync(target);
    expect(Object.keys(scenario.data.actors)).toEqual(['a', 'a-2', 'a-2-2']);
    expect(scenario.data.stability?.options?.map((o) => o.id)).toEqual(['x', 'x-2', 'x-2-2']);
    const r = await json(target);
    expect(r.options).toHaveLength(3);
  });

  it("reads a what-if's coalitions", async () => {
    const file = cubaWith(
      (t) =>
        `${t}whatIfs:\n  together:\n    title: Both sides together\n    stability:\n${(t.split('stability:\n')[1] as string).replace(/^(?=.)/gm, '    ')}      coalitions: [[usa, ussr]]\n`,
    );
    const together = await cli('stability', file, '--what-if', 'together', '--coalitions');
    expect(together.code, together.err).toBe(0);
    expect(together.out).toMatch(/Coalitions: the United States \+ the Soviet Union/);
  });

  it('makes the --out folder for the paths from the status quo even when the graph is too large to draw', async () => {
    const out = join(dir, 'fresh', 'paths');
    const r = await cli(
      'stability',
      'examples/stability/as-scenarios/garrison.yaml',
      '--depth',
      '8',
      '--concepts',
      'nash',
      '--from-status-quo',
      '--out',
      out,
    );
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/No picture: 23 states are too many to draw|Picture of the graph/);
    expect(r.out).toMatch(/Replay each path with auspices run:/);
  });

  it('writes --write-scenario into the --out folder it makes', async () => {
    const out = join(dir, 'made', 'here');
    const r = await cli(
      'stability',
      'examples/stability/elmira.gmcr',
      '--out',
      out,
      '--write-scenario',
      join(out, 'elmira.yaml'),
    );
    expect(r.code, r.err).toBe(0);
    expect(readFileSync(join(out, 'elmira.yaml'), 'utf8')).toBe(
      readFileSync('examples/stability/as-scenarios/elmira.yaml', 'utf8'),
    );
  });

  it('writes a title a scenario accepts, whatever the file is called', async () => {
    const file = gmcr('odd\nname.gmcr', {
      options: [{ name: 'a' }, { name: 'b' }],
      decisionMakers: [
        { name: 'One', options: [0], preferences: [[[0, 'Y']]] },
        { name: 'Two', options: [1], preferences: [[[1, 'Y']]] },
      ],
      infeasibles: [],
    });
    const target = join(dir, 'odd.yaml');
    expect((await cli('stability', file, '--write-scenario', target)).code).toBe(0);
    expect((await cli('validate', target)).code).toBe(0);
  });
});
