import type { Concept } from './concepts.js';
import { feasibleCodes, type OptionModel, statementHolds } from './option-model.js';
import type { SanctionReading } from './reach.js';

/**
 * The stability concepts computed the slow way, straight from their definitions: every set is listed,
 * nothing is shared with the fast analysis (not the moves, not the payoffs). Tests compare the two on
 * random models, and the benchmark measures how much faster the fast one is. Quadratic or worse: for
 * small models only.
 */
export function literalStability(
  model: OptionModel,
  reading: SanctionReading,
  groups: readonly (readonly number[])[] = model.dms.map((_, d) => [d]),
): Record<Concept, boolean[][]> {
  const codes = Array.from(feasibleCodes(model));
  const n = codes.length;
  const k = model.options.length;
  const payoff = model.dms.map((dm) =>
    codes.map((code) => {
      if (model.useRanking && dm.ranking) {
        const at = dm.ranking.findIndex((e) =>
          (typeof e === 'number' ? [e] : e).includes(codes.indexOf(code) + 1),
        );
        return dm.ranking.length - at;
      }
      let p = 0;
      dm.statements.forEach((st, i) => {
        if (statementHolds(st, code)) p += 2 ** (dm.statements.length - 1 - i);
      });
      return p;
    }),
  );
  const owns = (g: readonly number[], option: number) =>
    g.some((d) => model.dms[d]?.options.includes(option));
  const moves = (g: readonly number[], s: number): number[] => {
    const out: number[] = [];
    for (let t = 0; t < n; t++) {
      if (t === s) continue;
      let ok = true;
      for (let o = 0; o < k && ok; o++) {
        const before = ((codes[s] as number) >> o) & 1;
        const after = ((codes[t] as number) >> o) & 1;
        if (before === after) continue;
        const dir = model.options[o]?.direction;
        if (!owns(g, o) || (dir === 'forward' && before === 1) || (dir === 'backward' && before === 0))
          ok = false;
      }
      if (ok) out.push(t);
    }
    return out;
  };
  const better = (g: readonly number[], from: number, to: number) =>
    g.every((d) => (payoff[d]?.[to] as number) > (payoff[d]?.[from] as number));
  const improvements = (g: readonly number[], s: number) => moves(g, s).filter((t) => better(g, s, t));
  const noBetter = (g: readonly number[], base: number, t: number) => !better(g, base, t);

  const reach = (others: readonly (readonly number[])[], x: number, credible: boolean): Set<number> => {
    const step = (j: number, s: number) =>
      credible ? improvements(others[j] as number[], s) : moves(others[j] as number[], s);
    const out = new Set<number>();
    if (reading === 'single') {
      others.forEach((_, j) => {
        for (const t of step(j, x)) out.add(t);
      });
      return out;
    }
    if (reading === 'distinct') {
      const go = (s: number, used: readonly number[]) => {
        others.forEach((_, j) => {
          if (used.includes(j)) return;
          for (const t of step(j, s)) {
            out.add(t);
            go(t, [...used, j]);
          }
        });
      };
      go(x, []);
      return out;
    }
    const seen = new Set<string>();
    const queue: [number, number][] = [[x, -1]];
    while (queue.length > 0) {
      const [s, last] = queue.shift() as [number, number];
      others.forEach((_, j) => {
        if (j === last) return;
        for (const t of step(j, s)) {
          out.add(t);
          if (!seen.has(`${t}:${j}`)) {
            seen.add(`${t}:${j}`);
            queue.push([t, j]);
          }
        }
      });
    }
    return out;
  };

  const result: Record<Concept, boolean[][]> = { nash: [], gmr: [], smr: [], seq: [], sim: [], seqsim: [] };
  groups.forEach((g, gi) => {
    const others = groups.filter((_, j) => j !== gi);
    const row = (test: (s: number) => boolean) => Array.from({ length: n }, (_, s) => test(s));
    result.nash.push(row((s) => improvements(g, s).length === 0));
    result.gmr.push(
      row((s) =>
        improvements(g, s).every((x) => [...reach(others, x, false)].some((t) => noBetter(g, s, t))),
      ),
    );
    result.seq.push(
      row((s) => improvements(g, s).every((x) => [...reach(others, x, true)].some((t) => noBetter(g, s, t)))),
    );
    result.smr.push(
      row((s) =>
        improvements(g, s).every((x) =>
          [...reach(others, x, false)].some(
            (t) => noBetter(g, s, t) && moves(g, t).every((u) => noBetter(g, s, u)),
          ),
        ),
      ),
    );
    result.sim.push(
      row((s) =>
        improvements(g, s).every((x) => {
          // Every choice of at most one improvement per opponent, at least one opponent moving.
          let combos: { diff: number; moved: boolean }[] = [{ diff: 0, moved: false }];
          for (const o of others) {
            const replies = improvements(o, s).map((t) => (codes[s] as number) ^ (codes[t] as number));
            combos = combos.flatMap((c) => [c, ...replies.map((d) => ({ diff: c.diff ^ d, moved: true }))]);
          }
          return combos.some((c) => {
            if (!c.moved) return false;
            const t = codes.indexOf((codes[x] as number) ^ c.diff);
            return t >= 0 && noBetter(g, s, t);
          });
        }),
      ),
    );
    result.seqsim.push(row((s) => (result.seq[gi]?.[s] ?? false) && (result.sim[gi]?.[s] ?? false)));
  });
  return result;
}
