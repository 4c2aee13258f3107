import { z } from 'zod';
import type { WorldContext } from '../model/context.js';
import type { Predicate } from '../model/predicate.js';
import type { Check, Ev } from './check-types.js';
import { nameOf } from './queries.js';
import type { EventSpec, Names, RegionModule } from './region-module.js';

/** The kind of value a custom move's payload field holds. */
export type CustomFieldType = 'actor' | 'format' | 'string' | 'number' | 'boolean';

/** A payload field of a custom move. */
export interface CustomField {
  readonly type: CustomFieldType;
  readonly optional?: boolean | undefined;
  /** The values the field may take; moves offered to players and explorers draw from them. */
  readonly values?: readonly (string | number)[] | undefined;
  readonly description?: string | undefined;
}

/** A move of a custom region: who may make it, its payload, its sentence and its rule. */
export interface CustomMove {
  /**
   * Who may make it: actor ids, `kind:<kind>` (`kind:state`), or `role:<role>` of the active format
   * (`role:party`, `role:mediator`, `role:member`, `role:observer`, `role:auspices`). Omitted: anyone.
   */
  readonly by?: readonly string[] | undefined;
  readonly fields?: Readonly<Record<string, CustomField>> | undefined;
  /** The move as the end of a sentence about its actor; `{field}` inserts a field's value or name. */
  readonly text: string;
  /** The rule cited when someone not in `by` tries it. */
  readonly rule?: string | undefined;
}

/** A transition of a custom region: on a move (or eventless), from some states, to a state, if a predicate holds. */
export interface CustomTransition {
  /** The move that fires it; omitted for an eventless transition, taken as soon as `if` holds. */
  readonly on?: string | undefined;
  /** The states it leaves; omitted: any state of the region. */
  readonly from?: readonly string[] | undefined;
  /** The state it enters; omitted: the move is accepted and the state stays. */
  readonly to?: string | undefined;
  readonly if?: Predicate | undefined;
  /** The rule cited when `if` does not hold. */
  readonly rule: string;
  /** Why the move is refused when `if` does not hold, in a sentence; a default names the rule. */
  readonly why?: string | undefined;
}

/** A region declared in a scenario file: states, moves and transitions, with no code. */
export interface CustomRegionSpec {
  readonly id: string;
  readonly label?: string | undefined;
  readonly description?: string | undefined;
  readonly states: readonly string[];
  readonly initial: string;
  /** States that end the region: nothing leaves them. */
  readonly final?: readonly string[] | undefined;
  readonly moves?: Readonly<Record<string, CustomMove>> | undefined;
  readonly transitions: readonly CustomTransition[];
  /**
   * The moves other custom regions of the world declare. A transition here on one of them checks who
   * makes it, as the region that declares it does, so that a move reserved to one actor changes no
   * region when another actor tries it.
   */
  readonly otherMoves?: Readonly<Record<string, CustomMove>> | undefined;
}

/** The zod type of a custom move's field, for validating scenario moves. */
function fieldSchema(field: CustomField): z.ZodType {
  let schema: z.ZodType;
  if (field.values && field.values.length > 0) {
    const values = field.values;
    // All strings: an enum, whose error lists the values; else a union of literals.
    schema = values.every((v) => typeof v === 'string')
      ? z.enum(values as [string, ...string[]])
      : z.union(values.map((v) => z.literal(v)) as unknown as [z.ZodLiteral, z.ZodLiteral]);
  } else if (field.type === 'number') schema = z.number();
  else if (field.type === 'boolean') schema = z.boolean();
  else schema = z.string().min(1);
  if (field.description) schema = schema.describe(field.description);
  return field.optional ? schema.optional() : schema;
}

/** Whether an actor matches a `by` selector of a custom move. */
function matchesSelector(ctx: WorldContext, by: string, selector: string): boolean {
  if (selector.startsWith('kind:')) return ctx.actors[by]?.kind === selector.slice(5);
  if (selector.startsWith('role:')) {
    const f = ctx.formats[ctx.activeFormat];
    if (!f) return false;
    const role = selector.slice(5);
    if (role === 'party') return f.parties.includes(by);
    if (role === 'mediator') return f.mediators.includes(by);
    if (role === 'member') return f.members.includes(by);
    if (role === 'observer') return f.observers.includes(by);
    if (role === 'auspices') return f.auspices === by;
    return false;
  }
  return selector === by;
}

/** The roles a `role:` selector may name. */
export const selectorRoles = ['party', 'mediator', 'member', 'observer', 'auspices'] as const;

function candidates(
  fields: Readonly<Record<string, CustomField>>,
  ctx: WorldContext,
): Record<string, unknown>[] {
  let out: Record<string, unknown>[] = [{}];
  for (const [name, field] of Object.entries(fields)) {
    let domain: readonly unknown[];
    if (field.values && field.values.length > 0) domain = field.values;
    else if (field.type === 'actor') domain = Object.keys(ctx.actors);
    else if (field.type === 'format') domain = Object.keys(ctx.formats);
    else if (field.type === 'boolean') domain = [true, false];
    else if (field.optional) continue;
    else return [];
    out = out.flatMap((c) => domain.map((v) => ({ ...c, [name]: v })));
  }
  return out;
}

function describe(move: CustomMove, fields: Readonly<Record<string, CustomField>>) {
  return (e: Readonly<Record<string, unknown>>, n: Names) =>
    move.text.replace(/\{([A-Za-z][\w-]*)\}/g, (whole, key: string) => {
      const v = e[key];
      if (v === undefined) return fields[key] ? '' : whole;
      const type = fields[key]?.type;
      return type === 'actor' || type === 'format' ? n(String(v)) : String(v);
    });
}

const push = (into: Record<string, object[]>, key: string, item: object) => {
  const list = into[key] ?? [];
  list.push(item);
  into[key] = list;
};

/** The check that only the actors a move's `by` selects may make it, citing the move's rule. */
function addByCheck(checks: Record<string, Check>, id: string, type: string, move: CustomMove): void {
  if (!move.by || move.by.length === 0) return;
  const selectors = move.by;
  checks[`${id}:${type}:by`] = {
    rule: move.rule ?? 'M2',
    code: `${id}/not-allowed`,
    test: (ctx: WorldContext, ev: Ev) => selectors.some((s) => matchesSelector(ctx, ev.by, s)),
    why: (ctx: WorldContext, ev: Ev) => `${nameOf(ctx, ev.by)} may not ${type.split('.').pop()} here`,
  };
}

/** The XState node id of a custom region's state. */
const stateId = (region: string, state: string) => `#world.${region}.${state}`;

/**
 * Build a region module from a custom region's spec. Its moves become events whose `by` check cites the
 * move's rule; its transitions become guarded transitions whose predicate check cites the transition's
 * rule, compiled into XState's own guards so that both engines run them.
 */
export function customRegion(spec: CustomRegionSpec): RegionModule {
  const id = spec.id;
  const checks: Record<string, Check> = {};
  const composites: Record<string, readonly string[]> = {};
  const events: Record<string, EventSpec> = {};
  for (const [type, move] of Object.entries(spec.moves ?? {})) {
    const fields = move.fields ?? {};
    events[type] = {
      payload: Object.fromEntries(Object.entries(fields).map(([k, f]) => [k, fieldSchema(f)])),
      describe: describe(move, fields),
      candidates: (ctx) => candidates(fields, ctx),
    };
    addByCheck(checks, id, type, move);
  }
  for (const t of spec.transitions) {
    const other = t.on === undefined || spec.moves?.[t.on] ? undefined : spec.otherMoves?.[t.on];
    if (t.on !== undefined && other) addByCheck(checks, id, t.on, other);
  }
  const stateNodes: Record<string, { type?: 'final'; on: Record<string, object[]>; always: object[] }> = {};
  for (const s of spec.states)
    stateNodes[s] = { ...(spec.final?.includes(s) ? { type: 'final' as const } : {}), on: {}, always: [] };
  const regionOn: Record<string, object[]> = {};
  const regionAlways: object[] = [];
  spec.transitions.forEach((t, i) => {
    const parts: string[] = [];
    if (t.on && checks[`${id}:${t.on}:by`]) parts.push(`${id}:${t.on}:by`);
    if (t.if) {
      const name = `${id}:t${i}:if`;
      checks[name] = {
        rule: t.rule,
        code: `${id}/condition`,
        predicate: t.if,
        why: () => t.why ?? `the condition of rule ${t.rule} does not hold`,
      };
      parts.push(name);
    }
    const guard = parts.length === 0 ? undefined : parts.length === 1 ? parts[0] : `${id}:t${i}`;
    if (parts.length > 1) composites[`${id}:t${i}`] = parts;
    const transition = {
      ...(t.to ? { target: stateId(id, t.to) } : {}),
      ...(guard ? { guard } : {}),
    };
    const sources = t.from ?? null;
    if (t.on) {
      if (sources === null) push(regionOn, t.on, transition);
      else for (const s of sources) push(stateNodes[s]!.on, t.on, transition);
    } else if (sources === null) regionAlways.push(transition);
    else for (const s of sources) stateNodes[s]!.always.push(transition);
  });
  // A move no transition names is still a move of the region: accepted in any state, with no effect.
  for (const type of Object.keys(spec.moves ?? {})) {
    const named = spec.transitions.some((t) => t.on === type);
    if (!named) {
      const guard = checks[`${id}:${type}:by`] ? `${id}:${type}:by` : undefined;
      push(regionOn, type, guard ? { guard } : {});
    }
  }
  const node = {
    initial: spec.initial,
    ...(Object.keys(regionOn).length ? { on: regionOn } : {}),
    ...(regionAlways.length ? { always: regionAlways } : {}),
    states: Object.fromEntries(
      Object.entries(stateNodes).map(([s, n]) => [
        s,
        {
          ...(n.type ? { type: n.type } : {}),
          ...(Object.keys(n.on).length ? { on: n.on } : {}),
          ...(n.always.length ? { always: n.always } : {}),
        },
      ]),
    ),
  };
  return {
    id,
    label: spec.label ?? id,
    description: spec.description ?? `A region declared in the scenario: ${spec.states.join(', ')}.`,
    requires: [],
    tracks: [
      { alias: id, path: id, label: spec.label ?? id, states: [...spec.states], initial: spec.initial },
    ],
    nodes: { [id]: node },
    on: {},
    events,
    checks,
    composites,
    updates: {},
  };
}
