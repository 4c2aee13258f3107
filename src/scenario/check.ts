import { z } from 'zod';
import type { PolicyRegistry } from '../agents/registry.js';
import type { World } from '../machines/compose-world.js';
import { type Predicate, predicateRefs } from '../model/predicate.js';
import { eventRefs } from '../regions/events.js';
import { regionLibrary } from '../regions/library.js';
import { checkBriefs } from './check-briefs.js';
import { checkFormats, checkInitial, checkWording, type Found } from './check-world.js';
import { hint, type ScenarioIssue, type ScenarioIssueCode } from './issues.js';
import type { Path } from './locate.js';
import type { Move, ScenarioData } from './schema.js';
import { checkStability } from './stability-spec.js';

/**
 * Maps a path of the checked data to a place in a file (with `asKey`, the place of the path's last key),
 * and to the path the issue reports.
 */
export type Locate = (path: Path, asKey?: boolean) => { file: string; line: number; col: number; path: Path };

/** A located issue, its fields in the order they are printed. */
export function locatedIssue(
  where: ReturnType<Locate>,
  code: ScenarioIssueCode,
  message: string,
): ScenarioIssue {
  return { file: where.file, line: where.line, col: where.col, code, path: where.path, message };
}

function validDate(date: string): boolean {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/**
 * Name resolution and cross-field checks on a scenario that passed its schema: every actor, format,
 * policy, event and region state it names must exist; dates must be real and inside the calendar; no
 * actor holds two roles of one format; the initial region states of regions the world has agree with
 * the initial facts. Each issue carries its code and the path it is about.
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
  // One schema per event type and check, not one per move: building a zod schema costs far more than
  // using it, and a large scenario has thousands of moves.
  const schemas = new Map<string, { whole: z.ZodObject; partial: z.ZodObject }>();
  const schemasOf = (type: string) => {
    let found = schemas.get(type);
    if (!found) {
      const whole = z.strictObject({ type: z.literal(type), by: z.string().min(1), ...eventPayloads[type] });
      found = { whole, partial: whole.partial() };
      schemas.set(type, found);
    }
    return found;
  };
  const eventSchema = (type: string) => schemasOf(type).whole;
  const partialEventSchema = (type: string) => schemasOf(type).partial;
  const unknownEvent = (type: string): Found => {
    const owner = regionLibrary.find((m) => Object.hasOwn(m.events, type));
    if (owner)
      return {
        code: 'region/missing',
        message: `\`${type}\` is a move of the ${owner.id} region, which this world does not have: add \`${owner.id}\` to \`regions:\``,
      };
    return {
      code: 'name/unknown-event',
      message: `unknown event \`${type}\`${hint(type, Object.keys(eventPayloads))}`,
    };
  };
  const add = (code: ScenarioIssueCode, path: Path, message: string) =>
    issues.push(locatedIssue(locate(path), code, message));
  const addKey = (code: ScenarioIssueCode, path: Path, message: string) =>
    issues.push(locatedIssue(locate(path, true), code, message));
  const addFound = (path: Path, found: Found, asKey = false) =>
    issues.push(locatedIssue(locate(path, asKey), found.code, found.message));
  const actors = Object.keys(data.actors);
  const formats = Object.keys(data.formats);
  const actor = (name: string | null | undefined, path: Path, what = 'actor') => {
    if (name === null || name === undefined) return;
    if (!Object.hasOwn(data.actors, name))
      add('name/unknown-actor', path, `unknown ${what} \`${name}\`${hint(name, actors)}`);
  };
  const format = (name: string | undefined, path: Path) => {
    if (name !== undefined && !Object.hasOwn(data.formats, name))
      add('name/unknown-format', path, `unknown format \`${name}\`${hint(name, formats)}`);
  };
  const predicate = (p: Predicate | undefined, path: Path) => {
    if (!p) return;
    for (const ref of predicateRefs(p)) {
      const at = [...path, ...ref.path];
      if (ref.kind === 'actor') actor(ref.name, at);
      else if (ref.kind === 'format') format(ref.name, at);
      else if (ref.kind === 'event' && !isEventType(ref.name)) addFound(at, unknownEvent(ref.name));
      else if (ref.kind === 'region') {
        const [region, state] = ref.name.split(':') as [string, string];
        const track = world.track(region);
        if (!track) addFound(at.slice(0, -1), regionMissing(region));
        else if (!track.states.includes(state))
          add(
            'region/unknown-state',
            at,
            `${region} has no state \`${state}\`${hint(state, [...track.states])}`,
          );
      } else if (ref.kind === 'talks') {
        const talks = world.track('talks');
        if (!talks) addFound(at.slice(0, -2), regionMissing('talks'));
        else if (!talks.states.includes(ref.name))
          add(
            'region/unknown-state',
            at,
            `talks have no state \`${ref.name}\`${hint(ref.name, [...talks.states])}`,
          );
      }
    }
    // The talks of a format that is not live never change: a condition on them is a mistake.
    const live = new Set([data.initial.activeFormat, ...(data.initial.liveFormats ?? [])]);
    const talksOf = (q: Predicate, at: Path): void => {
      if ('all' in q) q.all.forEach((x, i) => talksOf(x, [...at, 'all', i]));
      else if ('any' in q) q.any.forEach((x, i) => talksOf(x, [...at, 'any', i]));
      else if ('not' in q) talksOf(q.not, [...at, 'not']);
      else if ('talks' in q && Object.hasOwn(data.formats, q.talks.format) && !live.has(q.talks.format))
        add(
          'region/missing',
          [...at, 'talks', 'format'],
          `no talks run under \`${q.talks.format}\`: list it in \`initial.liveFormats\` to give it talks of its own`,
        );
    };
    talksOf(p, path);
  };
  const regionMissing = (region: string): Found => {
    const owner = regionLibrary.find((m) => m.tracks.some((t) => t.alias === region));
    if (owner)
      return {
        code: 'region/missing',
        message: `this world has no ${region} region: add \`${owner.id}\` to \`regions:\`, or drop this condition`,
      };
    return {
      code: 'name/unknown-region',
      message: `unknown region \`${region}\`${hint(
        region,
        world.tracks.map((t) => t.alias),
      )}`,
    };
  };
  const date = (value: string | undefined, path: Path) => {
    if (value === undefined) return;
    if (!validDate(value)) add('date/invalid', path, `${value} is not a real date`);
    else if (value < data.calendar.start || value > data.calendar.end) {
      add(
        'date/outside-calendar',
        path,
        `${value} is outside the calendar (${data.calendar.start} to ${data.calendar.end})`,
      );
    }
  };
  const move = (m: Move, owner: string, path: Path, trigger: EventType | null, policy: boolean) => {
    if (!isEventType(m.type)) {
      addFound([...path, 'type'], unknownEvent(m.type));
      return;
    }
    const by = m.by ?? owner;
    if (policy && m.by !== undefined && m.by !== owner) {
      addKey(
        'policy/acts-for-other',
        [...path, 'by'],
        `a policy acts only for its own actor: remove \`by: ${m.by}\``,
      );
    }
    if (m.by !== undefined) actor(m.by, [...path, 'by']);
    const concrete: Record<string, unknown> = { ...m, by };
    for (const [key, v] of Object.entries(m)) {
      if (typeof v === 'string' && v.startsWith('@event.')) {
        const field = v.slice('@event.'.length);
        if (trigger === null)
          add('event/copy-without-trigger', [...path, key], `\`${v}\` needs an \`on:\` trigger to copy from`);
        else if (!Object.hasOwn(eventPayloads[trigger] ?? {}, field) && field !== 'by') {
          add(
            'event/unknown-field',
            [...path, key],
            `${trigger} has no field \`${field}\`${hint(field, ['by', ...Object.keys(eventPayloads[trigger] ?? {})])}`,
          );
        }
        concrete[key] = undefined;
        delete concrete[key];
      }
    }
    const schema = partialEventSchema(m.type);
    const parsed = schema.safeParse(concrete);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        if (issue.code === 'unrecognized_keys') {
          for (const key of issue.keys) {
            addKey(
              'event/unknown-field',
              [...path, key],
              `${m.type} has no field \`${key}\`${hint(key, Object.keys(eventPayloads[m.type] ?? {}))}`,
            );
          }
        } else
          add(
            'event/invalid-field',
            [...path, ...(issue.path as (string | number)[])],
            `${m.type}: ${issue.message}`,
          );
      }
    }
    const required = eventSchema(m.type).safeParse({
      ...Object.fromEntries(Object.keys(m).map((k) => [k, m[k]])),
      by,
    });
    if (!required.success) {
      for (const issue of required.error.issues) {
        // A field left out (whatever its type: a custom field with `values:` is a union of literals).
        if (issue.path.length === 1 && (m as Record<string, unknown>)[String(issue.path[0])] === undefined) {
          add('event/missing-field', path, `${m.type} needs \`${String(issue.path[0])}\``);
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
    add('date/invalid', ['calendar', 'start'], `${data.calendar.start} is not a real date`);
  if (!validDate(data.calendar.end))
    add('date/invalid', ['calendar', 'end'], `${data.calendar.end} is not a real date`);
  if (data.calendar.end < data.calendar.start)
    add('date/calendar-reversed', ['calendar', 'end'], 'the calendar ends before it starts');

  for (const [id, a] of Object.entries(data.actors)) {
    const path = ['actors', id];
    if (a.kind === 'legislature') {
      if (a.of === undefined)
        add(
          'actor/legislature-without-state',
          path,
          `legislature \`${id}\` needs \`of:\`, the state it belongs to`,
        );
      else if (data.actors[a.of]?.kind !== 'state')
        add(
          'actor/not-a-state',
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
      add(
        'name/unknown-policy',
        [...path, 'policy'],
        `unknown policy \`${policyName}\`${hint(policyName, [...policies.keys()])}; a custom policy needs the module that exports it (\`--policies FILE\` on the command line, \`policies\` in the API)`,
      );
      continue;
    }
    if (a.rules !== undefined && policyName !== 'rules')
      add(
        'policy/rules-without-policy',
        [...path, 'rules'],
        `\`rules:\` is read only by \`policy: rules\`, and this actor uses \`${policyName}\``,
      );
    if (policyName === 'rules' && a.rules === undefined)
      add('policy/missing-rules', [...path, 'policy'], 'the rules policy needs a `rules:` list');
    try {
      policy.parseParams(policyName === 'rules' ? { rules: a.rules ?? [] } : a.params);
    } catch (error) {
      add(
        'policy/invalid-params',
        [...path, 'params'],
        `policy \`${policyName}\`: ${(error as Error).message}`,
      );
    }
    const ruleIds = new Set<string>();
    (a.rules ?? []).forEach((rule, i) => {
      const rp = [...path, 'rules', i];
      if (ruleIds.has(rule.id))
        add('policy/duplicate-rule', [...rp, 'id'], `duplicate rule id \`${rule.id}\``);
      ruleIds.add(rule.id);
      let trigger: EventType | null = null;
      if (rule.on) {
        if (!isEventType(rule.on.type)) addFound([...rp, 'on', 'type'], unknownEvent(rule.on.type));
        else {
          trigger = rule.on.type;
          for (const key of Object.keys(rule.on)) {
            if (key !== 'type' && key !== 'by' && !Object.hasOwn(eventPayloads[trigger] ?? {}, key)) {
              addKey(
                'event/unknown-field',
                [...rp, 'on', key],
                `${trigger} has no field \`${key}\`${hint(key, Object.keys(eventPayloads[trigger] ?? {}))}`,
              );
            }
          }
          const on = rule.on as Record<string, unknown>;
          // The payload values a rule waits for must be values the event can carry.
          const { type: _type, by: _by, ...fields } = on;
          const shape = partialEventSchema(trigger).safeParse({ ...fields, type: trigger });
          if (!shape.success) {
            for (const issue of shape.error.issues) {
              const key = String(issue.path[0] ?? '');
              if (issue.code === 'unrecognized_keys' || !Object.hasOwn(fields, key)) continue;
              const known = issue.code === 'invalid_value' ? issue.values.map(String) : [];
              const why = known.length ? hint(String(on[key]), known) : `: ${issue.message}`;
              add(
                'event/impossible-value',
                [...rp, 'on', key],
                `${trigger}.${key} can never be ${JSON.stringify(on[key])}${why}`,
              );
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

  const checker = { data, world, add, addFound, actor, format, regionMissing };
  checkFormats(checker);
  checkInitial(checker);

  const injectIds = new Set<string>();
  data.injects.forEach((inject, i) => {
    const path = ['injects', i];
    if (injectIds.has(inject.id))
      add('inject/duplicate-id', [...path, 'id'], `duplicate inject id \`${inject.id}\``);
    injectIds.add(inject.id);
    if ((inject.date === undefined) === (inject.when === undefined)) {
      add(
        'inject/date-or-when',
        path,
        `inject \`${inject.id}\` needs exactly one of \`date:\` (dated) or \`when:\` (conditional)`,
      );
    }
    if (inject.hypothetical !== true && inject.source === undefined && (inject.sources ?? []).length === 0) {
      add(
        'inject/missing-source',
        path,
        `inject \`${inject.id}\` cites no source: add \`source:\` with a URL, or mark it \`hypothetical: true\``,
      );
    }
    date(inject.date, [...path, 'date']);
    predicate(inject.when, [...path, 'when']);
    actor(inject.by, [...path, 'by']);
    moves(inject.do, inject.by, [...path, 'do'], undefined);
  });
  // Contingency injects are checked as injects are.
  checkBriefs({
    data,
    add,
    addKey,
    actor,
    moves: (list, owner, path) => moves(list, owner, path, undefined),
  });
  for (const [id, o] of Object.entries(data.outcomes)) predicate(o.when, ['outcomes', id, 'when']);
  checkStability(data, predicate, add);
  data.invariants.forEach((inv, i) => predicate(inv.holds, ['invariants', i, 'holds']));
  predicate(data.end, ['end']);
  if (data.question) {
    const { outcome, actors: movers } = data.question;
    if (!Object.hasOwn(data.outcomes, outcome))
      add(
        'name/unknown-outcome',
        ['question', 'outcome'],
        `unknown outcome \`${outcome}\`${hint(outcome, Object.keys(data.outcomes))}: a question asks about an outcome declared under \`outcomes:\``,
      );
    movers.forEach((a, i) => actor(a, ['question', 'actors', i]));
  }
  checkWording(checker);
  return issues;
}
