import { describe, expect, it } from 'vitest';
import { explore } from '../../../src/explore/explore.js';
import { createExplorer } from '../../../src/explore/explorer.js';
import {
  actorSymmetry,
  interchangeable,
  keyedByActor,
  maxGroup,
  renamed,
} from '../../../src/explore/symmetry.js';
import { loadScenarioSync } from '../../../src/scenario/read-file.js';
import { scenarioFiles } from '../../properties/arbitraries.js';
import { worldsNear } from '../../support/explore-answers.js';

const twin = loadScenarioSync('test/fixtures/symmetry/twin-envoys.yaml');
const factorial = (n: number): number => (n <= 1 ? 1 : n * factorial(n - 1));

describe('renaming actors', () => {
  const swap = new Map([
    ['a', 'b'],
    ['b', 'a'],
  ]);

  it('swaps ids in values and record keys, and nothing else', () => {
    expect(renamed({ by: 'a', mediators: ['a', 'c'], note: 'a b', day: 3 }, swap)).toEqual({
      by: 'b',
      mediators: ['b', 'c'],
      note: 'a b',
      day: 3,
    });
    // A record keyed by actor (each party's consents): its keys are renamed too.
    expect(renamed({ a: ['b'], c: 'a' }, swap, true)).toEqual({ b: ['a'], c: 'b' });
  });

  it('renames the keys of records keyed by actors only: other keys are words of the world', () => {
    // `a` and `b` are actors here, and also the fields of a record that is not keyed by actors (as
    // `requests` and `grants` are fields of humanitarian access).
    expect(renamed({ a: ['x'], b: [] }, swap)).toEqual({ a: ['x'], b: [] });
    expect(renamed({ a: { b: 'a' } }, swap, true)).toEqual({ b: { b: 'b' } });
  });

  it('is told by every module which of its fields are keyed by actor: no other record is, in any world', () => {
    // Worlds of every shipped pack, reached breadth first from the start: a record keyed by actor in a
    // field its module did not name would show an actor's id as a key.
    for (const file of scenarioFiles().filter((f) => !/\/(questions|what-ifs|reference)\//.test(f))) {
      const ex = createExplorer(loadScenarioSync(file), { symmetry: false });
      const cast = new Set(Object.keys(ex.start.world.context.actors));
      const seen = new Set<string>();
      let level = [ex.start];
      while (level.length > 0 && seen.size < 600) {
        const next: typeof level = [];
        for (const state of level.slice(0, 12))
          ex.expand(state, 0, (_label, key) => {
            if (seen.has(key)) return;
            seen.add(key);
            next.push(ex.codec.decode(key));
          });
        for (const { world } of next)
          for (const [field, value] of Object.entries(world.context)) {
            const walk = (x: unknown, top: boolean): void => {
              if (Array.isArray(x)) for (const v of x) walk(v, false);
              else if (typeof x === 'object' && x !== null)
                for (const [k, v] of Object.entries(x)) {
                  if (!top) expect(cast.has(k), `${file}: ${field} has a key ${k}`).toBe(false);
                  walk(v, false);
                }
            };
            walk(value, keyedByActor.has(field));
          }
        level = next;
      }
    }
  });

  it('keeps the order of a record whose keys the swap only shuffles, so that a fixed world reads the same', () => {
    const x = { a: [1], b: [1], c: [2] };
    expect(JSON.stringify(renamed(x, swap, true))).toBe(JSON.stringify(x));
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
    // Two states named like the fields of humanitarian access: the answers stand with and without.
    const fields = loadScenarioSync('test/fixtures/symmetry/field-names.yaml');
    const on = explore(fields, { depth: 3, actors: ['council', 'capital', 'requests', 'grants'] });
    const off = explore(fields, {
      depth: 3,
      actors: ['council', 'capital', 'requests', 'grants'],
      symmetry: false,
    });
    expect(on.outcomes.map((o) => o.path?.moves.length)).toEqual(
      off.outcomes.map((o) => o.path?.moves.length),
    );
    expect(on.outcomes[0]!.path!.replay!.result.outcome.outcomes[0]!.reached).toBe(true);
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
  it('keeps each state of an orbit the same when its caches start afresh, as on a long search', () => {
    const six = loadScenarioSync('test/fixtures/symmetry/six-observers.yaml');
    const ex = createExplorer(six, { symmetry: false });
    const classes = explore(six, { depth: 1, replay: false }).symmetry;
    expect(classes.length).toBeGreaterThan(0);
    const keys = worldsNear(ex, 2);
    expect(keys.length).toBeGreaterThan(500);
    const actors = ex.start.world.context.actors;
    const roomy = actorSymmetry(ex.codec, actors, classes);
    const cramped = actorSymmetry(ex.codec, actors, classes, 5);
    const canonical = keys.map((k) => roomy.canonical(k));
    expect(keys.map((k) => cramped.canonical(k))).toEqual(canonical);
    // And the orbits are real: fewer states kept than met.
    expect(new Set(canonical).size).toBeLessThan(keys.length);
  });
});
