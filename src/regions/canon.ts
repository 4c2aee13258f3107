import type { WorldContext } from '../model/context.js';

/**
 * How exploration makes one context field canonical: `'drop'` when no rule, guard or invariant reads
 * the field, else a function that keeps what can be read and forgets the rest. `{ byDay }` marks a
 * function whose result depends on the (capped) day as well as on the field.
 */
export type FieldCanon<K extends keyof WorldContext> =
  | 'drop'
  | ((value: WorldContext[K], ctx: WorldContext) => WorldContext[K])
  | { readonly byDay: (value: WorldContext[K], ctx: WorldContext, day: number) => WorldContext[K] };

/** The canonical forms of the context fields a region module owns. */
export type Canonicalisers = { readonly [K in keyof WorldContext]?: FieldCanon<K> };

/** Actors whose acts some rule reads, by kind of act; computed once per exploration from the start. */
export interface Relevant {
  /** Rejections by these close a proposal for good: they are parties of every format. */
  readonly deadRejecters: ReadonlySet<string>;
  /** Parties of some format: their consents, endorsements and rejections are read (R4). */
  readonly parties: ReadonlySet<string>;
  /** Parties, and the signatories of the format lock, whose endorsements release it (R13). */
  readonly endorsers: ReadonlySet<string>;
  /** Parties, and actors named by `accepts` predicates: their consents are kept. */
  readonly consenters: ReadonlySet<string>;
}

/** A list read as a set: deduplicated by `key` and sorted by it. */
export const sortedSet = <T>(list: readonly T[], key: (x: T) => string = String): T[] => {
  const seen = new Map<string, T>();
  for (const x of list) {
    const k = key(x);
    if (!seen.has(k)) seen.set(k, x);
  }
  return [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, x]) => x);
};

/** Plain data as JSON, the key `sortedSet` uses for records. */
export const asJson = (x: unknown) => JSON.stringify(x);

/** Acts with their day forgotten, as a set: no rule reads when an act happened, only that it did. */
export const undated = <T extends { readonly day: number }>(acts: readonly T[]): T[] =>
  sortedSet(
    acts.map((a) => ({ ...a, day: 0 })),
    asJson,
  );
