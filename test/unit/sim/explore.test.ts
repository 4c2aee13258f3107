import { describe, expect, it } from 'vitest';
import { assign, setup } from 'xstate';
import { explore } from '../../../src/explore/explore.js';
import { exploreMachine } from '../../../src/kernel/state-search.js';
import { parseScenario } from '../../../src/scenario/parse.js';
import { loadScenarioSync } from '../../../src/scenario/read-file.js';
import { runScenario } from '../../../src/sim/run-scenario.js';

const flagship = loadScenarioSync('scenarios/karabakh/format-week-2020.yaml');
const wrong = loadScenarioSync('test/fixtures/explore/france-stays.yaml');

describe('exploreMachine on machines with hand-counted state spaces', () => {
  // Two independent switches and a counter modulo 3: 2 × 2 × 3 = 12 states; 3 events from each, each
  // to a different state: 36 edges; the farthest state (both on, count 2) is 1 + 1 + 2 = 4 events away.
  const switches = setup({ types: { context: {} as { count: number } } }).createMachine({
    type: 'parallel',
    context: { count: 0 },
    on: { INC: { actions: assign({ count: ({ context }) => (context.count + 1) % 3 }) } },
    states: {
      a: { initial: 'off', states: { off: { on: { A: 'on' } }, on: { on: { A: 'off' } } } },
      b: { initial: 'off', states: { off: { on: { B: 'on' } }, on: { on: { B: 'off' } } } },
    },
  });
  const events = [{ type: 'A' }, { type: 'B' }, { type: 'INC' }];

  it('finds every state and edge once', () => {
    const space = exploreMachine(switches, { events });
    expect(space.states).toBe(12);
    expect(space.edges).toBe(36);
    expect(space.depth).toBe(4);
    expect(space.bound).toBeNull();
  });

  it('gives a shortest path', () => {
    const space = exploreMachine(switches, { events });
    const path = space.shortestPath(
      (s) =>
        JSON.stringify(s.value) === '{"a":"on","b":"on"}' && (s.context as { count: number }).count === 2,
    );
    expect(path).toHaveLength(4);
    expect(path!.filter((e) => e.type === 'INC')).toHaveLength(2);
  });

  it('stops at the bounds and says so', () => {
    expect(exploreMachine(switches, { events, maxStates: 5 })).toMatchObject({
      states: 5,
      bound: 'max-states',
    });
    // Depth 1: the start and its three neighbours.
    expect(exploreMachine(switches, { events, maxDepth: 1 })).toMatchObject({ states: 4, bound: 'depth' });
  });

  it('counts a final state and a guarded loop', () => {
    // idle -GO-> running (count < 2 loops on TICK, then done); 1 + 3 + 1 states: idle, running×3, done.
    const m = setup({ types: { context: {} as { n: number } } }).createMachine({
      initial: 'idle',
      context: { n: 0 },
      states: {
        idle: { on: { GO: 'running' } },
        running: {
          always: { guard: ({ context }) => context.n >= 2, target: 'done' },
          on: { TICK: { actions: assign({ n: ({ context }) => context.n + 1 }) } },
        },
        done: { type: 'final' },
      },
    });
    const space = exploreMachine(m, { events: [{ type: 'GO' }, { type: 'TICK' }] });
    expect(space.states).toBe(4); // idle(0), running(0), running(1), done(2)
    expect(space.list.map((s) => s.value)).toEqual(['idle', 'running', 'running', 'done']);
  });
});

describe('explore on scenarios', () => {
  it('sees the same space on both engines', () => {
    const options = { actors: ['france'], replay: false } as const;
    const kernel = explore(flagship, options);
    const xstate = explore(flagship, { ...options, engine: 'xstate' });
    expect(kernel.bound).toBeNull();
    expect({ ...kernel, verdicts: null, fieldValues: null }).toEqual({
      ...xstate,
      verdicts: null,
      fieldValues: null,
    });
    expect(kernel.states).toBeGreaterThan(50);
  });

  it('sees the same space on both engines when refusals are remembered across many states', () => {
    const options = { actors: ['osce', 'france'], depth: 2, replay: false } as const;
    const kernel = explore(flagship, options);
    const xstate = explore(flagship, { ...options, engine: 'xstate' });
    expect(kernel.verdicts!.hits).toBeGreaterThan(kernel.verdicts!.misses);
    expect([kernel.states, kernel.edges, kernel.violations, kernel.outcomes]).toEqual([
      xstate.states,
      xstate.edges,
      xstate.violations,
      xstate.outcomes,
    ]);
  });

  it('catches a wrong invariant with a shortest counterexample that replays to it', () => {
    const result = explore(wrong, { actors: ['osce'], maxStates: 20_000 });
    const v = result.violations.find((x) => x.invariant === 'france-co-chairs');
    expect(v).toBeDefined();
    // Consult on excluding France, let a day pass (R2), exclude: three moves, one day.
    expect(v!.path.moves.map((m) => m.type)).toEqual([
      'format.consult',
      'clock.dayElapsed',
      'mediator.exclude',
    ]);
    expect(v!.path.days).toBe(1);
    // Nothing shorter breaks it.
    const shallow = explore(wrong, { actors: ['osce'], depth: 2, replay: false });
    expect(shallow.violations.map((x) => x.invariant)).not.toContain('france-co-chairs');
    // The file replays to the same violation, as any scenario file would be read.
    const replayed = runScenario(parseScenario(v!.path.replay!.file, 'counterexample.yaml'));
    expect(replayed.state.violations.map((x) => x.invariant)).toContain('france-co-chairs');
    // No built-in invariant breaks on any path found.
    expect(result.violations.filter((x) => x.builtIn)).toEqual([]);
  });

  it('finds the shortest path to an outcome, and proves an outcome unreachable when it saw every state', () => {
    const osce = explore(flagship, { actors: ['osce'], depth: 3 });
    const excluded = osce.outcomes.find((o) => o.id === 'france-excluded')!;
    expect(excluded.reachable).toBe(true);
    expect(excluded.path!.moves).toHaveLength(3);
    expect(
      excluded.path!.replay!.result.outcome.outcomes.find((o) => o.id === 'france-excluded')!.reached,
    ).toBe(true);

    const france = explore(flagship, { actors: ['france'], replay: false });
    expect(france.bound).toBeNull();
    const access = france.outcomes.find((o) => o.id === 'access-unfettered')!;
    expect(access).toMatchObject({ reachable: false, path: null });
    expect(france.regionStates.unreached).toContain('access:unfettered');
  });

  it('says "not found" rather than "unreachable" when a bound cut the search short', () => {
    const r = explore(flagship, { maxStates: 10, replay: false });
    expect(r.bound).toBe('max-states');
    expect(r.states).toBe(10);
    for (const o of r.outcomes) expect(o.reachable === null || o.reachable === true).toBe(true);
  });

  it('refuses bad options with a message that says what to do', () => {
    expect(() => explore(flagship, { actors: ['frnace'] })).toThrow(/not an actor.*use one of/);
    expect(() => explore(flagship, { maxStates: 0 })).toThrow(RangeError);
    expect(() => explore(flagship, { whatIf: 'nope' })).toThrow(/nope/);
  });
});
