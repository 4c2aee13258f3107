import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus, xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';

/** A seeded generator handed to policies. Its state is saved in the run state after each use. */
export interface Rng {
  /** A float in [0, 1). */
  float(): number;
  /** An integer in [0, n). */
  int(n: number): number;
}

/** The serialisable state of a generator. */
export type RngState = readonly number[];

/** splitmix32: spreads nearby seeds (1, 2, 3...) over distant, well-mixed generator states. */
function splitmix32(state: number): [value: number, next: number] {
  const next = (state + 0x9e3779b9) | 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return [(z ^ (z >>> 16)) | 0, next];
}

/** The initial generator state for a seed. */
export function seedRng(seed: number): RngState {
  const words: number[] = [];
  // Both halves of a 53-bit integer seed count: seeds 2^32 apart give different runs.
  const high = Math.floor(seed / 2 ** 32) | 0;
  let s = (seed | 0) ^ splitmix32(high)[0];
  for (let i = 0; i < 4; i++) {
    const [value, next] = splitmix32(s);
    words.push(value);
    s = next;
  }
  const shape = xoroshiro128plus(0).getState();
  if (shape.length !== words.length) return xoroshiro128plus(seed | 0).getState();
  return words.some((w) => w !== 0) ? words : xoroshiro128plus(seed | 0).getState();
}

/** A generator that resumes from `state`; read its new state with `save()`. */
export function openRng(state: RngState): Rng & { save(): RngState } {
  const gen = xoroshiro128plusFromState(state);
  return {
    float: () => uniformFloat64(gen),
    int: (n) => uniformInt(gen, 0, n - 1),
    save: () => gen.getState(),
  };
}
