import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadScenarioSync } from '../../src/scenario/read-file.js';
import { resumeRun, runScenario } from '../../src/sim/run-scenario.js';
import { saveRun } from '../../src/sim/saved-run.js';

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? yamlFiles(join(dir, e.name)) : e.name.endsWith('.yaml') ? [join(dir, e.name)] : [],
  );
}

// The shipped packs, and the worked example of a composed world with custom regions.
// A file that extends another is a small change to it (a what-if or a question): it runs on 8 seeds, with
// only the what-ifs it declares itself; the file it extends runs the inherited ones on all 24 seeds.
// (The kernel-differential properties compare the engines after every event of random streams too.)
const rows = [...yamlFiles('scenarios'), ...yamlFiles('examples/worlds')].flatMap((file) => {
  const scenario = loadScenarioSync(file);
  const raw = parse(readFileSync(file, 'utf8')) as { extends?: string; whatIfs?: object };
  const extending = raw.extends !== undefined;
  const whatIfs = Object.keys((extending ? raw.whatIfs : scenario.data.whatIfs) ?? {});
  const seeds = extending ? 8 : 24;
  return [undefined, ...whatIfs].map((whatIf) => ({ file, whatIf, scenario, seeds }));
});

describe('runScenario with engine kernel', () => {
  it.each(rows)(
    'should give the same trace and outcome as the xstate engine on $seeds seeds: $file $whatIf',
    ({ scenario, whatIf, seeds }) => {
      for (let seed = 0; seed < seeds; seed++) {
        const reference = runScenario(scenario, { seed, whatIf, engine: 'xstate' });
        const kernel = runScenario(scenario, { seed, whatIf, engine: 'kernel' });
        expect(JSON.stringify(kernel.trace)).toBe(JSON.stringify(reference.trace));
        expect(kernel.outcome).toEqual(reference.outcome);
        expect(kernel.state.engine).toBe('kernel');
      }
    },
  );

  it('should resume a kernel run saved mid-way on the kernel, identically', () => {
    const scenario = rows[0]!.scenario;
    const full = runScenario(scenario, { seed: 3, engine: 'kernel' });
    const resumed = resumeRun(
      scenario,
      saveRun(runScenario(scenario, { seed: 3, engine: 'kernel', untilDay: 9 })),
    );
    expect(resumed.state.engine).toBe('kernel');
    expect(JSON.stringify(resumed.trace)).toBe(JSON.stringify(full.trace));
  });

  it('should refuse an unknown engine with the known ones', () => {
    expect(() => runScenario(rows[0]!.scenario, { engine: 'turbo' as never })).toThrow(
      'auspices: unknown engine "turbo"; use one of xstate, kernel',
    );
  });
});
