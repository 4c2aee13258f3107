import { defaultWorld } from '../machines/compose-world.js';
import type { WorldContext, WorldState, WorldValue } from '../model/context.js';
import { type RegionRef, reachedKeys } from '../model/predicate.js';
import { asJson, type FieldCanon, type Relevant, sortedSet } from '../regions/canon.js';
import type { WorldEvent } from '../regions/events.js';
import { regionLibrary } from '../regions/library.js';
import type { RegionModule } from '../regions/region-module.js';
import { deepFreeze, hashText, type PortableValue, type Table } from './codec-tables.js';
import type { PredicateAtoms } from './predicate-atoms.js';

/**
 * The abstraction that makes a world's state space finite, and a compact code for abstract states.
 *
 * Exploration steps canonical worlds only. `canonical(world)` keeps everything a guard, an eventless
 * condition, a built-in invariant or one of the scenario's predicates can read, and forgets the rest.
 * Each region module says what its own context fields keep (`RegionModule.canon`); in short:
 * - the day counter is kept only up to the largest day a predicate names (`dayAtLeast`, `dayAtMost`),
 *   and an open consultation keeps only whether a day has passed since it opened (R2 reads that);
 * - the day of every act (recognition, demand, exclusion, signature, proposal) is dropped;
 * - lists that rules read as sets are sorted and deduplicated (consents, mediators, endorsements, ...);
 * - acts no rule reads are dropped: consents of actors who are no party of any format (unless an
 *   `accepts` predicate names them), endorsements and rejections by actors whose word on a proposal
 *   counts for nothing (R4, R13), and who urged talks under which format;
 * - statements, visits, legislative resolutions and declined recognitions are dropped (no rule reads
 *   them), and humanitarian access requests are kept only as "someone has asked";
 * - ceasefire violations are counted up to the collapse threshold, the only number R7 reads;
 * - closed consultations, withdrawn proposals and proposals a party of every format has rejected are
 *   dropped: nothing can reopen them;
 * - the path so far is kept only as far as the scenario's predicates read it: which of the region
 *   states they name (`reached`) have been entered, and which of the moves they name (`happened`)
 *   have been made.
 * Each field of the canonical world is interned once; a state's key is one character per field (two for
 * large tables), so a state costs a short string and a map entry. `decode` rebuilds the canonical world.
 */

/** The part of the path the scenario's predicates can see. */
interface History {
  /** Region states named by `reached` predicates that the path has entered, sorted. */
  readonly reached: readonly string[];
  /** Moves named by `happened` predicates that the path has made (type, actor, accepted), sorted. */
  readonly moves: readonly { readonly type: string; readonly by: string; readonly accepted: boolean }[];
  /** `reached` as a set, for predicate evaluation. */
  readonly reachedSet: ReadonlySet<string>;
}

/** An abstract state: a canonical world and the part of its path that predicates read. */
export interface AbstractState {
  readonly world: WorldState;
  readonly history: History;
  /** After `decode`: the interned ids, `[value, ...one per context field (codec.fields), history]`. */
  readonly ids?: readonly number[];
}

const sorted = sortedSet;
const json = asJson;
const DROPPED = Object.freeze([]);

type AnyCanon = (v: unknown, ctx: WorldContext, day: number) => unknown;

/**
 * How each field of the context is made canonical, gathered from the region modules that own the fields
 * (every built-in module: a context carries every slice, empty where a module is absent). The day and
 * the actors are the world's own. A field no module owns, or two modules claim, is a programming error.
 */
function canonFields(relevant: Relevant, fields: readonly (keyof WorldContext)[]) {
  const canon = new Map<string, { fn: AnyCanon; byDay: boolean } | 'drop'>([
    ['day', { fn: (_v, _ctx, day) => day, byDay: false }],
    ['actors', { fn: (v) => v, byDay: false }],
  ]);
  for (const m of regionLibrary as readonly RegionModule[])
    for (const [field, c] of Object.entries(m.canon?.(relevant) ?? {}) as [string, FieldCanon<never>][]) {
      if (canon.has(field))
        throw new Error(`auspices: explore: two region modules say how to make "${field}" canonical`);
      canon.set(
        field,
        c === 'drop'
          ? 'drop'
          : typeof c === 'function'
            ? { fn: c as unknown as AnyCanon, byDay: false }
            : { fn: c.byDay as unknown as AnyCanon, byDay: true },
      );
    }
  for (const f of fields)
    if (!canon.has(f))
      throw new Error(
        `auspices: explore: no region module says how to make the context field "${f}" canonical`,
      );
  for (const f of canon.keys())
    if (!fields.includes(f as keyof WorldContext))
      throw new Error(`auspices: explore: the world has no field "${f}"`);
  return canon;
}

/** Encode and decode abstract states; built once per exploration. */
export interface WorldCodec {
  /** The key of the abstract state of a (not necessarily canonical) world and a history. */
  encode(world: WorldState, history: History): string;
  /** The canonical world and history of a key. Frozen: a rule that mutates its input throws. */
  decode(key: string): AbstractState;
  /** The history of the start. */
  startHistory(value: WorldValue): History;
  /** The history after a move; the same object when the predicates cannot tell the difference. */
  nextHistory(history: History, move: WorldEvent, accepted: boolean, value: WorldValue): History;
  /** Context fields the abstraction drops altogether: writing them changes no abstract state. */
  readonly dropped: ReadonlySet<string>;
  /** The context fields in the order of their ids in a key (after the value's). */
  readonly fields: readonly (keyof WorldContext)[];
  /** Whether a refused move can change the history (a predicate names refused or any moves). */
  readonly refusalsMatter: boolean;
  /** How many distinct values each field has taken. */
  sizes(): Record<string, number>;
  /**
   * A 64-bit fingerprint of a key's abstract state, never 0, made from the canonical texts of its fields:
   * the same in every thread and process that explores the same scenario with the same options, though
   * each interns values in its own order. Different states collide with a chance of about n²/2⁶⁵ among
   * n states (a parallel search's only inexactness; see `exploreInWorkers`).
   */
  fingerprint(key: string): bigint;
  /** A key's interned ids, one per table (see `PortableValue.table`). */
  idsOf(key: string): number[];
  /** The key of interned ids. */
  keyOf(ids: readonly number[]): string;
  /** The canonical text of value `id` of a table (the order symmetry picks an orbit's state by). */
  textOf(table: number, id: number): string;
  /** Value `id` of a table, to hand to another thread's codec. */
  portable(table: number, id: number): PortableValue;
  /** Intern a value from another thread's codec; returns its id here. */
  adopt(value: PortableValue): number;
  /**
   * Intern a value of a table as a state with context `ctx` would hold it: a context field made canonical
   * first (at `ctx`'s day, capped as `encode` caps it), a history given as its reached states and moves.
   * Symmetry rebuilds states with actors swapped through it.
   */
  internAt(table: number, raw: unknown, ctx: WorldContext): number;
  /** Per context field: whether its canonical form depends on the day as well as on the field. */
  readonly byDay: readonly boolean[];
}

/**
 * Build the codec for worlds that start from `start`, with the predicates' atoms; `regions` are the
 * world's regions that `reached` predicates may name (the default world's when omitted). `exact` keeps
 * every field and the day as they are: no abstraction, for checking the abstraction against.
 */
export function createWorldCodec(
  start: WorldContext,
  atoms: PredicateAtoms,
  regions: readonly RegionRef[] = defaultWorld().tracks,
  exact = false,
): WorldCodec {
  const formats = Object.values(start.formats);
  // A rejection by an actor who is a party of every format closes a proposal for good (R4).
  const deadRejecters = new Set(
    Object.keys(start.actors).filter(
      (a) => formats.length > 0 && formats.every((f) => f.parties.includes(a)),
    ),
  );
  const parties = new Set(formats.flatMap((f) => f.parties));
  const fields = Object.keys(start) as (keyof WorldContext)[];
  const canon = canonFields(
    {
      deadRejecters,
      parties,
      endorsers: new Set([...parties, ...(start.formatLock?.signatories ?? [])]),
      consenters: new Set([...parties, ...atoms.consenters]),
    },
    fields,
  );
  // Exact: no abstraction at all (every field kept as it is, the day uncapped), to check the abstraction
  // against. The values are copied, since interning freezes them.
  const keep = { fn: (v: unknown) => structuredClone(v), byDay: false };
  const canonOf = fields.map((f) => (exact ? keep : canon.get(f)!));
  const dayCap = exact ? Number.POSITIVE_INFINITY : atoms.dayCap;
  const newTable = (): Table => ({
    values: [],
    byText: new Map(),
    byObject: new WeakMap(),
    hashes: [],
    texts: [],
  });
  const tables = fields.map(newTable);
  const valueTable = newTable();
  const histories = newTable();

  const intern = (t: Table, canonical: unknown, text: string): number => {
    let id = t.byText.get(text);
    if (id === undefined) {
      id = t.values.length;
      t.values.push(deepFreeze(canonical));
      t.byText.set(text, id);
      t.texts.push(text);
      hashText(text, t.hashes);
      if (typeof canonical === 'object' && canonical !== null) t.byObject.set(canonical, id);
    }
    return id;
  };
  // Fields that depend on the day are cached by object only for the raw day they were seen with.
  const byDay = fields.map(() => new WeakMap<object, { rawDay: number; day: number; id: number }>());
  const dependsOnDay = canonOf.map((c) => c !== 'drop' && c.byDay);
  const fieldId = (i: number, ctx: WorldContext, day: number): number => {
    const raw = ctx[fields[i]!] as unknown;
    const t = tables[i]!;
    if (typeof raw !== 'object' || raw === null) {
      // A primitive field (the day, the active format): interned by its canonical value.
      const c = fields[i] === 'day' ? day : raw;
      const key = typeof c === 'string' ? `s${c}` : String(c);
      return t.byText.get(key) ?? intern(t, c, key);
    }
    if (dependsOnDay[i]) {
      const hit = byDay[i]!.get(raw);
      if (hit !== undefined && hit.rawDay === ctx.day && hit.day === day) return hit.id;
    } else {
      const hit = t.byObject.get(raw);
      if (hit !== undefined) return hit;
    }
    const how = canonOf[i]!;
    const c = how === 'drop' ? DROPPED : how.fn(raw, ctx, day);
    const id = intern(t, c, json(c));
    if (dependsOnDay[i]) {
      byDay[i]!.set(raw, { rawDay: ctx.day, day, id });
      // A decoded world carries the canonical object with the canonical day: it maps to itself.
      byDay[i]!.set(t.values[id] as object, { rawDay: day, day, id });
    } else t.byObject.set(raw, id);
    return id;
  };
  const valueId = (value: WorldValue): number => {
    const hit = valueTable.byObject.get(value);
    if (hit !== undefined) return hit;
    const id = intern(valueTable, value, json(value));
    valueTable.byObject.set(value, id);
    return id;
  };
  const out: number[] = [];
  const push = (id: number) => {
    // One UTF-16 unit below 0x8000, else two units: a high half marked with 0x8000, then the low 15 bits.
    if (id < 0x8000) out.push(id);
    else out.push(0x8000 | (id >>> 15), id & 0x7fff);
  };
  const historyOf = (reached: readonly string[], moves: History['moves']): History => {
    const text = `${reached.join(',')}|${moves.map((m) => `${m.type}/${m.by}/${m.accepted}`).join(',')}`;
    const id = histories.byText.get(text);
    if (id !== undefined) return histories.values[id] as History;
    const h: History = Object.freeze({ reached, moves, reachedSet: new Set(reached) });
    histories.byText.set(text, histories.values.length);
    histories.texts.push(text);
    hashText(text, histories.hashes);
    histories.values.push(h);
    histories.byObject.set(h, histories.values.length - 1);
    return h;
  };
  const matches = (move: WorldEvent, accepted: boolean) =>
    atoms.happened.some(
      (h) =>
        h.type === move.type &&
        (h.by === undefined || h.by === move.by) &&
        (h.accepted === undefined || h.accepted === accepted),
    );
  const reachedOf = (value: WorldValue, into: Set<string>) => {
    for (const k of reachedKeys(value, regions)) if (atoms.reached.has(k)) into.add(k);
  };
  const reachedCache = new WeakMap<object, string[]>();
  const tableOf = (table: number): Table =>
    table === 0 ? valueTable : table <= fields.length ? tables[table - 1]! : histories;
  const idsOf = (key: string): number[] => {
    const ids: number[] = [];
    for (let i = 0; i < key.length; i++) {
      const c = key.charCodeAt(i);
      ids.push(c < 0x8000 ? c : ((c & 0x7fff) << 15) | key.charCodeAt(++i));
    }
    return ids;
  };

  return {
    fields,
    dropped: new Set(fields.filter((_, i) => canonOf[i] === 'drop')),
    refusalsMatter: atoms.happened.some((h) => h.accepted !== true),
    encode(world, history) {
      out.length = 0;
      const day = Math.min(world.context.day, dayCap);
      push(valueId(world.value));
      for (let i = 0; i < fields.length; i++) push(fieldId(i, world.context, day));
      push(histories.byObject.get(history)!);
      return String.fromCharCode(...out);
    },
    fingerprint(key) {
      // Field by field, in key order: the value, each context field, the history.
      let a = 0x2545f491;
      let b = 0x6c8e9cf5;
      let field = 0;
      for (let i = 0; i < key.length; i++, field++) {
        const c = key.charCodeAt(i);
        const id = c < 0x8000 ? c : ((c & 0x7fff) << 15) | key.charCodeAt(++i);
        const t = tableOf(field);
        a = Math.imul(a ^ (t.hashes[2 * id] as number), 0x01000193);
        a ^= a >>> 13;
        b = Math.imul(((b << 7) | (b >>> 25)) ^ (t.hashes[2 * id + 1] as number), 0x9e3779b1);
        b ^= b >>> 16;
      }
      a = Math.imul(a ^ (a >>> 16), 0x85ebca6b) >>> 0;
      b = Math.imul(b ^ (b >>> 13), 0xc2b2ae35) >>> 0;
      const fp = (BigInt(a) << 32n) | BigInt(b);
      return fp === 0n ? 1n : BigInt.asIntN(64, fp);
    },
    idsOf,
    keyOf(ids) {
      out.length = 0;
      for (const id of ids) push(id);
      return String.fromCharCode(...out);
    },
    textOf: (table, id) => tableOf(table).texts[id]!,
    portable(table, id) {
      const t = tableOf(table);
      const value = t.values[id];
      if (t !== histories) return { table, text: t.texts[id]!, value };
      const { reached, moves } = value as History;
      return { table, text: t.texts[id]!, value: { reached, moves } };
    },
    adopt({ table, text, value }) {
      const t = tableOf(table);
      const known = t.byText.get(text);
      if (known !== undefined) return known;
      if (t === histories) {
        const h = value as Pick<History, 'reached' | 'moves'>;
        return histories.byObject.get(historyOf(h.reached, h.moves))!;
      }
      const id = intern(t, value, text);
      if (t === valueTable) valueTable.byObject.set(t.values[id] as object, id);
      return id;
    },
    internAt(table, raw, ctx) {
      if (table === 0) return valueId(raw as WorldValue);
      if (table > fields.length) {
        const h = raw as Pick<History, 'reached' | 'moves'>;
        return histories.byObject.get(historyOf(sorted([...h.reached]), sorted([...h.moves], json)))!;
      }
      const i = table - 1;
      const day = Math.min(ctx.day, dayCap);
      return fieldId(i, { ...ctx, [fields[i]!]: raw } as WorldContext, day);
    },
    byDay: dependsOnDay,
    decode(key) {
      const ids = idsOf(key);
      const ctx: Record<string, unknown> = {};
      for (let i = 0; i < fields.length; i++) ctx[fields[i]!] = tables[i]!.values[ids[i + 1]!];
      const world = Object.freeze({
        value: valueTable.values[ids[0]!] as WorldValue,
        context: Object.freeze(ctx) as unknown as WorldContext,
      });
      return { world, history: histories.values[ids[fields.length + 1]!] as History, ids };
    },
    startHistory(value) {
      const reached = new Set<string>();
      reachedOf(value, reached);
      return historyOf(sorted([...reached]), []);
    },
    nextHistory(history, move, accepted, value) {
      let reached = history.reached;
      if (atoms.reached.size > 0) {
        let r = reachedCache.get(value);
        if (!r) {
          const s = new Set<string>();
          reachedOf(value, s);
          r = [...s];
          reachedCache.set(value, r);
        }
        if (r.some((k) => !history.reachedSet.has(k))) reached = sorted([...history.reached, ...r]);
      }
      let moves = history.moves;
      if (
        matches(move, accepted) &&
        !moves.some((m) => m.type === move.type && m.by === move.by && m.accepted === accepted)
      )
        moves = sorted([...moves, { type: move.type, by: move.by, accepted }], json);
      return reached === history.reached && moves === history.moves ? history : historyOf(reached, moves);
    },
    sizes: () => ({
      value: valueTable.values.length,
      ...Object.fromEntries(fields.map((f, i) => [f, tables[i]!.values.length])),
      history: histories.values.length,
    }),
  };
}
