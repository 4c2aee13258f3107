import { describe, expect, it } from 'vitest';
import { openRng, seedRng } from '../../../src/agents/rng.js';

const draws = (seed: number, n = 8) => {
  const rng = openRng(seedRng(seed));
  return Array.from({ length: n }, () => rng.float());
};

describe('seedRng', () => {
  it('should give the same stream for the same seed', () => {
    expect(draws(7)).toEqual(draws(7));
  });

  it('should give different streams for seeds 2^32 apart', () => {
    expect(draws(1 + 2 ** 32)).not.toEqual(draws(1));
  });

  it('should spread nearby seeds: first draws of seeds 1..200 cover the unit interval', () => {
    const firsts = Array.from({ length: 200 }, (_, i) => draws(i + 1, 1)[0]!);
    const buckets = new Array(10).fill(0) as number[];
    for (const x of firsts) buckets[Math.floor(x * 10)]! += 1;
    for (const count of buckets) expect(count).toBeGreaterThan(5);
  });
});

describe('openRng', () => {
  it('should resume exactly from a saved state', () => {
    const a = openRng(seedRng(42));
    a.float();
    const saved = a.save();
    const next = [a.float(), a.int(10)];
    const b = openRng(saved);
    expect([b.float(), b.int(10)]).toEqual(next);
  });
});
