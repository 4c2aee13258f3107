import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyseStability } from '../../src/stability/analyse.js';
import { type Concept, concepts } from '../../src/stability/concepts.js';
import { literalStability } from '../../src/stability/literal.js';
import {
  type Condition,
  type Direction,
  feasibleCodes,
  type OptionModel,
  toGraphModel,
} from '../../src/stability/option-model.js';
import { sanctionReadings } from '../../src/stability/reach.js';
import { seed } from './arbitraries.js';

/**
 * Random option-form models: 2 to 4 decision makers, 1 to 6 options in all, random directions,
 * infeasible combinations, and preferences as a ranking with ties or as prioritised statements.
 */
const models: fc.Arbitrary<OptionModel> = fc
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

const runs = { seed, numRuns: 40 };
const subset = (a: Uint8Array, b: Uint8Array) => a.every((v, s) => !v || b[s] === 1);

describe('stability analysis (property)', () => {
  it('agrees with the literal definitions for every concept and every reading of sanctions', () => {
    fc.assert(
      fc.property(models, fc.constantFrom(...sanctionReadings), (model, reading) => {
        const fast = analyseStability(toGraphModel(model), { sanctions: reading });
        const slow = literalStability(model, reading);
        for (const c of concepts) {
          const rows = (fast.stable[c] as Uint8Array[]).map((r) => Array.from(r, (v) => v === 1));
          expect(rows, `${c} under ${reading}`).toEqual(slow[c]);
        }
      }),
      runs,
    );
  });

  it('orders the concepts: Nash within SEQ within GMR, SMR within GMR, Nash within SIM', () => {
    fc.assert(
      fc.property(models, fc.constantFrom(...sanctionReadings), (model, reading) => {
        const r = analyseStability(toGraphModel(model), { sanctions: reading });
        const eq = (c: Concept) => r.equilibria[c] as Uint8Array;
        expect(subset(eq('nash'), eq('seq'))).toBe(true);
        expect(subset(eq('seq'), eq('gmr'))).toBe(true);
        expect(subset(eq('smr'), eq('gmr'))).toBe(true);
        expect(subset(eq('nash'), eq('sim'))).toBe(true);
        expect(Array.from(eq('seqsim'))).toEqual(
          Array.from(eq('seq'), (v, s) => (v && eq('sim')[s] ? 1 : 0)),
        );
      }),
      runs,
    );
  });

  it('finds more sanctions the further the opponents may go: single within distinct within legal', () => {
    fc.assert(
      fc.property(models, (model) => {
        const g = toGraphModel(model);
        const [single, distinct, legal] = (['single', 'distinct', 'legal'] as const).map((s) =>
          analyseStability(g, { sanctions: s }),
        );
        for (const c of ['gmr', 'smr', 'seq'] as const) {
          expect(subset(single?.equilibria[c] as Uint8Array, distinct?.equilibria[c] as Uint8Array)).toBe(
            true,
          );
          expect(subset(distinct?.equilibria[c] as Uint8Array, legal?.equilibria[c] as Uint8Array)).toBe(
            true,
          );
        }
      }),
      runs,
    );
  });

  it('treats a coalition of decision makers with the same preferences as one decision maker', () => {
    fc.assert(
      fc.property(models, fc.constantFrom(...sanctionReadings), (model, reading) => {
        // Give the first two decision makers the first one's preferences, then merge them.
        const [a, b, ...rest] = model.dms;
        if (!a || !b) return;
        const twins: OptionModel = {
          ...model,
          dms: [a, { ...b, statements: a.statements, ranking: a.ranking }, ...rest],
        };
        const merged: OptionModel = {
          ...model,
          dms: [{ ...a, name: 'ab', options: [...a.options, ...b.options] }, ...rest],
        };
        const groups = [[0, 1], ...rest.map((_, i) => [i + 2])];
        const together = analyseStability(
          { ...toGraphModel(twins), coalitions: groups },
          { sanctions: reading, coalitions: true },
        );
        const one = analyseStability(toGraphModel(merged), { sanctions: reading });
        for (const c of concepts) {
          const rows = ((together.coalition?.stable[c] ?? []) as Uint8Array[]).map((r) => Array.from(r));
          expect(rows, c).toEqual((one.stable[c] as Uint8Array[]).map((r) => Array.from(r)));
        }
      }),
      runs,
    );
  });
});
