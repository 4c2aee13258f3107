// `npm run bench:faults`: kill a batch with SIGKILL at 50 random moments (in some trials, kill the resume
// that follows too), resume it each time until it finishes, and compare the run directory with an
// uninterrupted batch byte for byte. A few minutes; writes bench/faults-results.json.
//   node bench/faults.mjs [--trials N] [--source]   (--source runs src/ under tsx instead of dist/)
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const trials = Number(arg('--trials', 50));
const fromSource = process.argv.includes('--source');
const root = new URL('..', import.meta.url).pathname;
const binArgs = fromSource
  ? ['--import', 'tsx', join(root, 'src/cli/bin.ts')]
  : [join(root, 'dist/cli/bin.js')];
const scenario = join(root, 'examples/worlds/river-dam.yaml');
const runs = 300;
const workers = 2;
const tmp = mkdtempSync(join(tmpdir(), 'auspices-faults-'));

// A seeded generator, so that a run of the bench can be repeated: mulberry32.
let state = Number(arg('--seed', 20201125)) >>> 0;
const random = () => {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

/**
 * Run the batch into `out`; SIGKILL it after `kill.ms` milliseconds, or once `kill.lines` runs are in
 * its results.jsonl, if given. Resolves with its exit.
 */
function batch(out, kill) {
  const args = [
    'batch',
    scenario,
    '--runs',
    String(runs),
    '--workers',
    String(workers),
    '--out',
    out,
    '--resume',
  ];
  const child = spawn(process.execPath, [...binArgs, ...args], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += String(d);
  });
  const started = performance.now();
  const timer =
    kill?.ms !== undefined
      ? setTimeout(() => child.kill('SIGKILL'), kill.ms)
      : kill?.lines !== undefined
        ? setInterval(() => {
            if (lineCount(out) >= kill.lines) child.kill('SIGKILL');
          }, 5)
        : undefined;
  return new Promise((resolve) =>
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      clearInterval(timer);
      resolve({ code, signal, stderr, ms: performance.now() - started });
    }),
  );
}

const read = (dir, file) => (existsSync(join(dir, file)) ? readFileSync(join(dir, file)) : null);
const lineCount = (dir) => (read(dir, 'results.jsonl')?.toString().split('\n').length ?? 1) - 1;

const reference = join(tmp, 'reference');
const first = await batch(reference);
if (first.code !== 0) throw new Error(`bench: the uninterrupted batch failed: ${first.stderr}`);
// Kill moments spread over the whole life of a batch, start-up (module loading, lock, first manifest) included.
const span = first.ms;

const outcome = { identical: 0, different: 0, failures: [] };
let killedTwice = 0;
let killedBeforeAnyRun = 0;
let killedMidRun = 0;
let takeovers = 0;
const started = performance.now();
for (let trial = 0; trial < trials; trial++) {
  const out = join(tmp, `trial-${trial}`);
  // Half the trials at any moment (start-up included), half once a random number of runs is written.
  const kill =
    trial % 2 === 0 ? { ms: Math.round(random() * span) } : { lines: 1 + Math.floor(random() * (runs - 1)) };
  const killed = await batch(out, kill);
  const written = lineCount(out);
  if (killed.signal === 'SIGKILL' && written === 0) killedBeforeAnyRun++;
  if (killed.signal === 'SIGKILL' && written > 0 && written < runs) killedMidRun++;
  const notes = [];
  if (random() < 0.3) {
    const resumed = await batch(out, { ms: Math.round(random() * span) });
    if (resumed.signal === 'SIGKILL') killedTwice++;
    notes.push(resumed.stderr);
  }
  let last;
  for (let attempt = 0; attempt < 3; attempt++) {
    last = await batch(out);
    notes.push(last.stderr);
    if (last.code === 0) break;
  }
  if (notes.some((text) => text.includes('took over the lock'))) takeovers++;
  const same =
    last.code === 0 &&
    ['results.jsonl', 'summary.json', 'report.md', 'scenario.json'].every((file) =>
      read(out, file)?.equals(read(reference, file)),
    ) &&
    readdirSync(out).every((name) => !/\.tmp-\d+$/.test(name) && name !== '.auspices-lock');
  if (same) outcome.identical++;
  else {
    outcome.different++;
    outcome.failures.push({
      trial,
      kill,
      exit: last.code,
      stderr: notes.join('').slice(0, 2000),
    });
  }
  process.stderr.write(`\rtrial ${trial + 1}/${trials}: ${outcome.identical} identical`);
  rmSync(out, { recursive: true, force: true });
}
process.stderr.write('\n');

const results = {
  date: new Date().toISOString().slice(0, 10),
  node: process.version,
  command: `npm run bench:faults${fromSource ? ' -- --source' : ''}`,
  scenario: 'examples/worlds/river-dam.yaml',
  runs,
  workers,
  trials,
  identical: outcome.identical,
  different: outcome.different,
  killed_before_any_run: killedBeforeAnyRun,
  killed_mid_run: killedMidRun,
  resumes_killed_too: killedTwice,
  locks_taken_over: takeovers,
  uninterrupted_batch_s: Math.round(span / 100) / 10,
  seconds: Math.round((performance.now() - started) / 1000),
  failures: outcome.failures,
};
writeFileSync(new URL('faults-results.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
rmSync(tmp, { recursive: true, force: true });
console.log(JSON.stringify({ ...results, failures: results.failures.length }, null, 2));
if (outcome.different > 0) process.exitCode = 1;
