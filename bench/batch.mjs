// `npm run bench:batch`: batch throughput at 1 and 2 workers, and peak memory at 10k and 100k flagship
// runs (it should be flat: results stream to disk). Several minutes; writes bench/batch-results.json.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const quick = process.argv.includes('--quick');
const flagship = new URL('../scenarios/karabakh/format-week-2020.yaml', import.meta.url).pathname;
const bin = new URL('../dist/cli/bin.js', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'auspices-bench-'));

/** Run a batch in a child process; its wall time and the child's peak resident memory. */
function batch(runs, workers) {
  const out = join(tmp, `b-${runs}-${workers}`);
  const script = `
    const started = performance.now();
    process.argv = [process.argv[0], ${JSON.stringify(bin)}, 'batch', ${JSON.stringify(flagship)},
      '--what-if', 'france-recognises', '--runs', '${runs}', '--workers', '${workers}', '--out', ${JSON.stringify(out)}];
    await import(${JSON.stringify(bin)});
    process.on('exit', () => {
      process.stderr.write(JSON.stringify({ seconds: (performance.now() - started) / 1000, maxRssKb: process.resourceUsage().maxRSS }) + '\\n');
    });`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`bench: batch failed: ${result.stderr}`);
  const line = result.stderr.trim().split('\n').at(-1);
  rmSync(out, { recursive: true, force: true });
  return JSON.parse(line);
}

/** Runs per second of `runBatch` in this process (pool start-up included), the median of interleaved rounds. */
async function throughput(runs) {
  const { loadScenarioSync, runBatch } = await import('../dist/index.js');
  const scenario = loadScenarioSync(flagship);
  const rates = { 1: [], 2: [] };
  for (let round = 0; round < (quick ? 1 : 3); round++) {
    for (const workers of [1, 2]) {
      const started = performance.now();
      for await (const _ of runBatch(scenario, { runs, whatIf: 'france-recognises', workers }));
      rates[workers].push(runs / ((performance.now() - started) / 1000));
    }
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return { 1: median(rates[1]), 2: median(rates[2]) };
}

const small = quick ? 1000 : 6000;
const rates = await throughput(small);
const scaling = rates[2] / rates[1];
const memory = quick ? { 1000: batch(1000, 2) } : { 10000: batch(10_000, 2), 100000: batch(100_000, 2) };
const results = {
  date: new Date().toISOString().slice(0, 10),
  node: process.version,
  command: `npm run bench:batch${quick ? ' -- --quick' : ''}`,
  scenario: 'format-week-2020 + france-recognises',
  runs_per_s: { workers_1: Math.round(rates[1]), workers_2: Math.round(rates[2]) },
  workers_2_vs_1: Math.round(scaling * 100) / 100,
  peak_rss_mb: Object.fromEntries(Object.entries(memory).map(([n, m]) => [n, Math.round(m.maxRssKb / 1024)])),
  seconds: Object.fromEntries(Object.entries(memory).map(([n, m]) => [n, Math.round(m.seconds)])),
};
console.log(
  `Batch of ${small} flagship runs: ${results.runs_per_s.workers_1} runs/s on 1 worker, ${results.runs_per_s.workers_2} on 2 (${results.workers_2_vs_1}x)`,
);
for (const [n, mb] of Object.entries(results.peak_rss_mb))
  console.log(`${n} runs on 2 workers: ${results.seconds[n]} s, peak memory ${mb} MB`);
rmSync(tmp, { recursive: true, force: true });
if (!quick)
  writeFileSync(new URL('./batch-results.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
