// `npm run bench`: the compiled kernel against XState and a hand-written reducer on the same event
// stream, whole flagship runs per engine, and bytes per retained state. Same process, median of
// several rounds; prints a table and writes bench/results.json.
import { writeFileSync } from 'node:fs';
import { createActor } from 'xstate';
import {
  compileMachine,
  createKernelStepper,
  createWorldMachine,
  createXStateStepper,
  runScenario,
} from '../dist/index.js';
import { firstDisagreement } from './agree.mjs';
import { fromValue, reduce } from './reducer.mjs';
import { flagshipStream } from './stream.mjs';

const quick = process.argv.includes('--quick');
const rounds = quick ? 3 : 7;
const { scenario, start, walks, accepted, total } = flagshipStream({ walks: quick ? 20 : 100 });
const machine = createWorldMachine();

/** Events per second of `fn` over the whole stream: the median of `rounds` timed rounds after a warm-up. */
function eventsPerSecond(fn) {
  fn();
  const rates = [];
  for (let i = 0; i < rounds; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    rates.push(total / seconds);
  }
  return median(rates);
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// The engines, each stepping every walk of the stream from the flagship's start.
const kernel = compileMachine(machine);
const kernelStepper = createKernelStepper(machine);
const xstateStepper = createXStateStepper(machine);
const scope = createActor(machine, { input: start.context })._actorScope;
const initialSnapshot = machine.resolveState({ value: start.value, context: start.context });

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
  kernel_stepper() {
    let last;
    for (const events of walks) {
      let state = kernelStepper.initial(start.value, start.context);
      for (const e of events) state = kernelStepper.step(state, e).state;
      last = state;
    }
    return last;
  },
  xstate_stepper() {
    let last;
    for (const events of walks) {
      let state = xstateStepper.initial(start.value, start.context);
      for (const e of events) state = xstateStepper.step(state, e).state;
      last = state;
    }
    return last;
  },
};

// Honesty first: the reducer and XState must agree with the kernel after every event of the stream.
const disagreement = firstDisagreement(start, walks);
if (disagreement) {
  console.error(`bench: ${disagreement}; fix the reducer or the kernel before comparing their speed`);
  process.exit(1);
}

const rates = {};
for (const [name, fn] of Object.entries(engines)) rates[name] = eventsPerSecond(fn);

// Whole flagship runs per second on each engine (the scenario's own policies, seeds 0..n-1).
function runsPerSecond(engine) {
  const n = quick ? 20 : 100;
  for (let i = 0; i < 5; i++) runScenario(scenario, { seed: i, engine });
  const rates = [];
  for (let round = 0; round < (quick ? 1 : 3); round++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) runScenario(scenario, { seed: i, engine });
    rates.push(n / (Number(process.hrtime.bigint() - t0) / 1e9));
  }
  return median(rates);
}
const runs = { kernel: runsPerSecond('kernel'), xstate: runsPerSecond('xstate') };

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

const ratio = (a, b) => Math.round((a / b) * 100) / 100;
const results = {
  date: new Date().toISOString().slice(0, 10),
  node: process.version,
  command: `npm run bench${quick ? ' -- --quick' : ''}`,
  stream: { events: total, accepted, walks: walks.length, rounds },
  events_per_s: Object.fromEntries(Object.entries(rates).map(([k, v]) => [k, Math.round(v)])),
  kernel_vs_reducer: ratio(rates.kernel, rates.reducer),
  kernel_vs_actor_send: ratio(rates.kernel, rates.actor_send),
  kernel_vs_xstate_stepper: ratio(rates.kernel, rates.xstate_transition),
  stepper_kernel_vs_xstate: ratio(rates.kernel_stepper, rates.xstate_stepper),
  runs_per_s: { kernel: Math.round(runs.kernel * 10) / 10, xstate: Math.round(runs.xstate * 10) / 10 },
  bytes_per_state: retained,
  gc_exposed: typeof globalThis.gc === 'function',
};

const rows = [
  ['kernel (compileMachine.transition)', rates.kernel],
  ['hand-written reducer (bench/reducer.mjs)', rates.reducer],
  ['XState machine.transition, one scope', rates.xstate_transition],
  ['XState actor.send', rates.actor_send],
  ['kernel stepper (with verdicts)', rates.kernel_stepper],
  ['XState stepper (with verdicts)', rates.xstate_stepper],
];
const fmt = (n) => Math.round(n).toLocaleString('en-US');
console.log(
  `Flagship event stream: ${fmt(total)} events (${fmt(accepted)} accepted), median of ${rounds} rounds`,
);
console.log('');
console.log('| engine | events/s | kernel is |');
console.log('|---|---:|---:|');
for (const [name, rate] of rows) console.log(`| ${name} | ${fmt(rate)} | ${ratio(rates.kernel, rate)}x |`);
console.log('');
console.log(
  `Whole flagship runs/s: kernel ${results.runs_per_s.kernel}, xstate ${results.runs_per_s.xstate}`,
);
console.log(`Bytes per retained state: kernel ${retained.kernel}, xstate ${retained.xstate}`);
console.log(
  `Ratios: kernel_vs_reducer ${results.kernel_vs_reducer}, kernel_vs_actor_send ${results.kernel_vs_actor_send}, kernel_vs_xstate_stepper ${results.kernel_vs_xstate_stepper}`,
);
if (!quick)
  writeFileSync(new URL('./results.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
