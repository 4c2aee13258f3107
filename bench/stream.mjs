// The benchmark's event stream on the flagship world: deterministic random walks from the scenario's
// start, each event drawn from every actor's candidate moves (legal or not) and the clock, so the
// stream mixes accepted and refused moves the way agents do.
import {
  candidateMoves,
  createXStateStepper,
  initialContext,
  initialValue,
  loadScenarioSync,
} from '../dist/index.js';

export const flagshipFile = new URL('../scenarios/karabakh/format-week-2020.yaml', import.meta.url).pathname;

/** A small deterministic generator (mulberry32); the bench needs no library for it. */
export function generator(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `walks` walks of `length` events each. Returns the flagship's start and the walks; every walk starts
 * from that start. A quarter of the events are clock ticks; seven moves in ten are drawn from the legal ones.
 */
export function flagshipStream({ walks = 100, length = 200, seed = 2020 } = {}) {
  const loaded = loadScenarioSync(flagshipFile);
  // The reference reducer models the default world, with one live format: the flagship's second format
  // (the trilateral, live beside the co-chairs) is left out of the benchmark's world.
  const { liveFormats: _side, ...initial } = loaded.scenario?.initial ?? loaded.data.initial;
  const scenario = { ...loaded, data: { ...loaded.data, initial } };
  const start = { value: initialValue(scenario.data), context: initialContext(scenario.data) };
  const stepper = createXStateStepper();
  const random = generator(seed);
  const actors = Object.keys(start.context.actors);
  const out = [];
  let accepted = 0;
  for (let w = 0; w < walks; w++) {
    let state = stepper.initial(start.value, start.context);
    const events = [];
    while (events.length < length) {
      let event;
      if (random() < 0.25) event = { type: 'clock.dayElapsed', by: 'clock' };
      else {
        const by = actors[Math.floor(random() * actors.length)];
        const moves = candidateMoves(state.context, by);
        const legal = moves.filter((m) => stepper.check(state, m).accepted);
        const pool = random() < 0.7 && legal.length > 0 ? legal : moves;
        event = pool[Math.floor(random() * pool.length)];
      }
      const outcome = stepper.step(state, event);
      if (outcome.accepted) accepted++;
      state = outcome.state;
      events.push(event);
    }
    out.push(events);
  }
  return { scenario, start, walks: out, accepted, total: walks * length };
}
