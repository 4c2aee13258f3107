import { describe, expect, it } from 'vitest';
import { createWorldCodec, predicateAtoms } from '../../../src/explore/explore-codec.js';
import { defaultWorld, worldOf } from '../../../src/machines/compose-world.js';
import { regionLibrary } from '../../../src/regions/library.js';
import type { RegionModule } from '../../../src/regions/region-module.js';
import { summaryLines } from '../../../src/report/summary.js';
import { initialContext } from '../../../src/scenario/initial-world.js';
import { loadScenarioSync } from '../../../src/scenario/read-file.js';
import { runScenario } from '../../../src/sim/run-scenario.js';
import { invariantsOf } from '../../../src/sim/world-invariants.js';

const flagship = loadScenarioSync('scenarios/karabakh/format-week-2020.yaml');
const relevant = {
  deadRejecters: new Set<string>(),
  parties: new Set<string>(),
  endorsers: new Set<string>(),
  consenters: new Set<string>(),
};

describe('each region module owns what the outcome, the invariants and exploration say of it', () => {
  it('should give every context field but the day and the actors exactly one owning module', () => {
    const owners = new Map<string, string[]>();
    for (const m of regionLibrary as readonly RegionModule[])
      for (const field of Object.keys(m.canon?.(relevant) ?? {}))
        owners.set(field, [...(owners.get(field) ?? []), m.id]);
    const fields = Object.keys(initialContext(flagship.data)).filter((f) => f !== 'day' && f !== 'actors');
    expect([...owners.keys()].sort()).toEqual(fields.sort());
    for (const [field, by] of owners) expect({ field, by: by.length }).toEqual({ field, by: 1 });
    expect(owners.get('consultations')).toEqual(['format']);
    expect(owners.get('ceasefire')).toEqual(['hostilities']);
  });

  it('should drop from the abstract world exactly the fields the modules declare nobody reads', () => {
    const codec = createWorldCodec(initialContext(flagship.data), predicateAtoms([]));
    expect([...codec.dropped].sort()).toEqual([
      'declinedRecognitions',
      'resolutions',
      'statements',
      'visits',
    ]);
  });

  it('should check in each world only the invariants of its modules, and I11 everywhere', () => {
    expect(invariantsOf(defaultWorld()).map((i) => i.id)).toEqual([
      'I1',
      'I2',
      'I3',
      'I4',
      'I5',
      'I6',
      'I7',
      'I11',
    ]);
    // talks brings format and core: the consent, exclusion and settled invariants, and the format's own.
    expect(invariantsOf(worldOf(['talks'])).map((i) => i.id)).toEqual(['I1', 'I2', 'I4', 'I7', 'I11']);
    expect(invariantsOf(worldOf(['hostilities'])).map((i) => i.id)).toEqual(['I11']);
  });

  it('should write the summary from the modules, in rank order, whatever order the library composes them in', () => {
    const labels = summaryLines(runScenario(flagship)).map(([label]) => label);
    const at = (label: string) => labels.indexOf(label);
    expect(at('Minsk Group talks')).toBe(0);
    expect(at('Minsk Group talks')).toBeLessThan(at('Trilateral talks'));
    expect(at('Trilateral talks')).toBeLessThan(at('Format'));
    expect(at('Format')).toBeLessThan(at('Status (model)'));
    expect(at('Status (model)')).toBeLessThan(at('Humanitarian access'));
    expect(at('Humanitarian access')).toBeLessThan(at('Ceasefire'));
    expect(at('Ceasefire')).toBeLessThan(at('Monitoring'));
    expect(at('Monitoring')).toBeLessThan(at('Recognitions'));
    // The story keeps the same order, so the JSON outcome reads as the summary does.
    expect(Object.keys(runScenario(flagship).outcome.story)).toEqual([
      'talks',
      'sideTalks',
      'format',
      'status',
      'access',
      'ceasefire',
      'monitoring',
      'recognitions',
    ]);
  });
});
