// `npm run bench`: the compiled kernel against XState and a hand-written reducer on the same event
// stream, whole flagship runs per engine (and the share of a kernel run spent in the kernel's
// transitions), and bytes per retained state. Same process, median of
// several rounds; prints a table and writes bench/results.json.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createActor } from 'xstate';
import {
  compileMachine,
  createKernelStepper,
  createWorldMachine,
  createXStateStepper,
  runScenario,
  scenarioWorld,
} from '../dist/index.js';
import { firstDisagreement } from './agree.mjs';
import { fromValue, reduce } from './reducer.mjs';
import { flagshipStream } from './stream.mjs';

const quick = process.argv.includes('--quick');
const rounds = quick ? 3 : 9;
const { scenario, start, walks, accepted, total } = flagshipStream({ walks: quick ? 20 : 100 });
const machine = createWorldMachine();

/**
 * Events per second of each engine over the whole stream. Rounds interleave the engines (one round
 * times each engine once) after three warm-up passes each, so drift in the machine's load or the JIT
 * hits every engine alike; each engine's figure is the median of its rounds, with the range kept.
 */
function eventsPerSecond(fns) {
  for (const fn of Object.values(fns)) for (let i = 0; i < 3; i++) fn();
  const samples = Object.fromEntries(Object.keys(fns).map((name) => [name, []]));
  for (let i = 0; i < rounds; i++) {
    for (const [name, fn] of Object.entries(fns)) {
      const t0 = process.hrtime.bigint();
      fn();
      samples[name].push(total / (Number(process.hrtime.bigint() - t0) / 1e9));
    }
  }
  return samples;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// The engines, each stepping every walk of the stream from the flagship's start.
const kernel = compileMachine(machine);
const kernelStepper = createKernelStepper(machine);
const xstateStepper = createXStateStepper(machine);
const scope = createActor(machine, { input: start.context })._actorScope;
const initialSnapshot = machine.resolveState({ value: start.value, context: start.context });

/** Every walk through a `Stepper` (verdicts included), as runs use it. */
function stepAll(stepper) {
  let last;
  for (const events of walks) {
    let state = stepper.initial(start.value, start.context);
    for (const e of events) state = stepper.step(state, e).state;
    last = state;
  }
  return last;
}

const engines = {
  kernel() {
    let last;
    for (const events of walks) {
      let value = start.value;
      let context = start.context;
      for (const e of events) ({ value, context } = kernel.transition(value, context, e));
      last = { value, context };
    }
    return last;
  },
  reducer() {
    let last;
    for (const events of walks) {
      let r = fromValue(start.value, start.context);
      for (const e of events) r = reduce(r, e);
      last = r;
    }
    return last;
  },
  xstate_transition() {
    let last;
    for (const events of walks) {
      let snapshot = initialSnapshot;
      for (const e of events) snapshot = machine.transition(snapshot, e, scope);
      last = snapshot;
    }
    return last;
  },
  actor_send() {
    let last;
    for (const events of walks) {
      const actor = createActor(machine, { snapshot: initialSnapshot, input: start.context }).start();
      for (const e of events) actor.send(e);
      last = actor.getSnapshot();
      actor.stop();
    }
    return last;
  },
  kernel_stepper: () => stepAll(kernelStepper),
  xstate_stepper: () => stepAll(xstateStepper),
};

// Honesty first: the reducer and XState must agree with the kernel after every event of the stream.
const disagreement = firstDisagreement(start, walks);
if (disagreement) {
  console.error(`bench: ${disagreement}; fix the reducer or the kernel before comparing their speed`);
  process.exit(1);
}

const samples = eventsPerSecond(engines);
const rates = Object.fromEntries(Object.entries(samples).map(([name, xs]) => [name, median(xs)]));

// Whole flagship runs on each engine (the scenario's own policies, seeds 0..n-1), through `runScenario`.
// Each round runs every seed on the kernel, then on XState, then replays the kernel's transitions of that
// seed's run alone (see below), one seed after another, so load on the machine hits all three alike.
// Runs per second per engine: the median of the rounds; the ratio: the median of the per-round ratios.
//
// The in-kernel share: the time a kernel run spends inside the kernel's transition function, over the
// time of the whole run. A first pass records every (state, event) the run's stepper steps (a recording
// stepper around the kernel stepper). The rounds then call `compileMachine(machine).transition` on exactly
// those states and events, with nothing else around them, and time it against the whole runs.
function wholeRuns() {
  const n = quick ? 20 : 100;
  const world = scenarioWorld(scenario.data);
  const inner = createKernelStepper(world);
  const recorded = [];
  const recorder = {
    ...inner,
    step(state, event) {
      recorded.at(-1).push([state.value, state.context, event]);
      return inner.step(state, event);
    },
  };
  for (let i = 0; i < n; i++) {
    recorded.push([]);
    runScenario(scenario, { seed: i, stepper: recorder });
  }
  const compiled = compileMachine(world.machine);
  const replay = (steps) => {
    for (const [value, context, event] of steps) compiled.transition(value, context, event);
  };
  const time = (fn) => {
    const t0 = process.hrtime.bigint();
    fn();
    return Number(process.hrtime.bigint() - t0);
  };
  for (let warm = 0; warm < 3; warm++)
    for (let i = 0; i < n; i++) {
      runScenario(scenario, { seed: i, engine: 'kernel' });
      runScenario(scenario, { seed: i, engine: 'xstate' });
      replay(recorded[i]);
    }
  const kernelRates = [];
  const xstateRates = [];
  const ratios = [];
  const shares = [];
  for (let round = 0; round < (quick ? 3 : 9); round++) {
    let k = 0;
    let x = 0;
    let inKernel = 0;
    for (let i = 0; i < n; i++) {
      k += time(() => runScenario(scenario, { seed: i, engine: 'kernel' }));
      x += time(() => runScenario(scenario, { seed: i, engine: 'xstate' }));
      inKernel += time(() => replay(recorded[i]));
    }
    kernelRates.push(n / (k / 1e9));
    xstateRates.push(n / (x / 1e9));
    ratios.push(x / k);
    shares.push(inKernel / k);
  }
  return {
    runs: { kernel: median(kernelRates), xstate: median(xstateRates) },
    ratio: median(ratios),
    ratioRange: [Math.min(...ratios), Math.max(...ratios)],
    share: median(shares),
    shareRange: [Math.min(...shares), Math.max(...shares)],
    transitionsPerRun: recorded.reduce((sum, steps) => sum + steps.length, 0) / n,
    seeds: n,
  };
}
const whole = wholeRuns();
const runs = whole.runs;

// Bytes per retained state: heap growth when holding many distinct states of one walk.
function bytesPerState(make) {
  globalThis.gc?.();
  const before = process.memoryUsage().heapUsed;
  const held = make();
  globalThis.gc?.();
  const after = process.memoryUsage().heapUsed;
  const bytes = (after - before) / held.length;
  held.length = 0;
  return Math.round(bytes);
}
const retained = {
  kernel: bytesPerState(() => {
    const held = [];
    for (const events of walks) {
      let s = { value: start.value, context: start.context };
      for (const e of events) {
        s = kernel.transition(s.value, s.context, e);
        held.push(s);
      }
    }
    return held;
  }),
  xstate: bytesPerState(() => {
    const held = [];
    for (const events of walks) {
      let s = initialSnapshot;
      for (const e of events) {
        s = machine.transition(s, e, scope);
        held.push(s);
      }
    }
    return held;
  }),
};

const round2 = (x) => Math.round(x * 100) / 100;
/** The median of the per-round ratios of two engines: paired rounds cancel most of the machine's drift. */
const paired = (a, b) => round2(median(samples[a].map((x, i) => x / samples[b][i])));
const results = {
  date: new Date().toISOString().slice(0, 10),
  node: process.version,
  command: `npm run bench${quick ? ' -- --quick' : ''}`,
  stream: { events: total, accepted, walks: walks.length, rounds },
  events_per_s: Object.fromEntries(Object.entries(rates).map(([k, v]) => [k, Math.round(v)])),
  events_per_s_range: Object.fromEntries(
    Object.entries(samples).map(([k, xs]) => [k, [Math.round(Math.min(...xs)), Math.round(Math.max(...xs))]]),
  ),
  kernel_vs_reducer: paired('kernel', 'reducer'),
  kernel_vs_actor_send: paired('kernel', 'actor_send'),
  kernel_vs_xstate_stepper: paired('kernel', 'xstate_transition'),
  stepper_kernel_vs_xstate: paired('kernel_stepper', 'xstate_stepper'),
  runs_per_s: { kernel: Math.round(runs.kernel * 10) / 10, xstate: Math.round(runs.xstate * 10) / 10 },
  whole_runs: {
    seeds: whole.seeds,
    transitions_per_run: whole.transitionsPerRun,
    kernel_vs_xstate: round2(whole.ratio),
    kernel_vs_xstate_range: whole.ratioRange.map(round2),
    in_kernel_share: round2(whole.share),
    in_kernel_share_range: whole.shareRange.map(round2),
  },
  bytes_per_state: retained,
  gc_exposed: typeof globalThis.gc === 'function',
};

const rows = [
  ['kernel (compileMachine.transition)', 'kernel'],
  ['hand-written reducer (bench/reducer.mjs)', 'reducer'],
  ['XState machine.transition, one scope', 'xstate_transition'],
  ['XState actor.send', 'actor_send'],
  ['kernel stepper (with verdicts)', 'kernel_stepper'],
  ['XState stepper (with verdicts)', 'xstate_stepper'],
];
const fmt = (n) => Math.round(n).toLocaleString('en-US');
console.log(
  `Flagship event stream: ${fmt(total)} events (${fmt(accepted)} accepted), median of ${rounds} rounds`,
);
console.log('');
console.log('| engine | events/s (median) | kernel is (median of paired rounds) |');
console.log('|---|---:|---:|');
for (const [name, key] of rows) console.log(`| ${name} | ${fmt(rates[key])} | ${paired('kernel', key)}x |`);
console.log('');
console.log(
  `Whole flagship runs/s: kernel ${results.runs_per_s.kernel}, xstate ${results.runs_per_s.xstate}; kernel is ${results.whole_runs.kernel_vs_xstate}x (median of paired rounds, range ${results.whole_runs.kernel_vs_xstate_range.join('-')})`,
);
console.log(
  `Share of a kernel run inside the kernel's transitions: ${results.whole_runs.in_kernel_share} (range ${results.whole_runs.in_kernel_share_range.join('-')}), ${results.whole_runs.transitions_per_run} transitions per run`,
);
console.log(`Bytes per retained state: kernel ${retained.kernel}, xstate ${retained.xstate}`);
console.log(
  `Ratios: kernel_vs_reducer ${results.kernel_vs_reducer}, kernel_vs_actor_send ${results.kernel_vs_actor_send}, kernel_vs_xstate_stepper ${results.kernel_vs_xstate_stepper}`,
);
if (!quick) {
  // Keep the batch ratio that `npm run bench:batch` records beside these figures.
  const file = new URL('./results.json', import.meta.url);
  const batch = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')).batch : undefined;
  writeFileSync(file, `${JSON.stringify(batch ? { ...results, batch } : results, null, 2)}\n`);
}
