import type { ActorInfo } from '../model/actor.js';
import type { WorldContext, WorldValue } from '../model/context.js';
import type { Format } from '../model/format.js';
import { startContext } from '../regions/library.js';
import type { ScenarioData } from './schema.js';
import { scenarioWorld, sideFormatsOf } from './world.js';

/** The region states of a scenario's start, as an XState state value of the scenario's world. */
export function initialValue(scenario: ScenarioData): WorldValue {
  return scenarioWorld(scenario).initialValue(scenario.initial.regions ?? {}, scenario.initial);
}

/** The world context of a scenario's start: the actors and formats, and every region module's slice. */
export function initialContext(scenario: ScenarioData): WorldContext {
  const actors: Record<string, ActorInfo> = {};
  for (const [id, a] of Object.entries(scenario.actors)) {
    actors[id] = {
      id,
      name: a.name,
      kind: a.kind,
      of: a.of,
      territorial: a.territorial,
      controlsGround: a.controlsGround,
      armed: a.armed,
    };
  }
  const formats: Record<string, Format> = {};
  for (const [id, f] of Object.entries(scenario.formats)) {
    formats[id] = {
      id,
      name: f.name,
      auspices: f.auspices ?? null,
      mediators: [...(f.mediators ?? [])],
      invited: [],
      parties: [...(f.parties ?? [])],
      members: [...(f.members ?? [])],
      observers: [...(f.observers ?? [])],
      appointedBy: f.appointedBy ?? null,
      membersAtTable: f.membersAtTable ?? false,
      quorum: f.quorum ?? null,
      host: f.host ?? null,
    };
  }
  const slices = startContext({
    initial: scenario.initial,
    activeFormat: scenario.initial.activeFormat,
    formats,
    regions: scenario.initial.regions ?? {},
    sideFormats: sideFormatsOf(scenario),
  });
  return { day: 0, actors, ...slices } as WorldContext;
}
