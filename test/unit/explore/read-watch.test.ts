import { describe, expect, it } from 'vitest';
import { type Read, readKey, watchReads } from '../../../src/explore/read-watch.js';

/**
 * The moves tried in a world are reused for any world whose recorded reads give the same key: two
 * contexts that a computation tells apart must never share a key.
 */
function keysOf<T extends object>(compute: (ctx: T) => unknown, a: T, b: T) {
  // As the explorer does: the reads of the first world's computation key both worlds.
  const reads = new Set<Read>();
  const answers = [compute(watchReads(a, reads)), compute(b)];
  const list = [...reads].sort();
  return { answers, keys: [readKey(a, list), readKey(b, list)] };
}

describe('watchReads and readKey', () => {
  it('tell apart contexts that differ only in whether an object is there at all', () => {
    const { answers, keys } = keysOf(
      (ctx: { formats: Record<string, object> }) => (ctx.formats.osce ? ['close'] : []),
      { formats: { osce: {} } },
      { formats: {} },
    );
    expect(answers[0]).not.toEqual(answers[1]);
    expect(keys[0]).not.toBe(keys[1]);
  });

  it('tell apart a key set to undefined and no key, three names down', () => {
    const { answers, keys } = keysOf(
      (ctx: { formats: Record<string, Record<string, object>> }) => 'note' in (ctx.formats.osce?.terms ?? {}),
      { formats: { osce: { terms: { note: undefined as unknown as object } } } },
      { formats: { osce: { terms: {} } } },
    );
    expect(answers[0]).not.toEqual(answers[1]);
    expect(keys[0]).not.toBe(keys[1]);
  });

  it('give the same key to contexts that agree on everything read, and read through frozen data', () => {
    const a = Object.freeze({
      formats: Object.freeze({ osce: Object.freeze({ mediators: ['fr'] }) }),
      day: 1 as number,
    });
    const b = Object.freeze({
      formats: Object.freeze({ osce: Object.freeze({ mediators: ['fr'] }) }),
      day: 9,
    });
    const { answers, keys } = keysOf(
      (ctx: typeof a) => Object.values(ctx.formats).map((f) => f.mediators),
      a,
      b,
    );
    expect(answers[0]).toEqual(answers[1]);
    expect(keys[0]).toBe(keys[1]);
  });
});
