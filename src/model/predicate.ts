import { z } from 'zod';
import { regionState, type WorldContext, type WorldValue } from './context.js';
import type { Format } from './format.js';
import { activeFormat as active, atTableOf } from './queries.js';

const regionMatch = z
  .record(z.string(), z.string())
  .describe(
    'region states by region name (`talks`, `mandate`, a custom region), each matched exactly or as a prefix (`ceasefire` matches `ceasefire.holding`)',
  );

/** The roles an actor can hold in a format; rules and predicates read them. */
const formatRoles = ['mediator', 'party', 'member', 'observer', 'host', 'auspices'] as const;
type FormatRole = (typeof formatRoles)[number];

/** Whether an actor holds a role in a format. */
function holdsRole(f: Format | undefined, actor: string, role: FormatRole): boolean {
  if (!f) return false;
  switch (role) {
    case 'mediator':
      return f.mediators.includes(actor);
    case 'party':
      return f.parties.includes(actor);
    case 'member':
      return f.members.includes(actor);
    case 'observer':
      return f.observers.includes(actor);
    case 'host':
      return f.host === actor;
    default:
      return f.auspices === actor;
  }
}

/** A condition on the world, written as data in scenario files. */
export type Predicate =
  | { in: z.infer<typeof regionMatch> }
  | { reached: z.infer<typeof regionMatch> }
  | { all: Predicate[] }
  | { any: Predicate[] }
  | { not: Predicate }
  | { dayAtLeast: number }
  | { dayAtMost: number }
  | { activeFormat: string }
  | { talks: { format: string; in: string } }
  | { role: { actor: string; role: FormatRole; format?: string | undefined } }
  | { mediates: { actor: string; format?: string | undefined } }
  | { atTable: string }
  | { excluded: string }
  | { accepts: { party: string; mediator: string } }
  | { recognised: { entity: string; by?: string | undefined } }
  | { demanded: { mediator: string; by?: string | undefined } }
  | { happened: { type: string; by?: string | undefined; accepted?: boolean | undefined } }
  | { always: boolean };

/** The zod schema of predicates (recursive). */
export const predicateSchema: z.ZodType<Predicate> = z.lazy(() =>
  z.union([
    z.strictObject({ in: regionMatch }),
    z.strictObject({ reached: regionMatch.describe('region states reached at any point of the run') }),
    z.strictObject({ all: z.array(predicateSchema).min(1) }),
    z.strictObject({ any: z.array(predicateSchema).min(1) }),
    z.strictObject({ not: predicateSchema }),
    z.strictObject({ dayAtLeast: z.number().int().nonnegative() }),
    z.strictObject({ dayAtMost: z.number().int().nonnegative() }),
    z.strictObject({ activeFormat: z.string() }),
    z.strictObject({
      talks: z
        .strictObject({ format: z.string(), in: z.string().describe('a talks state, e.g. convened') })
        .describe('the talks under a given live format are in a state'),
    }),
    z.strictObject({
      role: z
        .strictObject({
          actor: z.string(),
          role: z.enum(formatRoles),
          format: z.string().optional().describe('default: the active format'),
        })
        .describe('an actor holds a role in a format: mediator, party, member, observer, host or auspices'),
    }),
    z.strictObject({ mediates: z.strictObject({ actor: z.string(), format: z.string().optional() }) }),
    z.strictObject({ atTable: z.string().describe('an actor at the table of the active format') }),
    z.strictObject({ excluded: z.string().describe('a mediator excluded from a format') }),
    z.strictObject({ accepts: z.strictObject({ party: z.string(), mediator: z.string() }) }),
    z.strictObject({ recognised: z.strictObject({ entity: z.string(), by: z.string().optional() }) }),
    z.strictObject({ demanded: z.strictObject({ mediator: z.string(), by: z.string().optional() }) }),
    z.strictObject({
      happened: z.strictObject({
        type: z.string(),
        by: z.string().optional(),
        accepted: z.boolean().optional(),
      }),
    }),
    z.strictObject({ always: z.boolean() }),
  ]),
);

/** What a predicate is evaluated against. */
export interface PredicateSubject {
  readonly value: WorldValue;
  readonly context: WorldContext;
  /** Region states reached so far, as `region:state` (dotted state paths and all their prefixes). */
  readonly reached: ReadonlySet<string>;
  /** Moves made so far: type, actor, and whether they were accepted. */
  readonly moves: readonly { readonly type: string; readonly by: string; readonly accepted: boolean }[];
  /**
   * The dotted path into the state value of a region named in a scenario (`mandate` is `format.mandate`);
   * defaults to the name itself. A composed world provides it (`World.regionPath`).
   */
  readonly regionPath?: ((alias: string) => string) | undefined;
}

/** A region as predicates see it: the name scenario files use and its path into the state value. */
export interface RegionRef {
  readonly alias: string;
  readonly path: string;
}

function matchesState(current: string, wanted: string): boolean {
  return current === wanted || current.startsWith(`${wanted}.`);
}

/** The `region:state` keys of a value, including the prefixes of nested states, for the given regions. */
export function reachedKeys(value: WorldValue, regions: readonly RegionRef[]): string[] {
  const out: string[] = [];
  for (const { alias, path } of regions) {
    const parts = regionState(value, path).split('.');
    for (let i = 1; i <= parts.length; i++) out.push(`${alias}:${parts.slice(0, i).join('.')}`);
  }
  return out;
}

/** Evaluate a predicate. Pure; unknown names simply do not match (the scenario checker rejects them first). */
export function evaluate(p: Predicate, s: PredicateSubject): boolean {
  return compiled(p)(s);
}

type Test = (s: PredicateSubject) => boolean;

const tests = new WeakMap<Predicate, Test>();

/**
 * A predicate as a function, made once per predicate object: a scenario's conditions are evaluated
 * after every move of every run, so the shape of each is read once, not at every evaluation.
 */
function compiled(p: Predicate): Test {
  let test = tests.get(p);
  if (!test) {
    test = compile(p);
    tests.set(p, test);
  }
  return test;
}

const stateOf = (s: PredicateSubject, alias: string) =>
  regionState(s.value, s.regionPath ? s.regionPath(alias) : alias);

function compile(p: Predicate): Test {
  if ('in' in p) {
    const wanted = Object.entries(p.in);
    return (s) => {
      for (const [alias, state] of wanted) if (!matchesState(stateOf(s, alias), state)) return false;
      return true;
    };
  }
  if ('reached' in p) {
    const keys = Object.entries(p.reached).map(([alias, wanted]) => `${alias}:${wanted}`);
    return (s) => {
      for (const key of keys) if (!s.reached.has(key)) return false;
      return true;
    };
  }
  if ('all' in p) {
    const parts = p.all.map(compiled);
    return (s) => {
      for (const part of parts) if (!part(s)) return false;
      return true;
    };
  }
  if ('any' in p) {
    const parts = p.any.map(compiled);
    return (s) => {
      for (const part of parts) if (part(s)) return true;
      return false;
    };
  }
  if ('not' in p) {
    const inner = compiled(p.not);
    return (s) => !inner(s);
  }
  if ('dayAtLeast' in p) {
    const day = p.dayAtLeast;
    return (s) => s.context.day >= day;
  }
  if ('dayAtMost' in p) {
    const day = p.dayAtMost;
    return (s) => s.context.day <= day;
  }
  if ('activeFormat' in p) {
    const format = p.activeFormat;
    return (s) => s.context.activeFormat === format;
  }
  if ('talks' in p) {
    const { format, in: wanted } = p.talks;
    const side = `talks.${format}`;
    return (s) => matchesState(stateOf(s, format === s.context.activeFormat ? 'talks' : side), wanted);
  }
  if ('role' in p) {
    const { actor, role, format } = p.role;
    return (s) => holdsRole(s.context.formats[format ?? s.context.activeFormat], actor, role);
  }
  if ('mediates' in p) {
    const { actor, format } = p.mediates;
    return (s) => (s.context.formats[format ?? s.context.activeFormat]?.mediators ?? []).includes(actor);
  }
  if ('atTable' in p) {
    const actor = p.atTable;
    return (s) => atTableOf(active(s.context)).includes(actor);
  }
  if ('excluded' in p) {
    const mediator = p.excluded;
    return (s) => s.context.excluded.some((e) => e.mediator === mediator);
  }
  if ('accepts' in p) {
    const { party, mediator } = p.accepts;
    return (s) => (s.context.consents[party] ?? []).includes(mediator);
  }
  if ('recognised' in p) {
    const { entity, by } = p.recognised;
    return (s) =>
      s.context.recognitions.some((r) => r.entity === entity && (by === undefined || r.by === by));
  }
  if ('demanded' in p) {
    const { mediator, by } = p.demanded;
    return (s) =>
      s.context.exclusionDemands.some((d) => d.mediator === mediator && (by === undefined || d.by === by));
  }
  if ('happened' in p) {
    const { type, by, accepted } = p.happened;
    return (s) =>
      s.moves.some(
        (m) =>
          m.type === type &&
          (by === undefined || m.by === by) &&
          (accepted === undefined || m.accepted === accepted),
      );
  }
  const always = p.always;
  return () => always;
}

/** The names a predicate refers to, with their path inside the predicate, for name resolution. */
export function predicateRefs(
  p: Predicate,
  path: (string | number)[] = [],
): { kind: 'actor' | 'format' | 'event' | 'region' | 'talks'; name: string; path: (string | number)[] }[] {
  const out: ReturnType<typeof predicateRefs> = [];
  if ('all' in p) p.all.forEach((q, i) => out.push(...predicateRefs(q, [...path, 'all', i])));
  else if ('any' in p) p.any.forEach((q, i) => out.push(...predicateRefs(q, [...path, 'any', i])));
  else if ('not' in p) out.push(...predicateRefs(p.not, [...path, 'not']));
  else if ('activeFormat' in p)
    out.push({ kind: 'format', name: p.activeFormat, path: [...path, 'activeFormat'] });
  else if ('talks' in p) {
    out.push({ kind: 'format', name: p.talks.format, path: [...path, 'talks', 'format'] });
    out.push({ kind: 'talks', name: p.talks.in, path: [...path, 'talks', 'in'] });
  } else if ('role' in p) {
    out.push({ kind: 'actor', name: p.role.actor, path: [...path, 'role', 'actor'] });
    if (p.role.format) out.push({ kind: 'format', name: p.role.format, path: [...path, 'role', 'format'] });
  } else if ('mediates' in p) {
    out.push({ kind: 'actor', name: p.mediates.actor, path: [...path, 'mediates', 'actor'] });
    if (p.mediates.format)
      out.push({ kind: 'format', name: p.mediates.format, path: [...path, 'mediates', 'format'] });
  } else if ('atTable' in p) out.push({ kind: 'actor', name: p.atTable, path: [...path, 'atTable'] });
  else if ('excluded' in p) out.push({ kind: 'actor', name: p.excluded, path: [...path, 'excluded'] });
  else if ('accepts' in p) {
    out.push({ kind: 'actor', name: p.accepts.party, path: [...path, 'accepts', 'party'] });
    out.push({ kind: 'actor', name: p.accepts.mediator, path: [...path, 'accepts', 'mediator'] });
  } else if ('recognised' in p) {
    out.push({ kind: 'actor', name: p.recognised.entity, path: [...path, 'recognised', 'entity'] });
    if (p.recognised.by)
      out.push({ kind: 'actor', name: p.recognised.by, path: [...path, 'recognised', 'by'] });
  } else if ('demanded' in p) {
    out.push({ kind: 'actor', name: p.demanded.mediator, path: [...path, 'demanded', 'mediator'] });
    if (p.demanded.by) out.push({ kind: 'actor', name: p.demanded.by, path: [...path, 'demanded', 'by'] });
  } else if ('happened' in p) {
    out.push({ kind: 'event', name: p.happened.type, path: [...path, 'happened', 'type'] });
    if (p.happened.by) out.push({ kind: 'actor', name: p.happened.by, path: [...path, 'happened', 'by'] });
  } else if ('in' in p || 'reached' in p) {
    const key = 'in' in p ? 'in' : 'reached';
    const match = 'in' in p ? p.in : (p as { reached: Record<string, string> }).reached;
    for (const [alias, state] of Object.entries(match)) {
      out.push({ kind: 'region', name: `${alias}:${state}`, path: [...path, key, alias] });
    }
  }
  return out;
}
