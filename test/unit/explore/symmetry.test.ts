import { describe, expect, it } from 'vitest';
import { explore } from '../../../src/explore/explore.js';
import { createExplorer } from '../../../src/explore/explorer.js';
import { interchangeable, maxGroup, renamed } from '../../../src/explore/symmetry.js';
import { loadScenarioSync } from '../../../src/scenario/read-file.js';

const twin = loadScenarioSync('test/fixtures/symmetry/twin-envoys.yaml');
const factorial = (n: number): number => (n <= 1 ? 1 : n * factorial(n - 1));

describe('renaming actors', () => {
  const swap = new Map([
    ['a', 'b'],
    ['b', 'a'],
  ]);
  const cast = new Set(['a', 'b', 'c']);

  it('swaps ids in values and record keys, and nothing else', () => {
    expect(renamed({ by: 'a', mediators: ['a', 'c'], note: 'a b', day: 3 }, swap, cast)).toEqual({
      by: 'b',
      mediators: ['b', 'c'],
      note: 'a b',
      day: 3,
    });
    expect(renamed({ a: ['b'], c: 'a' }, swap, cast)).toEqual({ b: ['a'], c: 'b' });
  });

  it('renames the keys of records keyed by actors only: other keys are words of the world', () => {
    // `a` is an actor here, and also a field of a record that is not keyed by actors.
    expect(renamed({ a: 'b', type: 'x' }, swap, cast)).toEqual({ a: 'a', type: 'x' });
  });

  it('keeps the order of a record whose keys the swap only shuffles, so that a fixed world reads the same', () => {
    const x = { a: [1], b: [1], c: [2] };
    expect(JSON.stringify(renamed(x, swap, cast))).toBe(JSON.stringify(x));
  });
});

describe('finding interchangeable actors', () => {
  /** The input `createExplorer` builds, with a vocabulary of our own. */
  const inputOf = (vocabulary: Set<string>, movers?: string[]) => {
    const ex = createExplorer(twin, { symmetry: false, actors: movers });
    return {
      codec: ex.codec,
      start: ex.codec.encode(ex.start.world, ex.start.history),
      actors: ex.start.world.context.actors,
      movers: ex.movers,
      moves: [],
      predicates: [],
      data: [],
      vocabulary,
    };
  };

  it('finds the two envoys and the two parties, whose names differ but nothing else does', () => {
    expect(interchangeable(inputOf(new Set()))).toEqual([
      ['envoy-a', 'envoy-b'],
      ['north', 'south'],
    ]);
  });

  it('never swaps an actor whose id is also a word of the world', () => {
    expect(interchangeable(inputOf(new Set(['envoy-a'])))).toEqual([['north', 'south']]);
  });

  it('never swaps actors whose ids the engine also uses: the clock, and a field of its records', () => {
    const reserved = loadScenarioSync('test/fixtures/symmetry/reserved-ids.yaml');
    expect(explore(reserved, { depth: 1, replay: false }).symmetry).toEqual([['east', 'west']]);
  });

  it('keeps apart a mover and an actor that does not move', () => {
    expect(interchangeable(inputOf(new Set(), ['north', 'south', 'envoy-b']))).toEqual([['north', 'south']]);
  });

  it('keeps apart actors whose moves differ (an inject by one of them)', () => {
    const input = inputOf(new Set());
    const moves = [{ type: 'mediator.resign', by: 'envoy-a', format: 'council-talks' }];
    expect(interchangeable({ ...input, moves: moves as never })).toEqual([['north', 'south']]);
  });

  it('takes a predicate unchanged by the swap up to the order of any and all, and no other', () => {
    const input = inputOf(new Set());
    const either = { any: [{ excluded: 'envoy-b' }, { excluded: 'envoy-a' }] };
    expect(interchangeable({ ...input, predicates: [either] })).toHaveLength(2);
    expect(interchangeable({ ...input, predicates: [{ excluded: 'envoy-a' }] })).toEqual([
      ['north', 'south'],
    ]);
  });

  it('cuts a class down until the group is small enough to search per state, and stays sound', () => {
    const six = loadScenarioSync('test/fixtures/symmetry/six-observers.yaml');
    const reduced = explore(six, { depth: 2, replay: false });
    const group = reduced.symmetry.reduce((n, c) => n * factorial(c.length), 1);
    expect(group).toBeLessThanOrEqual(maxGroup);
    expect(reduced.symmetry.flat()).toContain('obs-1');
    const full = explore(six, { depth: 2, replay: false, symmetry: false });
    expect(reduced.states).toBeLessThan(full.states);
    expect(reduced.outcomes.map((o) => [o.id, o.path?.moves.length ?? null])).toEqual(
      full.outcomes.map((o) => [o.id, o.path?.moves.length ?? null]),
    );
  });
});
