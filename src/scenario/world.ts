import { type World, worldOf } from '../machines/compose-world.js';
import { type BuiltinRuleId, rules as builtinRules } from '../model/rules.js';
import { customRegion } from '../regions/custom-region.js';
import type { ScenarioData } from './schema.js';

/** The live formats other than the active one, whose talks run side by side with its talks. */
export function sideFormatsOf(data: ScenarioData): string[] {
  const active = data.initial.activeFormat;
  return [...new Set(data.initial.liveFormats ?? [])].filter((f) => f !== active);
}

const worlds = new WeakMap<ScenarioData, World>();

/**
 * The world a scenario runs in: the built-in region modules it names in `regions:` (all of them when it
 * names none), with their dependencies, plus its custom regions. Equal declarations share one world.
 */
export function scenarioWorld(data: ScenarioData): World {
  let world = worlds.get(data);
  if (!world) {
    const allMoves = Object.assign({}, ...Object.values(data.customRegions ?? {}).map((r) => r.moves ?? {}));
    const custom = Object.entries(data.customRegions ?? {}).map(([id, r]) =>
      customRegion({
        id,
        label: r.label,
        description: r.description,
        states: r.states,
        initial: r.initial,
        final: r.final,
        moves: r.moves,
        otherMoves: allMoves,
        transitions: r.transitions.map((t) => ({
          ...t,
          from: t.from === undefined ? undefined : typeof t.from === 'string' ? [t.from] : t.from,
        })),
      }),
    );
    const rules = Object.fromEntries(
      Object.entries(data.rules ?? {}).map(([rid, r]) => [
        rid,
        {
          id: rid,
          text: r.text,
          source: r.source ?? null,
          kind: builtinRules[rid as BuiltinRuleId]?.kind ?? ('reference' as const),
        },
      ]),
    );
    const sideFormats = sideFormatsOf(data).map((id) => ({ id, name: data.formats[id]?.name ?? id }));
    world = worldOf(data.regions, {
      custom,
      ...(sideFormats.length ? { settings: { sideFormats } } : {}),
      ...(data.rules ? { rules } : {}),
      ...(data.wording ? { wording: data.wording } : {}),
      customKey:
        custom.length || data.rules || data.wording || sideFormats.length
          ? JSON.stringify([data.customRegions ?? {}, data.rules ?? {}, data.wording ?? {}, sideFormats])
          : undefined,
    });
    worlds.set(data, world);
  }
  return world;
}
