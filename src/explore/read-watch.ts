/**
 * Which parts of a world's context a computation reads, down to a few levels, so that its answer can be
 * reused for any context that agrees on those parts (the moves tried in a world, see `explorer.ts`).
 *
 * `watchReads` wraps a context so that reading through the wrapper records what was read: a path of up
 * to three property names (`formats` › `osce` › `mediators`), whose value counts as a whole, or the list of
 * keys of an object (`Object.keys(ctx.formats)`, `'osce' in ctx.formats`). `readKey` turns a context into
 * the text of everything recorded: two contexts with the same text give a deterministic computation
 * that read only those parts the same inputs, hence the same answer.
 */

/** How deep the wrappers go: a value three names down (or an array, or a primitive) counts as a whole. */
const DEPTH = 3;
const SEP = '\u0000';

/**
 * A recorded read: `v` + path for a value, `k` + path for an object's keys, `t` + path for whether the
 * value is an object (read whenever a wrapper is handed out for it); paths joined by NUL.
 */
export type Read = string;

const isRecord = (v: unknown): v is Record<string | symbol, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Wrap `root` so that every read through it is added to `reads`. */
export function watchReads<T extends object>(root: T, reads: Set<Read>): T {
  const wrap = (real: Record<string | symbol, unknown>, path: string, depth: number): object =>
    // The target is a blank object, so that the wrapper may answer for frozen data with other wrappers.
    new Proxy(
      {},
      {
        get(_, p) {
          const v = real[p];
          if (typeof p === 'symbol') {
            reads.add(`v${path}`);
            return v;
          }
          const at = path === '' ? p : `${path}${SEP}${p}`;
          if (isRecord(v) && depth + 1 < DEPTH) {
            // That it is an object at all (a truthiness test, `typeof`) is read too.
            reads.add(`t${at}`);
            return wrap(v, at, depth + 1);
          }
          reads.add(`v${at}`);
          return v;
        },
        ownKeys() {
          reads.add(`k${path}`);
          return Reflect.ownKeys(real);
        },
        has(_, p) {
          reads.add(`k${path}`);
          return p in real;
        },
        getOwnPropertyDescriptor(_, p) {
          reads.add(`k${path}`);
          const d = Reflect.getOwnPropertyDescriptor(real, p);
          return d ? { ...d, configurable: true } : undefined;
        },
      },
    );
  return wrap(root as Record<string, unknown>, '', 0) as T;
}

/** JSON that tells apart what `JSON.stringify` would blur: a key set to `undefined` and no key. */
const lossless = (_: string, v: unknown) => (v === undefined ? '\u0000undefined' : v);

/** The text of what `reads` recorded, as `root` has it. */
export function readKey(root: object, reads: readonly Read[]): string {
  let out = '';
  for (const read of reads) {
    let node: unknown = root;
    const path = read.slice(1);
    if (path !== '') for (const name of path.split(SEP)) node = isRecord(node) ? node[name] : undefined;
    if (read[0] === 'k') out += `${isRecord(node) ? Object.keys(node).join(SEP) : typeof node}\u0001`;
    else if (read[0] === 't') out += `${isRecord(node) ? 'record' : typeof node}\u0001`;
    else
      out += `${typeof node === 'object' ? JSON.stringify(node, lossless) : `${typeof node}:${String(node)}`}\u0001`;
  }
  return out;
}
