import type { ActorInfo } from '../model/actor.js';
import type { WorldContext } from '../model/context.js';
import type { Predicate } from '../model/predicate.js';
import type { WorldEvent } from '../regions/events.js';
import { regionLibrary } from '../regions/library.js';
import type { RegionModule } from '../regions/region-module.js';
import type { AbstractState, WorldCodec } from './explore-codec.js';

/**
 * Symmetry reduction: actors the scenario treats alike are explored as one.
 *
 * Two actors are interchangeable when swapping their ids everywhere leaves the question unchanged: the
 * start (its abstract state, every flag, format seat, consent and act; their names aside, which only
 * sentences read), the movers, the injects' moves, the scenario's custom regions and every predicate
 * asked (each outcome and invariant on its own, so that each keeps its own shortest path). The rules
 * never branch on an actor's id (only on its flags and seats), so such a swap maps every run onto a run: the world's
 * states fall into orbits of states that are the same up to renaming, at the same distance from the
 * start, and outcomes hold on a whole orbit or on none of it. The search keeps one state per orbit
 * (the least under a fixed order of the canonical texts, so every thread and process picks the same),
 * and a path found in that quotient is turned back into moves of one real world (`unfold`) before it is
 * reported and replayed. Swaps that pass are closed under composition, so the interchangeable actors
 * fall into classes, and the group searched is every permutation within each class.
 *
 * An actor whose id is also a word of the world (a format, a region or state, a move's type or a field
 * or value of its payload, an outcome, a field of the world's records, a word of the scenario file
 * format, the clock) is never swapped: renaming strings could then rename that word too.
 */

/** A permutation of actors: each moved actor to its image (fixed actors are left out). */
type Perm = ReadonlyMap<string, string>;

/** The most permutations searched per state; larger classes are cut down (each still sound). */
export const maxGroup = 120;

/**
 * Renamed values each of the permuter's two caches keeps before it starts afresh, so that memory stays
 * bounded on a long search. The values themselves stay interned in the codec, as every value the search
 * meets does; only the lookups are dropped and worked out again when needed.
 */
const cacheEntries = 1 << 20;

/**
 * `x` with every actor id renamed by `p`: its string values, and with `keyed` (a record keyed by actor,
 * see `RegionModule.keyedByActor`) its own keys. No other key is renamed: keys are the world's words
 * (`by`, `requests`, ...), even when an actor bears the same id.
 */
export function renamed(x: unknown, p: Perm, keyed = false): unknown {
  if (typeof x === 'string') return p.get(x) ?? x;
  if (typeof x !== 'object' || x === null) return x;
  if (Array.isArray(x)) return x.map((v) => renamed(v, p));
  const keys = Object.keys(x);
  const out = new Map<string, unknown>();
  for (const k of keys) out.set(keyed ? (p.get(k) ?? k) : k, renamed((x as Record<string, unknown>)[k], p));
  // A record whose keys the swap only shuffles keeps its order, so that a world fixed by the swap
  // reads the same text.
  const order = keys.every((k) => out.has(k)) ? keys : [...out.keys()];
  return Object.fromEntries(order.map((k) => [k, out.get(k)]));
}

/** The context fields that are records keyed by actor: the actors, and those the modules name. */
export const keyedByActor: ReadonlySet<string> = new Set([
  'actors',
  ...(regionLibrary as readonly RegionModule[]).flatMap((m) => m.keyedByActor ?? []),
]);

/** A predicate with the branches of `all` and `any` in a fixed order: equal up to reordering. */
function normal(p: Predicate): unknown {
  if ('all' in p) return { all: p.all.map((q) => JSON.stringify(normal(q))).sort() };
  if ('any' in p) return { any: p.any.map((q) => JSON.stringify(normal(q))).sort() };
  if ('not' in p) return { not: normal(p.not) };
  return p;
}

/** Everything that decides whether actors are interchangeable in a search. */
export interface SymmetryInput {
  readonly codec: WorldCodec;
  /** The start's key. */
  readonly start: string;
  /** The start's actors, whose names a swap leaves in place. */
  readonly actors: Readonly<Record<string, ActorInfo>>;
  readonly movers: readonly string[];
  /** Moves tried besides the candidate moves (the injects'). */
  readonly moves: readonly WorldEvent[];
  /** Every predicate asked, each of which must be unchanged by a swap. */
  readonly predicates: readonly Predicate[];
  /** Other parts of the scenario a swap must leave unchanged as they are (custom regions). */
  readonly data: readonly unknown[];
  /** The words of the world that are not actors: no actor whose id is one of them is swapped. */
  readonly vocabulary: ReadonlySet<string>;
}

/** The interchangeable actors of a search and the group they make. */
export interface ActorSymmetry {
  /** Classes of interchangeable actors, each sorted, each of two or more. */
  readonly classes: readonly (readonly string[])[];
  /** The key of the state of `key`'s orbit that the search keeps. */
  canonical(key: string): string;
  /**
   * A path of the quotient search (from the start, each move taken in the state kept for its orbit) as
   * the moves of one real world; `step` steps an abstract state as the search does.
   */
  unfold(
    moves: readonly WorldEvent[],
    start: AbstractState,
    step: (s: AbstractState, m: WorldEvent) => AbstractState,
  ): WorldEvent[];
}

/** Permutes keys of abstract states, field by field, remembering each field's value renamed. */
function statePermuter(
  codec: WorldCodec,
  names: Readonly<Record<string, ActorInfo>>,
  limit: number = cacheEntries,
) {
  const cast = new Set(Object.keys(names));
  const keyedTables = new Set(codec.fields.flatMap((f, i) => (keyedByActor.has(f) ? [i + 1] : [])));
  const tables = codec.fields.length + 2;
  const actorsTable = codec.fields.indexOf('actors') + 1;
  const dayTable = codec.fields.indexOf('day') + 1;
  /** Per table, the actors each value names (as a string, or a key): only they can rename it. */
  const named = Array.from({ length: tables }, () => [] as (readonly string[] | undefined)[]);
  const namedBy = (t: number, id: number): readonly string[] => {
    let out = named[t]![id];
    if (!out) {
      const into = new Set<string>();
      const walk = (x: unknown): void => {
        if (typeof x === 'string') {
          if (cast.has(x)) into.add(x);
        } else if (Array.isArray(x)) for (const v of x) walk(v);
        else if (typeof x === 'object' && x !== null)
          for (const [k, v] of Object.entries(x)) {
            if (cast.has(k)) into.add(k);
            walk(v);
          }
      };
      walk(codec.portable(t, id).value);
      out = [...into].sort();
      named[t]![id] = out;
    }
    return out;
  };
  // A value renamed depends only on where the permutation sends the actors it names: remembered under
  // the value and those images, it serves every permutation that agrees on them.
  const fresh = <K>() => Array.from({ length: tables }, () => new Map<K, number>());
  let memo = fresh<string>();
  let memoed = 0;
  // And first under the permutation itself, by number: the lookup made for every field of every state.
  let byPerm = new WeakMap<Perm, Map<number | string, number>[]>();
  let cached = 0;
  /** Value `id` of table `t` (1 and up: the statechart's configuration names no actor) renamed by `p`. */
  const mineOf = (p: Perm) => {
    let mine = byPerm.get(p);
    if (!mine) {
      mine = fresh<number | string>();
      byPerm.set(p, mine);
    }
    return mine;
  };
  const image = (mine: Map<number | string, number>[], p: Perm, t: number, id: number, day: number) => {
    const key = t <= codec.fields.length && codec.byDay[t - 1] ? `${id}/${day}` : id;
    let to = mine[t]!.get(key);
    if (to === undefined) {
      to = imageOf(p, t, id, day);
      if (++cached > limit) {
        // Started afresh. The caller keeps writing into the tables it holds for `p` until its loop ends;
        // they are dropped then, and hold only correct images meanwhile.
        cached = 0;
        byPerm = new WeakMap();
      }
      mine[t]!.set(key, to);
    }
    return to;
  };
  const imageOf = (p: Perm, t: number, id: number, day: number): number => {
    let images = '';
    let moved = false;
    for (const a of namedBy(t, id)) {
      const b = p.get(a);
      if (b !== undefined) moved = true;
      images += `${b ?? a}\u0000`;
    }
    if (!moved) return id;
    const at = `${id}\u0000${t <= codec.fields.length && codec.byDay[t - 1] ? day : ''}\u0000${images}`;
    let to = memo[t]!.get(at);
    if (to === undefined) {
      let value = renamed(codec.portable(t, id).value, p, keyedTables.has(t));
      if (t === actorsTable)
        value = Object.fromEntries(
          Object.entries(value as Record<string, ActorInfo>).map(([a, info]) => [
            a,
            { ...info, name: names[a]?.name ?? info.name },
          ]),
        );
      to = codec.internAt(t, value, { day } as WorldContext);
      if (++memoed > limit) {
        memoed = 0;
        memo = fresh<string>();
      }
      memo[t]!.set(at, to);
    }
    return to;
  };
  const dayOf = (ids: readonly number[]) => codec.portable(dayTable, ids[dayTable]!).value as number;
  const permute = (ids: readonly number[], p: Perm): number[] => {
    const day = dayOf(ids);
    const mine = mineOf(p);
    const out = ids.slice();
    for (let t = 1; t < tables; t++) out[t] = image(mine, p, t, ids[t]!, day);
    return out;
  };
  /**
   * Whether `ids` renamed by `p` come before `than` in the order of canonical texts, field by field;
   * stops at the first field that differs, so most losing permutations cost a field or two.
   */
  const before = (ids: readonly number[], p: Perm, than: readonly number[]): boolean => {
    const day = dayOf(ids);
    const mine = mineOf(p);
    for (let t = 1; t < tables; t++) {
      const to = image(mine, p, t, ids[t]!, day);
      if (to !== than[t]) return codec.textOf(t, to) < codec.textOf(t, than[t]!);
    }
    return false;
  };
  /** Whether `p` leaves the state of `ids` as it is. */
  const fixes = (ids: readonly number[], p: Perm): boolean => {
    const day = dayOf(ids);
    const mine = mineOf(p);
    for (let t = 1; t < tables; t++) if (image(mine, p, t, ids[t]!, day) !== ids[t]) return false;
    return true;
  };
  return { permute, before, fixes };
}

/** Every permutation of `xs`, as arrays. */
function permutations(xs: readonly string[]): string[][] {
  if (xs.length <= 1) return [xs.slice()];
  return xs.flatMap((x, i) =>
    permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((rest) => [x, ...rest]),
  );
}

const factorial = (n: number): number => (n <= 1 ? 1 : n * factorial(n - 1));

/** The classes of actors interchangeable in a search (none when it has no symmetry). */
export function interchangeable(input: SymmetryInput): string[][] {
  const { codec, start, movers, moves, predicates, data, vocabulary } = input;
  const { permute } = statePermuter(codec, input.actors);
  const startIds = codec.idsOf(start);
  const moveTexts = new Set(moves.map((m) => JSON.stringify(m)));
  const predicateTexts = predicates.map((q) => JSON.stringify(normal(q)));
  const dataTexts = data.map((d) => JSON.stringify(d));
  const fixes = (p: Perm): boolean =>
    moves.every((m) => moveTexts.has(JSON.stringify(renamed(m, p)))) &&
    predicates.every((q, i) => JSON.stringify(normal(renamed(q, p) as Predicate)) === predicateTexts[i]) &&
    data.every((d, i) => JSON.stringify(renamed(d, p)) === dataTexts[i]) &&
    codec.keyOf(permute(startIds, p)) === start;
  const candidates = Object.keys(input.actors).filter((a) => !vocabulary.has(a));
  const profiles = new Map(
    candidates.map((a) => {
      const { id: _id, name: _name, ...flags } = input.actors[a]!;
      return [a, JSON.stringify([movers.includes(a), Object.entries(flags).sort()])];
    }),
  );
  const profile = (a: string) => profiles.get(a)!;
  const parent = new Map(candidates.map((a) => [a, a]));
  const find = (a: string): string => {
    const up = parent.get(a)!;
    return up === a ? a : find(up);
  };
  for (let i = 0; i < candidates.length; i++)
    for (let j = i + 1; j < candidates.length; j++) {
      const a = candidates[i]!;
      const b = candidates[j]!;
      // Swaps that fix the question compose: (a c) and (c b) give (a b). Only actors alike in
      // themselves (their flags, whether they move) are worth trying.
      if (find(a) === find(b) || profile(a) !== profile(b)) continue;
      if (
        fixes(
          new Map([
            [a, b],
            [b, a],
          ]),
        )
      )
        parent.set(find(b), find(a));
    }
  const classes = new Map<string, string[]>();
  for (const a of candidates) classes.set(find(a), [...(classes.get(find(a)) ?? []), a]);
  const found = [...classes.values()].filter((c) => c.length > 1).map((c) => c.sort());
  // Cut the largest class down until the group is small enough to search per state.
  for (;;) {
    const size = found.reduce((n, c) => n * factorial(c.length), 1);
    if (size <= maxGroup) break;
    const largest = found.reduce((a, b) => (b.length > a.length ? b : a));
    largest.pop();
    if (largest.length < 2) found.splice(found.indexOf(largest), 1);
  }
  return found.sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
}

/** The symmetry of a search with these classes of interchangeable actors. */
export function actorSymmetry(
  codec: WorldCodec,
  names: Readonly<Record<string, ActorInfo>>,
  classes: readonly (readonly string[])[],
  /** Entries each cache of renamed values keeps before starting afresh (`cacheEntries`). */
  limit: number = cacheEntries,
): ActorSymmetry {
  const { permute, before, fixes } = statePermuter(codec, names, limit);
  const members = classes.flat();
  // Permutations are interned, so that each is one object and the permuter's memory serves it again.
  const interned = new Map<string, Perm>();
  const permOf = (img: (a: string) => string): Perm => {
    const key = members.map(img).join('\u0000');
    let p = interned.get(key);
    if (!p) {
      p = new Map(members.flatMap((a) => (img(a) === a ? [] : [[a, img(a)] as const])));
      interned.set(key, p);
    }
    return p;
  };
  const at = (p: Perm, a: string) => p.get(a) ?? a;
  const compose = (p: Perm, q: Perm) => permOf((a) => at(p, at(q, a)));
  const inverse = (p: Perm) => permOf((a) => [...p].find(([, b]) => b === a)?.[0] ?? a);
  const identity = permOf((a) => a);
  const ofClass = classes.map((c) =>
    permutations(c).map((img) => permOf((a) => (c.includes(a) ? img[c.indexOf(a)]! : a))),
  );
  // Swaps of neighbours in a class: if a state is fixed by all of them, it is fixed by the whole class.
  const neighbours = classes.map((c) =>
    c.slice(1).map((b, i) => permOf((a) => (a === b ? c[i]! : a === c[i] ? b : a))),
  );
  // The group acting on a state: the products of the permutations of the classes that move it (a
  // class that fixes a state fixes its whole orbit, the classes commuting), by the set of those classes.
  const groups = new Map<number, Perm[]>();
  const groupOf = (mask: number): Perm[] => {
    let group = groups.get(mask);
    if (!group) {
      group = [identity];
      for (let k = 0; k < classes.length; k++)
        if (mask & (1 << k)) group = group.flatMap((g) => ofClass[k]!.map((p) => compose(p, g)));
      groups.set(mask, group);
    }
    return group;
  };

  /** The least of a state's images under the group: its ids and the permutation that gives them. */
  const least = (ids: readonly number[]): { ids: readonly number[]; perm: Perm } => {
    let mask = 0;
    for (let k = 0; k < classes.length; k++) if (!neighbours[k]!.every((t) => fixes(ids, t))) mask |= 1 << k;
    let best = ids;
    let perm = identity;
    if (mask === 0) return { ids, perm };
    for (const p of groupOf(mask))
      if (p !== identity && before(ids, p, best)) {
        best = permute(ids, p);
        perm = p;
      }
    return { ids: best, perm };
  };

  return {
    classes,
    canonical(key) {
      const { ids, perm } = least(codec.idsOf(key));
      return perm === identity ? key : codec.keyOf(ids);
    },
    unfold(moves, start, step) {
      // sigma takes the real world reached so far to the state the search kept for its orbit.
      let sigma = identity;
      let state = start;
      const out: WorldEvent[] = [];
      for (const move of moves) {
        const real = renamed(move, inverse(sigma)) as WorldEvent;
        out.push(real);
        const next = step(state, real);
        const key = codec.encode(next.world, next.history);
        sigma = compose(least(permute(codec.idsOf(key), sigma)).perm, sigma);
        state = codec.decode(key);
      }
      return out;
    },
  };
}
