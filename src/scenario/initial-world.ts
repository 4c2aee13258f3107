import type { ActorInfo } from '../model/actor.js';
import type { Talks, WorldContext, WorldValue } from '../model/context.js';
import type { Format } from '../model/format.js';
import type { ScenarioData } from './schema.js';
import { scenarioWorld, sideFormatsOf } from './world.js';

/** The region states of a scenario's start, as an XState state value of the scenario's world. */
export function initialValue(scenario: ScenarioData): WorldValue {
  return scenarioWorld(scenario).initialValue(scenario.initial.regions ?? {}, scenario.initial);
}

/** The talks under a format at the start: convened with its mediators, or not yet. */
function startingTalks(format: string, formats: Record<string, Format>, state: string | undefined): Talks {
  return state === 'convened'
    ? {
        format,
        mediators: [...(formats[format]?.mediators ?? [])],
        urgedBy: [],
        urgedUnder: null,
        convenedDay: 0,
        calls: [],
      }
    : { format: null, mediators: [], urgedBy: [], urgedUnder: null, convenedDay: null, calls: [] };
}

/** The world context of a scenario's start. */
export function initialContext(scenario: ScenarioData): WorldContext {
  const init = scenario.initial;
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
  const active = formats[init.activeFormat];
  const consents: Record<string, string[]> = {};
  for (const party of active?.parties ?? [])
    consents[party] = [...(init.consents?.[party] ?? active?.mediators ?? [])];
  for (const [party, list] of Object.entries(init.consents ?? {})) consents[party] = [...list];
  // A party's own standing demand means it does not accept that mediator (R4), as with the move.
  for (const d of init.exclusionDemands ?? []) {
    if (consents[d.by]) consents[d.by] = consents[d.by]!.filter((m) => m !== d.mediator);
  }
  const centre = init.monitoringCentre;
  return {
    day: 0,
    actors,
    formats,
    activeFormat: init.activeFormat,
    closedFormats: [],
    consents,
    exclusionDemands: (init.exclusionDemands ?? []).map((d) => ({ ...d, day: 0, format: init.activeFormat })),
    excluded: [],
    consultations: [],
    proposals: (init.proposals ?? []).map((p) => ({
      format: p.format,
      by: p.by,
      day: 0,
      endorsements: [...new Set([p.by, ...(p.endorsements ?? [])])],
      rejections: [...(p.rejections ?? [])],
      withdrawn: false,
    })),
    formatLock: init.formatLock ? { signatories: [...init.formatLock.signatories], standing: true } : null,
    recognitions: (init.recognitions ?? []).map((r) => ({ ...r, day: 0 })),
    declinedRecognitions: [],
    resolutions: [],
    statements: [],
    visits: [],
    talks: startingTalks(init.activeFormat, formats, init.regions?.talks),
    sideTalks: Object.fromEntries(
      sideFormatsOf(scenario).map((f) => [f, startingTalks(f, formats, init.regions?.[`talks.${f}`])]),
    ),
    signatures: [],
    ceasefire: {
      brokers: [...(init.ceasefire?.brokers ?? [])],
      violations: 0,
      collapseAfter: init.ceasefire?.collapseAfter ?? 3,
    },
    monitoring: {
      peacekeepers: [...(init.peacekeepers ?? [])],
      centre: centre
        ? {
            operators: [...centre.operators],
            host: centre.host,
            ready: [],
            hostConsent: centre.hostConsent ?? false,
          }
        : null,
    },
    access: { requests: [], grants: [] },
  };
}
