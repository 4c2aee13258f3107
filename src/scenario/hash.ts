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
 * The hash of a resolved scenario. Actor order is part of it: moves of one day apply in actor order.
 */
export function scenarioHash(data: { actors: Record<string, unknown> }, whatIf: string | null): string {
  return hashOf({ data, actorOrder: Object.keys(data.actors), whatIf });
}

/** A 64-bit FNV-1a hash of the canonical JSON of a value, as 16 hex digits. Not cryptographic. */
export function hashOf(value: unknown): string {
  const text = canonicalJson(value);
  let h = 0xcbf29ce484222325n;
  const prime = 0x100000001b3n;
  const mask = 0xffffffffffffffffn;
  for (let i = 0; i < text.length; i++) {
    h ^= BigInt(text.charCodeAt(i));
    h = (h * prime) & mask;
  }
  return h.toString(16).padStart(16, '0');
}
