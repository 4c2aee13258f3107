import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/parse.js';
import { analyseStability } from '../../src/stability/analyse.js';
import { type Concept, concepts } from '../../src/stability/concepts.js';
import { scenarioGraphModel } from '../../src/stability/from-scenario.js';
import { gmcrScenario } from '../../src/stability/gmcr-scenario.js';
import { movesFrom } from '../../src/stability/graph-model.js';
import { literalStability } from '../../src/stability/literal.js';
import { feasibleCodes, type OptionModel, toGraphModel } from '../../src/stability/option-model.js';
import { sanctionReadings } from '../../src/stability/reach.js';
import { seed } from './arbitraries.js';
import { models } from './stability-models.js';

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

describe('a .gmcr model written as a scenario (property)', () => {
  it('derives the same states, moves and verdicts as the model, on every state reachable from the status quo', () => {
    fc.assert(
      fc.property(models, fc.constantFrom(...sanctionReadings), (model, reading) => {
        // A model whose states and options exceed what a scenario's analysis can read is refused.
        fc.pre(feasibleCodes(model).length + model.options.length <= 256);
        const scenario = parseScenario(gmcrScenario(model, 'random model'), 'random.yaml');
        const graph = scenarioGraphModel(scenario, { depth: 12, maxStates: 100_000 });
        expect(graph.explored.bound).toBeNull();
        expect(graph.simultaneousIssue).toBeNull();
        const direct = analyseStability(toGraphModel(model), { sanctions: reading });
        const derived = analyseStability(graph.model, { sanctions: reading });
        const byPattern = new Map(
          Array.from({ length: direct.model.size }, (_, s) => [direct.model.label(s), s]),
        );
        for (let s = 0; s < graph.model.size; s++) {
          const twin = byPattern.get(graph.model.label(s));
          expect(twin, graph.model.label(s)).toBeDefined();
          const t = twin as number;
          // The same moves, to the same states, for every decision maker.
          graph.model.dms.forEach((dm, d) => {
            const mine = movesFrom(dm.moves, s).map((x) => graph.model.label(x));
            const theirs = movesFrom((direct.model.dms[d] as typeof dm).moves, t).map((x) =>
              direct.model.label(x),
            );
            expect(new Set(mine), `${dm.name} from ${graph.model.label(s)}`).toEqual(new Set(theirs));
          });
          for (const c of concepts)
            (derived.stable[c] as Uint8Array[]).forEach((row, d) => {
              expect(row[s], `${c} for dm ${d} at ${graph.model.label(s)}`).toBe(
                (direct.stable[c] as Uint8Array[])[d]?.[t],
              );
            });
        }
      }),
      { ...runs, numRuns: 25 },
    );
  });
});
