import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as publicEntry from '../../../src/core.js';
import { createWorldCodec } from '../../../src/explore/explore-codec.js';
import { predicateAtoms } from '../../../src/explore/predicate-atoms.js';
import { defaultWorld, worldOf } from '../../../src/machines/compose-world.js';
import { initialReferences, regionLibrary, sliceFields, startContext } from '../../../src/regions/library.js';
import {
  defineRegion,
  defineSlice,
  type RegionModule,
  type StartInput,
} from '../../../src/regions/region-module.js';
import { summaryLines } from '../../../src/report/summary.js';
import { initialContext } from '../../../src/scenario/initial-world.js';
import { loadScenarioSync } from '../../../src/scenario/read-file.js';
import { initialSchema } from '../../../src/scenario/schema.js';
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

describe("each region module owns its slice of the world's memory", () => {
  const input: StartInput = {
    initial: flagship.data.initial,
    activeFormat: flagship.data.initial.activeFormat,
    formats: initialContext(flagship.data).formats,
    regions: flagship.data.initial.regions ?? {},
    sideFormats: [],
  };

  it('should export every library module from the public entry, so its context fields reach the public types', () => {
    const exported = new Set<unknown>(Object.values(publicEntry));
    for (const m of regionLibrary)
      expect({ module: m.id, exported: exported.has(m) }).toEqual({ module: m.id, exported: true });
  });

  it('should start exactly the context fields each module owns', () => {
    for (const m of regionLibrary as readonly RegionModule[]) {
      const started = Object.keys(m.context?.start(input) ?? {}).sort();
      const owned = Object.keys(m.canon?.(relevant) ?? {}).sort();
      expect({ module: m.id, started }).toEqual({ module: m.id, started: owned });
    }
  });

  it("should make the schema's `initial:` section of `regions`, `activeFormat` and the modules' own fields", () => {
    const own = (regionLibrary as readonly RegionModule[]).flatMap((m) =>
      Object.keys(m.context?.initial ?? {}),
    );
    expect(Object.keys(initialSchema.shape)).toEqual(['regions', 'activeFormat', ...own]);
    expect(own).toEqual(expect.arrayContaining(['ceasefire', 'liveFormats', 'peacekeepers', 'recognitions']));
  });

  // A region written outside the library, as a developer would add one: its memory, its `initial:` field,
  // the actors it names, all in the module.
  const reservoir = defineRegion({
    id: 'reservoir',
    label: 'Reservoir',
    description: 'A dam filling its reservoir.',
    context: defineSlice({
      initial: {
        reservoir: z.strictObject({ operator: z.string(), level: z.number().default(0) }).optional(),
      },
      start: ({ initial }) =>
        ({
          reservoir: { operator: initial.reservoir?.operator ?? null, level: initial.reservoir?.level ?? 0 },
        }) as object,
      references: ({ reservoir: r }) =>
        r ? [{ kind: 'actor' as const, name: r.operator, path: ['reservoir', 'operator'] }] : [],
    }),
  }) as RegionModule;
  const modules = [...(regionLibrary as readonly RegionModule[]), reservoir];

  it("should start a new module's memory beside the built-in slices, from its own `initial:` field", () => {
    const ctx = startContext(
      { ...input, initial: { ...input.initial, reservoir: { operator: 'ethiopia', level: 3 } } },
      modules,
    );
    expect((ctx as Record<string, unknown>).reservoir).toEqual({ operator: 'ethiopia', level: 3 });
    expect(ctx.ceasefire).toEqual(initialContext(flagship.data).ceasefire);
    expect(Object.keys(sliceFields(modules))).toContain('reservoir');
    expect([...initialReferences({ reservoir: { operator: 'ethiopia', level: 3 } }, modules)]).toEqual([
      { kind: 'actor', name: 'ethiopia', path: ['reservoir', 'operator'] },
    ]);
  });

  it('should refuse two modules that read the same `initial:` field or start the same context field', () => {
    const clash = defineRegion({
      id: 'clash',
      label: 'Clash',
      description: 'Claims the ceasefire.',
      context: defineSlice({
        initial: { ceasefire: z.string().optional() },
        start: () => ({ access: { requests: [], grants: [] } }),
      }),
    }) as RegionModule;
    expect(() => sliceFields([...modules, clash])).toThrow(
      /"clash" reads `initial.ceasefire`, which is already taken/,
    );
    expect(() => startContext(input, [...modules, clash])).toThrow(
      /two region modules start the context field "access"/,
    );
  });
});
