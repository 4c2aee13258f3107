/** The interned tables of the explore codec: one per field of an abstract state. */

/** Freeze plain data all the way down (interned values are shared by every state that holds them). */
export function deepFreeze<T>(x: T): T {
  if (typeof x === 'object' && x !== null && !Object.isFrozen(x)) {
    for (const v of Object.values(x)) deepFreeze(v);
    Object.freeze(x);
  }
  return x;
}

/** One interned field: its canonical values by id, and the ids of values seen. */
export interface Table {
  readonly values: unknown[];
  readonly byText: Map<string, number>;
  readonly byObject: WeakMap<object, number>;
  /** Two 32-bit hashes of each value's canonical text, at `2 * id` and `2 * id + 1`: see `fingerprint`. */
  readonly hashes: number[];
  /** Each value's text, the key of `byText`, by id. */
  readonly texts: string[];
}

/** A value of one of the codec's tables, as another thread's codec can take it in (`WorldCodec.adopt`). */
export interface PortableValue {
  /** The table: 0 for the statechart's configuration, 1 + i for context field i, then the history. */
  readonly table: number;
  readonly text: string;
  readonly value: unknown;
}

/** Two independent 32-bit hashes of a text (FNV-1a and a multiply-rotate hash), pushed onto `into`. */
export function hashText(text: string, into: number[]): void {
  let a = 0x811c9dc5;
  let b = 0x9e3779b9;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul((b << 5) | (b >>> 27), 0x5bd1e995) ^ c;
  }
  into.push(a >>> 0, Math.imul(b ^ (b >>> 15), 0x2c1b3c6d) >>> 0);
}
