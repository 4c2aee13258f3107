/** JSON with object keys sorted, so equal data gives equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
}

/**
 * The hash of a resolved scenario. Key order is part of it: moves of one day apply in actor order, and
 * random policies draw from moves listed in format order. The keys of the `initial:` section are sorted
 * first: their order follows the region modules' composition order, which means nothing. Actors'
 * `preferences:` are left out: only stability analysis reads them, and no run depends on them, so adding
 * them to a pack keeps its replay tokens and saved runs valid. The exercise `seats:` and the `stability:`
 * options and coalitions are left out for the same reason.
 */
export function scenarioHash(data: unknown, whatIf: string | null): string {
  return fnv1a(JSON.stringify({ data: withSortedInitial(data), whatIf }));
}

function withSortedInitial(data: unknown): unknown {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return data;
  // A played scenario is hashed as `{ played, data }`.
  const sortIn = (k: string, v: unknown) =>
    k === 'data'
      ? withSortedInitial(v)
      : k === 'actors' && v && typeof v === 'object' && !Array.isArray(v)
        ? Object.fromEntries(
            Object.entries(v as Record<string, unknown>).map(([id, a]) => {
              if (!a || typeof a !== 'object' || !('preferences' in a)) return [id, a];
              const { preferences: _, ...rest } = a as Record<string, unknown>;
              return [id, rest];
            }),
          )
        : k === 'initial' && v && typeof v === 'object' && !Array.isArray(v)
          ? Object.fromEntries(
              Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
            )
          : v;
  return Object.fromEntries(
    Object.entries(data as Record<string, unknown>)
      .filter(([k]) => k !== 'seats' && k !== 'stability')
      .map(([k, v]) => [k, sortIn(k, v)]),
  );
}

/** A 64-bit FNV-1a hash of the canonical JSON of a value, as 16 hex digits. Not cryptographic. */
export function hashOf(value: unknown): string {
  return fnv1a(canonicalJson(value));
}

function fnv1a(text: string): string {
  let h = 0xcbf29ce484222325n;
  const prime = 0x100000001b3n;
  const mask = 0xffffffffffffffffn;
  for (let i = 0; i < text.length; i++) {
    h ^= BigInt(text.charCodeAt(i));
    h = (h * prime) & mask;
  }
  return h.toString(16).padStart(16, '0');
}
