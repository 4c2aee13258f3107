// `npm run bench:stability`: the stability analysis on large random models, and against the literal
// implementation that follows the definitions set by set. Prints a table and writes
// bench/stability-results.json. The models are generated from a fixed seed, so every run analyses the
// same ones.
import { writeFileSync } from 'node:fs';
import { analyseStability, toGraphModel } from '../dist/index.js';
import { literalStability } from '../dist/stability/literal.js';
import { generator } from './stream.mjs';

/** A model with `dms` decision makers of `per` options each, six preference statements each, no infeasibles. */
function randomModel(dms, per, seed) {
  const r = generator(seed);
  const total = dms * per;
  const options = Array.from({ length: total }, (_, i) => ({
    name: `option ${i}`,
    direction: r() < 0.15 ? 'forward' : 'both',
  }));
  const condition = () =>
    Array.from({ length: 1 + Math.floor(r() * 2) }, () => [Math.floor(r() * total), r() < 0.5]);
  return {
    options,
    dms: Array.from({ length: dms }, (_, d) => ({
      name: `DM ${d + 1}`,
      options: Array.from({ length: per }, (_, i) => d * per + i),
      statements: Array.from({ length: 6 }, () => ({ anyOf: [condition()] })),
    })),
    infeasibles: [],
    useRanking: false,
  };
}

function timed(f) {
  const t0 = process.hrtime.bigint();
  const value = f();
  return { value, seconds: Number(process.hrtime.bigint() - t0) / 1e9 };
}

const rows = [];
const all = ['nash', 'gmr', 'seq', 'sim', 'seqsim', 'smr'];
for (const { name, dms, per, concepts, sanctions } of [
  { name: '16 options, every concept', dms: 4, per: 4, concepts: all, sanctions: 'legal' },
  { name: '16 options, every concept, single', dms: 4, per: 4, concepts: all, sanctions: 'single' },
  {
    name: '20 options, Nash, GMR, SEQ',
    dms: 4,
    per: 5,
    concepts: ['nash', 'gmr', 'seq'],
    sanctions: 'legal',
  },
]) {
  const model = randomModel(dms, per, 2020);
  const built = timed(() => toGraphModel(model));
  const run = timed(() => analyseStability(built.value, { concepts, sanctions }));
  const equilibria = Object.fromEntries(
    concepts.map((c) => [c, run.value.equilibria[c].reduce((a, b) => a + b, 0)]),
  );
  rows.push({
    model: name,
    states: built.value.size,
    sanctions,
    buildSeconds: +built.seconds.toFixed(2),
    analyseSeconds: +run.seconds.toFixed(2),
    equilibria,
  });
}

// Against the literal implementation, on a model small enough for it: 8 options, 256 states.
const small = randomModel(4, 2, 7);
const fast = timed(() => analyseStability(toGraphModel(small), { sanctions: 'legal' }));
const slow = timed(() => literalStability(small, 'legal'));
const agree = all.every((c) =>
  fast.value.stable[c].every((row, p) => Array.from(row).every((v, s) => (v === 1) === slow.value[c][p][s])),
);
const literal = {
  model: '8 options, 4 decision makers, every concept, legal sanctions',
  states: fast.value.model.size,
  fastSeconds: +fast.seconds.toFixed(4),
  literalSeconds: +slow.seconds.toFixed(2),
  ratio: +(slow.seconds / fast.seconds).toFixed(0),
  agree,
};

console.table(rows.map(({ equilibria, ...r }) => r));
console.log(literal);
writeFileSync(
  'bench/stability-results.json',
  `${JSON.stringify({ date: new Date().toISOString().slice(0, 10), node: process.version, rows, literal }, null, 2)}\n`,
);
