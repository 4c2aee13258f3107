import { z } from 'zod';
import type { PolicyRegistry } from '../agents/registry.js';
import type { World } from '../machines/compose-world.js';
import { type Predicate, predicateRefs } from '../model/predicate.js';
import { eventRefs } from '../regions/events.js';
import { regionLibrary } from '../regions/library.js';
import { hint, type ScenarioIssue } from './issues.js';
import type { Path } from './locate.js';
import type { Move, ScenarioData } from './schema.js';

/** Maps a path in the resolved scenario to a place in a file; with `asKey`, the place of the path's last key. */
export type Locate = (path: Path, asKey?: boolean) => { file: string; line: number; col: number };

/** Whether a state is a leaf: no other state of the region is nested in it. */
const isLeaf = (states: readonly string[], state: string) => !states.some((s) => s.startsWith(`${state}.`));

function validDate(date: string): boolean {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/**
 * Name resolution and cross-field checks on a scenario that passed its schema: every actor, format,
 * policy, event and region state it names must exist; dates must be real and inside the calendar.
 */
export function checkScenario(
  data: ScenarioData,
  locate: Locate,
  policies: PolicyRegistry,
  world: World,
): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  type EventType = string;
  const eventPayloads: Record<string, z.ZodRawShape> = Object.fromEntries(
    [...world.events].map(([type, spec]) => [type, spec.payload]),
  );
  const isEventType = (type: string) => world.events.has(type);
  const eventSchema = (type: string) =>
    z.strictObject({ type: z.literal(type), by: z.string().min(1), ...eventPayloads[type] });
  const unknownEvent = (type: string) => {
    const owner = regionLibrary.find((m) => Object.hasOwn(m.events, type));
    if (owner)
      return `\`${type}\` is a move of the ${owner.id} region, which this world does not have: add \`${owner.id}\` to \`regions:\``;
    return `unknown event \`${type}\`${hint(type, Object.keys(eventPayloads))}`;
  };
  const add = (path: Path, message: string) => issues.push({ ...locate(path), message });
  const addKey = (path: Path, message: string) => issues.push({ ...locate(path, true), message });
  const actors = Object.keys(data.actors);
  const formats = Object.keys(data.formats);
  const actor = (name: string | null | undefined, path: Path, what = 'actor') => {
    if (name === null || name === undefined) return;
    if (!Object.hasOwn(data.actors, name)) add(path, `unknown ${what} \`${name}\`${hint(name, actors)}`);
  };
  const format = (name: string | undefined, path: Path) => {
    if (name !== undefined && !Object.hasOwn(data.formats, name))
      add(path, `unknown format \`${name}\`${hint(name, formats)}`);
  };
  const predicate = (p: Predicate | undefined, path: Path) => {
    if (!p) return;
    for (const ref of predicateRefs(p)) {
      const at = [...path, ...ref.path];
      if (ref.kind === 'actor') actor(ref.name, at);
      else if (ref.kind === 'format') format(ref.name, at);
      else if (ref.kind === 'event' && !isEventType(ref.name)) add(at, unknownEvent(ref.name));
      else if (ref.kind === 'region') {
        const [region, state] = ref.name.split(':') as [string, string];
        const track = world.track(region);
        if (!track) add(at.slice(0, -1), regionMissing(region));
        else if (!track.states.includes(state))
          add(at, `${region} has no state \`${state}\`${hint(state, [...track.states])}`);
      }
    }
  };
  const regionMissing = (region: string) => {
    const owner = regionLibrary.find((m) => m.tracks.some((t) => t.alias === region));
    if (owner)
      return `this world has no ${region} region: add \`${owner.id}\` to \`regions:\`, or drop this condition`;
    return `unknown region \`${region}\`${hint(
      region,
      world.tracks.map((t) => t.alias),
    )}`;
  };
  const date = (value: string | undefined, path: Path) => {
    if (value === undefined) return;
    if (!validDate(value)) add(path, `${value} is not a real date`);
    else if (value < data.calendar.start || value > data.calendar.end) {
      add(path, `${value} is outside the calendar (${data.calendar.start} to ${data.calendar.end})`);
    }
  };
  const move = (m: Move, owner: string, path: Path, trigger: EventType | null, policy: boolean) => {
    if (!isEventType(m.type)) {
      add([...path, 'type'], unknownEvent(m.type));
      return;
    }
    const by = m.by ?? owner;
    if (policy && m.by !== undefined && m.by !== owner) {
      addKey([...path, 'by'], `a policy acts only for its own actor: remove \`by: ${m.by}\``);
    }
    if (m.by !== undefined) actor(m.by, [...path, 'by']);
    const concrete: Record<string, unknown> = { ...m, by };
    for (const [key, v] of Object.entries(m)) {
      if (typeof v === 'string' && v.startsWith('@event.')) {
        const field = v.slice('@event.'.length);
        if (trigger === null) add([...path, key], `\`${v}\` needs an \`on:\` trigger to copy from`);
        else if (!Object.hasOwn(eventPayloads[trigger] ?? {}, field) && field !== 'by') {
          add(
            [...path, key],
            `${trigger} has no field \`${field}\`${hint(field, ['by', ...Object.keys(eventPayloads[trigger] ?? {})])}`,
          );
        }
        concrete[key] = undefined;
        delete concrete[key];
      }
    }
    const schema = eventSchema(m.type).partial();
    const parsed = schema.safeParse(concrete);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        if (issue.code === 'unrecognized_keys') {
          for (const key of issue.keys) {
            addKey(
              [...path, key],
              `${m.type} has no field \`${key}\`${hint(key, Object.keys(eventPayloads[m.type] ?? {}))}`,
            );
          }
        } else add([...path, ...(issue.path as (string | number)[])], `${m.type}: ${issue.message}`);
      }
    }
    const required = eventSchema(m.type).safeParse({
      ...Object.fromEntries(Object.keys(m).map((k) => [k, m[k]])),
      by,
    });
    if (!required.success) {
      for (const issue of required.error.issues) {
        if (
          issue.code === 'invalid_type' &&
          (m as Record<string, unknown>)[String(issue.path[0])] === undefined
        ) {
          add(path, `${m.type} needs \`${String(issue.path[0])}\``);
        }
      }
    }
    for (const [key, kind] of Object.entries(eventRefs)) {
      const v = m[key];
      if (v === undefined || (typeof v === 'string' && v.startsWith('@event.'))) continue;
      if (kind === 'format') format(v as string, [...path, key]);
      else if (kind === 'actor') actor(v as string, [...path, key]);
      else if (Array.isArray(v)) v.forEach((a, i) => actor(a as string, [...path, key, i]));
    }
  };
  // `trigger` is undefined for injects, null for a policy rule without `on:`.
  const moves = (list: Move | Move[], owner: string, path: Path, trigger: EventType | null | undefined) => {
    const policy = trigger !== undefined;
    if (Array.isArray(list)) list.forEach((m, i) => move(m, owner, [...path, i], trigger ?? null, policy));
    else move(list, owner, path, trigger ?? null, policy);
  };

  if (!validDate(data.calendar.start))
    add(['calendar', 'start'], `${data.calendar.start} is not a real date`);
  if (!validDate(data.calendar.end)) add(['calendar', 'end'], `${data.calendar.end} is not a real date`);
  if (data.calendar.end < data.calendar.start) add(['calendar', 'end'], 'the calendar ends before it starts');

  for (const [id, a] of Object.entries(data.actors)) {
    const path = ['actors', id];
    if (a.kind === 'legislature') {
      if (a.of === undefined) add(path, `legislature \`${id}\` needs \`of:\`, the state it belongs to`);
      else if (data.actors[a.of]?.kind !== 'state')
        add(
          [...path, 'of'],
          `\`${a.of}\` is not a state actor${hint(
            a.of,
            actors.filter((x) => data.actors[x]!.kind === 'state'),
          )}`,
        );
    }
    const policyName = a.policy ?? 'scripted';
    const policy = policies.get(policyName);
    if (!policy) {
      add([...path, 'policy'], `unknown policy \`${policyName}\`${hint(policyName, [...policies.keys()])}`);
      continue;
    }
    if (a.rules !== undefined && policyName !== 'rules')
      add(
        [...path, 'rules'],
        `\`rules:\` is read only by \`policy: rules\`, and this actor uses \`${policyName}\``,
      );
    if (policyName === 'rules' && a.rules === undefined)
      add([...path, 'policy'], 'the rules policy needs a `rules:` list');
    try {
      policy.parseParams(policyName === 'rules' ? { rules: a.rules ?? [] } : a.params);
    } catch (error) {
      add([...path, 'params'], `policy \`${policyName}\`: ${(error as Error).message}`);
    }
    const ruleIds = new Set<string>();
    (a.rules ?? []).forEach((rule, i) => {
      const rp = [...path, 'rules', i];
      if (ruleIds.has(rule.id)) add([...rp, 'id'], `duplicate rule id \`${rule.id}\``);
      ruleIds.add(rule.id);
      let trigger: EventType | null = null;
      if (rule.on) {
        if (!isEventType(rule.on.type)) add([...rp, 'on', 'type'], unknownEvent(rule.on.type));
        else {
          trigger = rule.on.type;
          for (const key of Object.keys(rule.on)) {
            if (key !== 'type' && key !== 'by' && !Object.hasOwn(eventPayloads[trigger] ?? {}, key)) {
              addKey(
                [...rp, 'on', key],
                `${trigger} has no field \`${key}\`${hint(key, Object.keys(eventPayloads[trigger] ?? {}))}`,
              );
            }
          }
          const on = rule.on as Record<string, unknown>;
          // The payload values a rule waits for must be values the event can carry.
          const { type: _type, by: _by, ...fields } = on;
          const shape = eventSchema(trigger)
            .partial()
            .safeParse({ ...fields, type: trigger });
          if (!shape.success) {
            for (const issue of shape.error.issues) {
              const key = String(issue.path[0] ?? '');
              if (issue.code === 'unrecognized_keys' || !Object.hasOwn(fields, key)) continue;
              const known = issue.code === 'invalid_value' ? issue.values.map(String) : [];
              const why = known.length ? hint(String(on[key]), known) : `: ${issue.message}`;
              add([...rp, 'on', key], `${trigger}.${key} can never be ${JSON.stringify(on[key])}${why}`);
            }
          }
          for (const [key, kind] of Object.entries(eventRefs)) {
            const v = on[key];
            if (typeof v !== 'string' || !Object.hasOwn(eventPayloads[trigger] ?? {}, key)) continue;
            if (kind === 'format') format(v, [...rp, 'on', key]);
            else if (kind === 'actor') actor(v, [...rp, 'on', key]);
          }
        }
        actor(rule.on.by, [...rp, 'on', 'by']);
      }
      predicate(rule.if, [...rp, 'if']);
      moves(rule.do, id, [...rp, 'do'], rule.on && trigger === null ? null : trigger);
    });
  }

  for (const [id, f] of Object.entries(data.formats)) {
    const path = ['formats', id];
    actor(f.auspices, [...path, 'auspices']);
    actor(f.appointedBy, [...path, 'appointedBy']);
    for (const role of ['mediators', 'parties', 'members', 'observers'] as const) {
      (f[role] ?? []).forEach((a, i) => actor(a, [...path, role, i]));
    }
  }

  const init = data.initial;
  format(init.activeFormat, ['initial', 'activeFormat']);
  const parties = data.formats[init.activeFormat]?.parties ?? [];
  for (const [party, list] of Object.entries(init.consents ?? {})) {
    if (!parties.includes(party))
      add(
        ['initial', 'consents', party],
        `\`${party}\` is not a party of the active format${hint(party, parties)}`,
      );
    list.forEach((m, i) => actor(m, ['initial', 'consents', party, i]));
  }
  init.formatLock?.signatories.forEach((a, i) => actor(a, ['initial', 'formatLock', 'signatories', i]));
  (init.ceasefire?.brokers ?? []).forEach((a, i) => actor(a, ['initial', 'ceasefire', 'brokers', i]));
  init.peacekeepers?.forEach((a, i) => actor(a, ['initial', 'peacekeepers', i]));
  if (init.monitoringCentre) {
    init.monitoringCentre.operators.forEach((a, i) =>
      actor(a, ['initial', 'monitoringCentre', 'operators', i]),
    );
    actor(init.monitoringCentre.host, ['initial', 'monitoringCentre', 'host']);
  }
  init.proposals?.forEach((p, i) => {
    format(p.format, ['initial', 'proposals', i, 'format']);
    actor(p.by, ['initial', 'proposals', i, 'by']);
    (p.endorsements ?? []).forEach((a, j) => actor(a, ['initial', 'proposals', i, 'endorsements', j]));
    (p.rejections ?? []).forEach((a, j) => actor(a, ['initial', 'proposals', i, 'rejections', j]));
  });
  const mediators = data.formats[init.activeFormat]?.mediators ?? [];
  init.exclusionDemands?.forEach((d, i) => {
    const path = ['initial', 'exclusionDemands', i];
    actor(d.by, [...path, 'by']);
    actor(d.mediator, [...path, 'mediator']);
    const speaker = data.actors[d.by];
    const party = speaker?.kind === 'legislature' ? speaker.of : d.by;
    if (speaker && !parties.includes(party ?? '')) {
      add(
        [...path, 'by'],
        `only a party of the active format (or its legislature) can demand an exclusion, not \`${d.by}\``,
      );
    }
    if (data.actors[d.mediator] && !mediators.includes(d.mediator)) {
      add(
        [...path, 'mediator'],
        `\`${d.mediator}\` is not a mediator of the active format${hint(d.mediator, mediators)}`,
      );
    }
  });
  for (const [region, state] of Object.entries(init.regions ?? {})) {
    const track = world.track(region);
    if (!track) addKey(['initial', 'regions', region], regionMissing(region));
    else if (!track.states.includes(state) || !isLeaf(track.states, state))
      add(
        ['initial', 'regions', region],
        `${region} cannot start in \`${state}\`${hint(
          state,
          track.states.filter((s) => isLeaf(track.states, s)),
        )}`,
      );
  }
  if (
    (init.exclusionDemands ?? []).length > 0 &&
    world.track('composition') &&
    (init.regions?.composition ?? 'intact') === 'intact'
  ) {
    add(
      ['initial', 'regions'],
      'standing exclusion demands need `composition: exclusionDemanded` in `initial.regions`',
    );
  }
  init.recognitions?.forEach((r, i) => {
    actor(r.by, ['initial', 'recognitions', i, 'by']);
    actor(r.entity, ['initial', 'recognitions', i, 'entity']);
  });

  const injectIds = new Set<string>();
  data.injects.forEach((inject, i) => {
    const path = ['injects', i];
    if (injectIds.has(inject.id)) add([...path, 'id'], `duplicate inject id \`${inject.id}\``);
    injectIds.add(inject.id);
    if ((inject.date === undefined) === (inject.when === undefined)) {
      add(path, `inject \`${inject.id}\` needs exactly one of \`date:\` (dated) or \`when:\` (conditional)`);
    }
    if (inject.hypothetical !== true && inject.source === undefined && (inject.sources ?? []).length === 0) {
      add(
        path,
        `inject \`${inject.id}\` cites no source: add \`source:\` with a URL, or mark it \`hypothetical: true\``,
      );
    }
    date(inject.date, [...path, 'date']);
    predicate(inject.when, [...path, 'when']);
    actor(inject.by, [...path, 'by']);
    moves(inject.do, inject.by, [...path, 'do'], undefined);
  });
  for (const [id, o] of Object.entries(data.outcomes)) predicate(o.when, ['outcomes', id, 'when']);
  data.invariants.forEach((inv, i) => predicate(inv.holds, ['invariants', i, 'holds']));
  predicate(data.end, ['end']);
  return issues;
}
