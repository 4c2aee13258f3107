import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { stabilitySvg } from '../../src/report/stability-svg.js';
import { scenarioHash } from '../../src/scenario/hash.js';
import { loadScenarioSync } from '../../src/scenario/read-file.js';
import { analyseStability, statesIn } from '../../src/stability/analyse.js';
import type { Concept } from '../../src/stability/concepts.js';
import { parseGmcr, writeGmcr } from '../../src/stability/gmcr-file.js';
import { toGraphModel } from '../../src/stability/option-model.js';

const models = 'examples/stability';

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, { out: (t) => (out += t), err: (t) => (err += t), columns: 80 });
  return { code, out, err };
}

/** The equilibria of `auspices stability --json`, as ordered state numbers per concept. */
async function equilibria(file: string, ...args: string[]): Promise<Record<string, number[]>> {
  const r = await cli('stability', join(models, file), '--json', ...args);
  expect(r.code, r.err).toBe(0);
  const json = JSON.parse(r.out) as {
    states: ({ state: number } & Record<Concept, boolean>)[];
    concepts: Concept[];
  };
  return Object.fromEntries(
    json.concepts.map((c) => [c, json.states.filter((s) => s[c]).map((s) => s.state)]),
  );
}

describe('auspices stability', () => {
  it("reproduces GMCR+'s published results for the Garrison Diversion conflict under --sanctions single", async () => {
    const nash = [2, 3, 11, 17, 18, 21, 22];
    const gmr = [2, 3, 8, 11, 13, 14, 15, 17, 18, 19, 21, 22];
    expect(await equilibria('garrison.gmcr', '--sanctions', 'single')).toEqual({
      nash,
      gmr,
      seq: nash,
      sim: nash,
      seqsim: nash,
      smr: gmr,
    });
  });

  it('finds more general-metarational equilibria in Garrison under the textbook sanctions, where opponents chain moves', async () => {
    const legal = await equilibria('garrison.gmcr');
    expect(legal.gmr).toEqual([2, 3, 4, 6, 8, 10, 11, 13, 14, 15, 17, 18, 19, 21, 22]);
    expect(legal.nash).toEqual([2, 3, 11, 17, 18, 21, 22]);
  });

  it("reproduces the Prisoner's Dilemma results GMCR+ publishes, and the textbook results for Chicken and Elmira", async () => {
    expect(await equilibria('prisoners-dilemma.gmcr', '--sanctions', 'single')).toEqual({
      nash: [1],
      gmr: [1, 4],
      seq: [1, 4],
      sim: [1, 4],
      seqsim: [1, 4],
      smr: [1, 4],
    });
    const chicken = await equilibria('chicken.gmcr');
    expect([chicken.nash, chicken.seq, chicken.gmr, chicken.smr]).toEqual([
      [2, 3],
      [2, 3],
      [2, 3, 4],
      [2, 3, 4],
    ]);
    const elmira = await equilibria('elmira.gmcr');
    expect(elmira.nash).toEqual([5, 8, 9, 10, 11, 12]);
    expect(elmira.gmr).toEqual([1, 4, 5, 8, 9, 10, 11, 12]);
  });

  it('prints a table, the equilibria, a reason for each and the paths from the status quo', async () => {
    const r = await cli('stability', join(models, 'elmira.gmcr'), '--from-status-quo');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^ 5 {2}NYNYN {4}\+\+\+ E/m);
    expect(r.out.replace(/\s+/g, ' ')).toMatch(
      /state 1 \(NYNNN\) is SMR stable for Local Government: its move to state 5 \(NYNYN\) is sanctioned by Ministry of Environment \(MOE\)'s move to state 6 \(YYNYN\), which Local Government likes no more than state 1 \(NYNNN\)/,
    );
    expect(r.out).toMatch(/From the status quo, state 1 \(NYNNN\):/);
    expect(r.out).toMatch(/- to 5 NYNYN: Local Government moves to 5 NYNYN\n/);
    for (const line of r.out.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
  });

  it('writes the documented JSON, versioned, with each state stable for whom', async () => {
    const r = await cli('stability', join(models, 'chicken.gmcr'), '--json', '--concepts', 'nash,gmr');
    const json = JSON.parse(r.out);
    expect(json).toMatchObject({
      format: 'auspices.stability',
      formatVersion: 1,
      sanctions: 'legal',
      concepts: ['nash', 'gmr'],
    });
    expect(json.options).toHaveLength(2);
    expect(json.states[3]).toEqual({
      state: 4,
      pattern: 'YY',
      nash: false,
      gmr: true,
      stableFor: { 'Driver 1': { nash: false, gmr: true }, 'Driver 2': { nash: false, gmr: true } },
    });
  });

  it('round-trips a model through the .gmcr format with the same results', () => {
    for (const file of ['garrison.gmcr', 'elmira.gmcr', 'chicken.gmcr']) {
      const model = parseGmcr(readFileSync(join(models, file), 'utf8'), file);
      const again = parseGmcr(writeGmcr(model), 'again.gmcr');
      expect(writeGmcr(again)).toBe(writeGmcr(model));
      const a = analyseStability(toGraphModel(model));
      const b = analyseStability(toGraphModel(again));
      for (const c of a.concepts)
        expect(statesIn(b.equilibria[c] as Uint8Array)).toEqual(statesIn(a.equilibria[c] as Uint8Array));
    }
  });

  it('adds a status quo and writes the model back out with --write-gmcr', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'stability-')), 'pd.gmcr');
    const r = await cli(
      'stability',
      join(models, 'prisoners-dilemma.gmcr'),
      '--status-quo',
      'YY',
      '--from-status-quo',
      '--write-gmcr',
      out,
    );
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).statusQuo).toBe('YY');
    expect(r.out).toMatch(/From the status quo, state 4 \(YY\)/);
  });

  it('draws the graph as SVG: the equilibria filled, the status quo dashed, every escaped', async () => {
    const out = mkdtempSync(join(tmpdir(), 'stability-svg-'));
    const r = await cli('stability', join(models, 'elmira.gmcr'), '--out', out);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain(`Picture of the graph: ${join(out, 'stability.svg')}`);
    const svg = readFileSync(join(out, 'stability.svg'), 'utf8');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    // Elmira has 8 GMR equilibria, and its status quo is state 1 (NYNNN), itself GMR stable.
    expect(svg.match(/class="state equilibrium/g)).toHaveLength(8);
    expect(svg).toMatch(/class="state equilibrium status-quo">.*?1 NYNNN/);
    expect(svg).toContain("Ministry of Environment (MOE)'s moves");
    const elmira = parseGmcr(readFileSync(join(models, 'elmira.gmcr'), 'utf8'), 'elmira.gmcr');
    const hostile = {
      ...elmira,
      dms: elmira.dms.map((d, i) => (i === 0 ? { ...d, name: '<script>alert(1)</script>' } : d)),
    };
    const drawn = stabilitySvg(analyseStability(toGraphModel(hostile))) as string;
    expect(drawn).not.toContain('<script>');
    expect(drawn).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    // A model too large to draw is said so, not drawn.
    const big = parseGmcr(readFileSync(join(models, 'garrison.gmcr'), 'utf8'), 'garrison.gmcr');
    const wide = {
      ...big,
      options: [...big.options, ...big.options.slice(0, 2).map((o) => ({ ...o, name: `${o.name} again` }))],
    };
    const tooMany = analyseStability(
      toGraphModel({
        ...wide,
        dms: wide.dms.map((d, i) => (i === 0 ? { ...d, options: [...d.options, 9, 10] } : d)),
        useRanking: false,
      }),
      { concepts: ['nash'] },
    );
    expect(tooMany.model.size).toBeGreaterThan(64);
    expect(stabilitySvg(tooMany)).toBeNull();
  });

  it('refuses bad input with file:line:col and exit 2, never a stack trace', async () => {
    const broken = await cli('stability', 'test/fixtures/stability/unranked.gmcr');
    expect(broken.code).toBe(2);
    expect(broken.err).toMatch(
      /unranked\.gmcr:7:75: the ranking leaves out state 4; rank every feasible state once/,
    );
    expect((await cli('stability', join(models, 'chicken.gmcr'), '--concepts', 'nash,stable')).err).toMatch(
      /unknown concept "stable"; choose from/,
    );
    // A model whose one decision maker holds 24 options would mean listing 2^48 moves: refused at once.
    const huge = join(mkdtempSync(join(tmpdir(), 'stability-huge-')), 'huge.gmcr');
    writeFileSync(
      huge,
      JSON.stringify({
        options: Array.from({ length: 24 }, (_, i) => ({ name: `o${i}`, permittedDirection: 'both' })),
        decisionMakers: [
          { name: 'Everyone', options: Array.from({ length: 24 }, (_, i) => i), preferences: [[[0, 'Y']]] },
        ],
        infeasibles: [],
      }),
    );
    const started = performance.now();
    const tooLarge = await cli('stability', huge);
    expect(tooLarge.code).toBe(2);
    expect(tooLarge.err).toMatch(
      /too large to analyse: 24 options, and "Everyone" alone controls 24 of them/,
    );
    expect(performance.now() - started).toBeLessThan(20_000);
    const real = spawnSync(process.execPath, ['dist/cli/bin.js', 'stability', 'package.json'], {
      encoding: 'utf8',
    });
    expect(real.status).toBe(2);
    expect(real.stderr).toMatch(/package\.json:\d+:\d+: /);
    expect(real.stderr).not.toMatch(/at .*\.js:\d+/);
  });

  describe('on a scenario whose actors state preferences', () => {
    const flagship = 'scenarios/karabakh/format-week-2020.yaml';

    it('explores the world, projects it onto the facts the preferences read, and writes each path from the start as a replayable scenario', async () => {
      const out = mkdtempSync(join(tmpdir(), 'stability-'));
      const r = await cli('stability', flagship, '--depth', '2', '--json', '--from-status-quo', '--out', out);
      expect(r.code, r.err).toBe(0);
      const json = JSON.parse(r.out);
      expect(json).toMatchObject({ format: 'auspices.stability', concepts: ['nash', 'gmr', 'seq', 'smr'] });
      expect(json.explored).toMatchObject({ depth: 2, bound: 'depth' });
      // The history as the scenario tells it ends where the exploration can place it.
      expect(json.history).toMatchObject({ seed: 2020, pattern: expect.stringMatching(/^[YN]{10}$/) });
      expect(json.decisionMakers).toEqual([
        'Armenia',
        'Azerbaijan',
        'Russia',
        'the United States',
        'France',
        'Turkey',
      ]);
      expect(json.options).toContain('activeFormat=minsk-group');
      expect(json.states.every((s: { pattern: string }) => s.pattern.length === json.options.length)).toBe(
        true,
      );
      // A state seen only where the search stopped is never an equilibrium.
      for (const s of json.states) if (s.unexplored) expect(s.nash || s.gmr || s.seq || s.smr).toBe(false);
      expect(json.equilibria.gmr.length).toBeGreaterThan(0);
      const files = Object.values(json.replays) as string[];
      expect(files.length).toBeGreaterThan(0);
      const run = await cli('run', files[0] as string);
      expect(run.code, run.err).toBe(0);
    });

    it('says how far it looked, lists the facts, and refuses SIM without declared options', async () => {
      const r = await cli('stability', flagship, '--depth', '1');
      expect(r.code, r.err).toBe(0);
      expect(r.out).toMatch(
        /^Explored [\d,]+ worlds reachable by armenia, azerbaijan, russia, usa, france,\s+turkey, up to 1 moves deep/,
      );
      expect(r.out).toMatch(
        /Facts \(one letter per fact in each state, Y holds, N not\):\n {2}1\. activeFormat=minsk-group/,
      );
      const bounded = await cli('stability', flagship, '--depth', '40', '--max-seconds', '1');
      expect(bounded.code, bounded.err).toBe(0);
      expect(bounded.out).toMatch(/^PARTIAL: the search was stopped \(--max-seconds\) after [\d,]+ worlds/);
      const sim = await cli('stability', flagship, '--concepts', 'nash,sim');
      expect(sim.code).toBe(2);
      expect(sim.err).toMatch(
        /sim cannot be computed for .*format-week-2020\.yaml: .*declares no `stability\.options:`/,
      );
    });

    it('checks preferences like the rest of the file, and asks for them where there are none', async () => {
      const bad = await cli('stability', 'test/fixtures/stability/bad-preferences.yaml');
      expect(bad.code).toBe(2);
      expect(bad.err).toMatch(/bad-preferences\.yaml:7:58: unknown outcome `talks-sunk`/);
      expect(bad.err).toMatch(/bad-preferences\.yaml:11:38: unknown actor `narnia`/);
      const none = await cli('stability', 'examples/worlds/river-dam.yaml');
      expect(none.code).toBe(2);
      expect(none.err).toMatch(
        /states preferences; give each actor whose stability you ask about `preferences:`/,
      );
    });

    it('keeps replay tokens: preferences are not part of the scenario hash', () => {
      const scenario = loadScenarioSync(flagship);
      const without = {
        ...scenario.data,
        actors: Object.fromEntries(
          Object.entries(scenario.data.actors).map(([id, { preferences: _, ...a }]) => [id, a]),
        ),
      };
      expect(Object.values(scenario.data.actors).some((a) => a.preferences)).toBe(true);
      expect(scenarioHash(without, null)).toBe(scenarioHash(scenario.data, null));
    });
  });
});
