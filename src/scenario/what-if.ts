import { enablePatches, type Patch, produceWithPatches } from 'immer';
import { scenarioHash } from './hash.js';
import type { Scenario, ScenarioChange } from './scenario.js';
import { actorSchema, formatSchema, initialSchema, type ScenarioData, type WhatIf } from './schema.js';

enablePatches();

/** The fields of a what-if (or an extending file) that change its base. */
export type ScenarioPatch = Partial<Omit<WhatIf, 'title' | 'tests'>>;

/** Raised when a what-if name is unknown; the message lists the known ones. */
export class UnknownWhatIfError extends Error {
  readonly known: readonly string[];
  constructor(name: string, known: readonly string[]) {
    super(
      `unknown what-if "${name}"; ${known.length ? `this scenario has: ${known.join(', ')}` : 'this scenario defines no what-ifs'}`,
    );
    this.name = 'UnknownWhatIfError';
    this.known = known;
  }
}

/**
 * Apply a patch to a scenario's data: maps (actors, formats, outcomes) merge entry by entry, injects
 * and invariants replace by id or append, `removeInjects` drops injects by id. Returns the new data and
 * the changes as immer patches, for reports.
 */
export function patchScenario(base: ScenarioData, patch: ScenarioPatch): [ScenarioData, ScenarioChange[]] {
  const [next, patches] = produceWithPatches(base, (draft) => {
    if (patch.description !== undefined) draft.description = patch.description;
    if (patch.seed !== undefined) draft.seed = patch.seed;
    if (patch.calendar) Object.assign(draft.calendar, patch.calendar);
    // Merged entries keep the schema's field order, so the data (and its hash) reads the same whether a
    // field came from the base or the patch, and a worker that re-reads it gets the same scenario.
    for (const [id, actor] of Object.entries(patch.actors ?? {})) {
      draft.actors[id] = inSchemaOrder(
        { ...(draft.actors[id] ?? {}), ...actor },
        actorSchema.shape,
      ) as ScenarioData['actors'][string];
    }
    for (const [id, format] of Object.entries(patch.formats ?? {})) {
      draft.formats[id] = inSchemaOrder(
        { ...(draft.formats[id] ?? {}), ...format },
        formatSchema.shape,
      ) as ScenarioData['formats'][string];
    }
    if (patch.initial) {
      const { regions, ...rest } = patch.initial;
      const merged = { ...draft.initial, ...rest };
      if (regions) merged.regions = { ...(draft.initial.regions ?? {}), ...regions };
      draft.initial = inSchemaOrder(merged, initialSchema.shape) as ScenarioData['initial'];
    }
    if (patch.removeInjects)
      draft.injects = draft.injects.filter((i) => !patch.removeInjects!.includes(i.id));
    for (const inject of patch.injects ?? []) {
      const at = draft.injects.findIndex((i) => i.id === inject.id);
      if (at >= 0) draft.injects[at] = inject;
      else draft.injects.push(inject);
    }
    for (const [id, outcome] of Object.entries(patch.outcomes ?? {})) draft.outcomes[id] = outcome;
    for (const inv of patch.invariants ?? []) {
      const at = draft.invariants.findIndex((i) => i.id === inv.id);
      if (at >= 0) draft.invariants[at] = inv;
      else draft.invariants.push(inv);
    }
    if (patch.stability) draft.stability = patch.stability;
    patchKit(draft, patch);
  });
  return [
    next,
    patches.map((p: Patch) => ({ op: p.op, path: p.path, ...(p.op === 'remove' ? {} : { value: p.value }) })),
  ];
}

/**
 * The trainer's kit patched: briefs replace by actor, learning objectives and notes on injects by id,
 * contingency injects replace by id or append, and the debrief's lists replace the base's. A removed
 * inject takes its facilitator's note with it.
 */
function patchKit(draft: ScenarioData, patch: ScenarioPatch): void {
  const notes = draft.facilitator?.injects;
  if (notes) for (const id of patch.removeInjects ?? []) delete notes[id];
  if (patch.briefs) draft.briefs = { ...draft.briefs, ...patch.briefs };
  if (patch.facilitator) {
    const { objectives, injects, contingency } = patch.facilitator;
    const f = draft.facilitator ?? {};
    if (objectives) f.objectives = { ...f.objectives, ...objectives };
    if (injects) f.injects = { ...f.injects, ...injects };
    if (contingency) {
      const list = [...(f.contingency ?? [])];
      for (const c of contingency) {
        const at = list.findIndex((x) => x.id === c.id);
        if (at >= 0) list[at] = c;
        else list.push(c);
      }
      f.contingency = list;
    }
    draft.facilitator = f;
  }
  if (patch.debrief) draft.debrief = { ...draft.debrief, ...patch.debrief };
}

/** An object's fields in the order a schema declares them. */
function inSchemaOrder(
  value: Record<string, unknown>,
  shape: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(shape)) if (value[key] !== undefined) out[key] = value[key];
  return out;
}

/** Remove the fields of a what-if that are not part of the patch. */
export function patchOf(whatIf: WhatIf): ScenarioPatch {
  const { title: _title, tests: _tests, ...patch } = whatIf;
  return patch;
}

/**
 * The scenario with one of its named what-ifs applied.
 *
 * @example
 * ```ts
 * const branch = applyWhatIf(scenario, 'france-recognises');
 * branch.changes; // what the branch changed, as patches
 * ```
 */
export function applyWhatIf(scenario: Scenario, name: string): Scenario {
  const whatIf = Object.hasOwn(scenario.data.whatIfs, name) ? scenario.data.whatIfs[name] : undefined;
  if (!whatIf) throw new UnknownWhatIfError(name, Object.keys(scenario.data.whatIfs));
  const [data, changes] = patchScenario(scenario.data, patchOf(whatIf));
  return { data, file: scenario.file, hash: scenarioHash(data, name), whatIf: name, changes };
}
