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

/** The initial generator state for a seed. */
export function seedRng(seed: number): RngState {
  return xoroshiro128plus(seed | 0).getState();
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
