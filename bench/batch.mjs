// `npm run bench:batch`: batch throughput at 1 and 2 workers, and peak memory at 10k and 100k flagship
// runs (it should be flat: results stream to disk). Several minutes; writes bench/batch-results.json.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const quick = process.argv.includes('--quick');
const flagship = new URL('../scenarios/karabakh/format-week-2020.yaml', import.meta.url).pathname;
const bin = new URL('../dist/cli/bin.js', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'auspices-bench-'));

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

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

/**
 * Runs per second of `runBatch` in this process (pool start-up included), the median of interleaved
 * rounds; and, when `steadyFrom` is given, the steady rate: the records from that one to the last, which
 * leaves out starting the threads, loading the modules and checking the scenario in each, and the
 * threads' warm-up (the JIT compiles the rules over the first few thousand runs).
 */
async function throughput(runs, rounds, steadyFrom = 1) {
  const { loadScenarioSync, runBatch } = await import('../dist/index.js');
  const scenario = loadScenarioSync(flagship);
  const rates = { 1: [], 2: [] };
  const steady = { 1: [], 2: [] };
  // CPU time of the whole process (worker threads included) per run: what a run costs, whatever else
  // the machine is doing. On 2 idle cores, 2 workers can reach at most 2 x cpu(1 worker) / cpu(2 workers).
  const cpu = { 1: [], 2: [] };
  for (let round = 0; round < rounds; round++) {
    for (const workers of [1, 2]) {
      const started = performance.now();
      const cpuBefore = process.cpuUsage();
      let seen = 0;
      let from = 0;
      for await (const _ of runBatch(scenario, { runs, whatIf: 'france-recognises', workers }))
        if (++seen === steadyFrom) from = performance.now();
      const ended = performance.now();
      rates[workers].push(runs / ((ended - started) / 1000));
      steady[workers].push((runs - steadyFrom) / ((ended - from) / 1000));
      const used = process.cpuUsage(cpuBefore);
      cpu[workers].push((used.user + used.system) / 1000 / runs);
    }
  }
  return {
    1: median(rates[1]),
    2: median(rates[2]),
    steady: { 1: median(steady[1]), 2: median(steady[2]) },
    cpuMs: { 1: median(cpu[1]), 2: median(cpu[2]) },
  };
}

/**
 * How far flagship runs scale on this machine without a pool: a worker's runs (`runScenario` and the
 * batch record) in a loop in one process, `warm` runs of warm-up and then `runs` timed, against two such
 * processes at once (nothing shared, no worker threads, V8's default young generation). Runs/s alone,
 * and the two together over alone, the median of `rounds`. Each process times itself, so the one that
 * finishes last runs partly alone; with long enough loops that part is small.
 */
async function twoProcessesInALoop(warm, runs, rounds) {
  const index = new URL('../dist/index.js', import.meta.url).href;
  const batchStats = new URL('../dist/stats/batch.js', import.meta.url).href;
  const script = `
    const { loadScenarioSync, runScenario } = await import(${JSON.stringify(index)});
    const { batchRecord } = await import(${JSON.stringify(batchStats)});
    const scenario = loadScenarioSync(${JSON.stringify(flagship)});
    const go = (from, n) => { for (let i = from; i < from + n; i++) batchRecord(runScenario(scenario, { seed: i + 1, whatIf: 'france-recognises' }), i); };
    go(0, ${warm});
    const started = performance.now();
    go(${warm}, ${runs});
    process.stdout.write(String(${runs} / ((performance.now() - started) / 1000)));`;
  const child = () =>
    new Promise((resolve, reject) => {
      const c = spawn(process.execPath, ['--input-type=module', '-e', script]);
      let out = '';
      c.stdout.on('data', (d) => {
        out += d;
      });
      c.on('exit', (code) =>
        code === 0 ? resolve(Number(out)) : reject(new Error(`bench: loop exited ${code}`)),
      );
    });
  const alone = [];
  const ratios = [];
  for (let round = 0; round < rounds; round++) {
    const one = await child();
    const [a, b] = await Promise.all([child(), child()]);
    alone.push(one);
    ratios.push((a + b) / one);
  }
  return { alone: median(alone), ratio: median(ratios) };
}

const round3 = (x) => Math.round(x * 1000) / 1000;
const small = quick ? 1000 : 6000;
const rates = await throughput(small, quick ? 1 : 3);
const scaling = rates[2] / rates[1];
// A longer batch, where the threads' start-up weighs less, and its steady rate past the first 10,000 runs.
const long = quick ? null : { runs: 40_000, steadyFrom: 10_000, ...(await throughput(40_000, 3, 10_000)) };
const twoProcesses = quick ? null : await twoProcessesInALoop(5_000, 20_000, 3);
const ratio = (x) => Math.round(x * 100) / 100;
const memory = quick ? { 1000: batch(1000, 2) } : { 10000: batch(10_000, 2), 100000: batch(100_000, 2) };
const results = {
  date: new Date().toISOString().slice(0, 10),
  node: process.version,
  command: `npm run bench:batch${quick ? ' -- --quick' : ''}`,
  scenario: 'format-week-2020 + france-recognises',
  runs_per_s: { workers_1: Math.round(rates[1]), workers_2: Math.round(rates[2]) },
  workers_2_vs_1: Math.round(scaling * 100) / 100,
  cpu_ms_per_run: { workers_1: round3(rates.cpuMs[1]), workers_2: round3(rates.cpuMs[2]) },
  workers_2_vs_1_cpu_bound: Math.round(((2 * rates.cpuMs[1]) / rates.cpuMs[2]) * 100) / 100,
  ...(long && {
    long: {
      runs: long.runs,
      runs_per_s: { workers_1: Math.round(long[1]), workers_2: Math.round(long[2]) },
      workers_2_vs_1: ratio(long[2] / long[1]),
      steady: {
        what: `runs/s from record ${long.steadyFrom} to the last: start-up and warm-up left out`,
        runs_per_s: { workers_1: Math.round(long.steady[1]), workers_2: Math.round(long.steady[2]) },
        workers_2_vs_1: ratio(long.steady[2] / long.steady[1]),
      },
    },
  }),
  ...(twoProcesses && {
    two_processes: {
      what: "a worker's runs in a loop after a warm-up, without a pool: two processes at once against one alone (median of 3)",
      runs_per_s_alone: Math.round(twoProcesses.alone),
      two_processes_vs_one: ratio(twoProcesses.ratio),
    },
  }),
  peak_rss_mb: Object.fromEntries(Object.entries(memory).map(([n, m]) => [n, Math.round(m.maxRssKb / 1024)])),
  seconds: Object.fromEntries(Object.entries(memory).map(([n, m]) => [n, Math.round(m.seconds)])),
};
console.log(
  `Batch of ${small} flagship runs: ${results.runs_per_s.workers_1} runs/s on 1 worker, ${results.runs_per_s.workers_2} on 2 (${results.workers_2_vs_1}x)`,
);
console.log(
  `CPU per run (all threads): ${results.cpu_ms_per_run.workers_1} ms on 1 worker, ${results.cpu_ms_per_run.workers_2} ms on 2: at most ${results.workers_2_vs_1_cpu_bound}x on 2 idle cores`,
);
if (results.long) {
  const { long: l } = results;
  console.log(
    `Batch of ${l.runs} runs: ${l.runs_per_s.workers_1} runs/s on 1 worker, ${l.runs_per_s.workers_2} on 2 (${l.workers_2_vs_1}x); steady (from run ${long.steadyFrom} on), ${l.steady.runs_per_s.workers_1} and ${l.steady.runs_per_s.workers_2} (${l.steady.workers_2_vs_1}x)`,
  );
}
if (results.two_processes)
  console.log(
    `Without a pool: ${results.two_processes.runs_per_s_alone} runs/s in a loop alone; two such processes at once ${results.two_processes.two_processes_vs_one}x`,
  );
for (const [n, mb] of Object.entries(results.peak_rss_mb))
  console.log(`${n} runs on 2 workers: ${results.seconds[n]} s, peak memory ${mb} MB`);
rmSync(tmp, { recursive: true, force: true });
if (!quick) {
  writeFileSync(new URL('./batch-results.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
  // The run benchmark's results carry the batch ratio too, so the three targets of whole runs sit together.
  const runResults = new URL('./results.json', import.meta.url);
  const merged = JSON.parse(readFileSync(runResults, 'utf8'));
  merged.batch = {
    date: results.date,
    command: results.command,
    workers_2_vs_1: results.workers_2_vs_1,
    workers_2_vs_1_cpu_bound: results.workers_2_vs_1_cpu_bound,
    long_batch: {
      runs: results.long.runs,
      workers_2_vs_1: results.long.workers_2_vs_1,
      steady: results.long.steady.workers_2_vs_1,
    },
    two_processes_vs_one: results.two_processes.two_processes_vs_one,
  };
  writeFileSync(runResults, `${JSON.stringify(merged, null, 2)}\n`);
}
