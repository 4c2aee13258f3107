import fc from 'fast-check';
import {
  type Condition,
  type Direction,
  feasibleCodes,
  type OptionModel,
} from '../../src/stability/option-model.js';

/**
 * Random option-form models: 2 to 4 decision makers, 1 to 6 options in all, random directions,
 * infeasible combinations, and preferences as a ranking with ties or as prioritised statements.
 */
export const models: fc.Arbitrary<OptionModel> = fc
  .record({
    split: fc.array(fc.integer({ min: 1, max: 2 }), { minLength: 2, maxLength: 4 }),
    directions: fc.array(fc.constantFrom<Direction>('both', 'both', 'forward', 'backward'), {
      minLength: 8,
      maxLength: 8,
    }),
    infeasible: fc.array(fc.array(fc.tuple(fc.nat(7), fc.boolean()), { minLength: 2, maxLength: 3 }), {
      maxLength: 2,
    }),
    statements: fc.array(
      fc.array(fc.array(fc.tuple(fc.nat(7), fc.boolean()), { minLength: 1, maxLength: 2 }), { maxLength: 4 }),
      {
        minLength: 4,
        maxLength: 4,
      },
    ),
    ranked: fc.boolean(),
    scores: fc.array(fc.nat(5), { minLength: 64, maxLength: 64 }),
  })
  .map(({ split, directions, infeasible, statements, ranked, scores }) => {
    const total = split.reduce((a, b) => a + b, 0);
    const clamp = (c: readonly (readonly [number, boolean])[]): Condition =>
      c.map(([o, t]) => [o % total, t] as const);
    let next = 0;
    const base: OptionModel = {
      options: Array.from({ length: total }, (_, i) => ({
        name: `o${i}`,
        direction: directions[i] as Direction,
      })),
      dms: split.map((count, d) => ({
        name: `dm${d}`,
        options: Array.from({ length: count }, () => next++),
        statements: (statements[d] ?? []).map((c) => ({ anyOf: [clamp(c)] })),
      })),
      infeasibles: infeasible.map((c) => ({ anyOf: [clamp(c)] })),
      useRanking: ranked,
    };
    if (!ranked) return base;
    const size = feasibleCodes(base).length;
    // A ranking with ties: states grouped by a random score, best score first.
    return {
      ...base,
      dms: base.dms.map((dm, d) => {
        const score = (s: number) => scores[(s * 7 + d * 13) % 64] as number;
        const levels = [...new Set(Array.from({ length: size }, (_, s) => score(s)))].sort((a, b) => b - a);
        return {
          ...dm,
          ranking: levels.map((l) =>
            Array.from({ length: size }, (_, s) => s)
              .filter((s) => score(s) === l)
              .map((s) => s + 1),
          ),
        };
      }),
    };
  })
  .filter((m) => feasibleCodes(m).length > 0);
