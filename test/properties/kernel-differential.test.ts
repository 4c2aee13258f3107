import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  type AnyActorScope,
  type AnyStateMachine,
  and,
  assign,
  createActor,
  createMachine,
  not,
  or,
  raise,
  setup,
  stateIn,
} from 'xstate';
import { compileMachine, KernelCompileError } from '../../src/kernel/compile-machine.js';
import { candidateMoves } from '../../src/machines/compose-world.js';
import { createKernelStepper } from '../../src/steppers/kernel-stepper.js';
import {
  eventStream,
  flagshipFile,
  loadShipped,
  scenarioWorld,
  seed,
  smallWorld,
  walk,
} from './arbitraries.js';

const worlds = [smallWorld(), scenarioWorld(loadShipped(flagshipFile))];

describe('createKernelStepper on the world statechart', () => {
  for (const world of worlds) {
    const kernel = createKernelStepper(world.stepper.world);
    test.prop([eventStream(30)], { numRuns: 12, seed })(
      `should judge every candidate move of every actor as the XState stepper does (${world.name})`,
      (specs) => {
        for (const step of walk(world.stepper, world.initial, specs)) {
          const state = step.outcome.state;
          for (const actor of Object.keys(state.context.actors)) {
            for (const move of candidateMoves(state.context, actor, world.stepper.world)) {
              const mine = kernel.check(state, move);
              const theirs = world.stepper.check(state, move);
              expect({ accepted: mine.accepted, rules: mine.rules, refusal: mine.refusal }).toEqual(theirs);
            }
          }
        }
      },
    );
    test.prop([eventStream(60)], { numRuns: 60, seed })(
      `should agree with the XState stepper after every event, refusals included (${world.name})`,
      (specs) => {
        let state = kernel.initial(world.initial.value, world.initial.context);
        for (const step of walk(world.stepper, world.initial, specs)) {
          const mine = kernel.step(state, step.event);
          expect({ ...mine, state: { value: mine.state.value, context: mine.state.context } }).toEqual({
            ...step.outcome,
            state: { value: step.outcome.state.value, context: step.outcome.state.context },
          });
          state = mine.state;
        }
      },
    );
  }
});

/** A synthetic machine using every supported feature: nested parallel regions, eventless chains, final states, stateIn, raise. */
const synthetic = setup({
  types: {} as {
    context: { n: number; log: string[] };
    events:
      | { type: 'go' }
      | { type: 'inc' }
      | { type: 'stop' }
      | { type: 'ping' }
      | { type: 'echo'; times: number };
  },
  guards: {
    isBig: ({ context }) => context.n >= 3,
    isSmall: ({ context }) => context.n < 3,
    inB2: stateIn('#s.a.right.b2'),
    bigAndInB2: and(['isBig', 'inB2']),
  },
  actions: {
    count: assign({ n: ({ context }) => context.n + 1 }),
    note: assign(({ context, event }) => ({ log: [...context.log, `n=${context.n} on ${event.type}`] })),
    pingBack: raise({ type: 'inc' }),
    echo: raise(({ context }) => ({ type: 'echo' as const, times: context.n })),
  },
}).createMachine({
  id: 's',
  type: 'parallel',
  context: { n: 0, log: [] },
  states: {
    a: {
      type: 'parallel',
      states: {
        left: {
          initial: 'l1',
          states: {
            l1: { on: { go: { target: 'l2', actions: 'note' } } },
            l2: { always: { target: 'l3', guard: 'isBig', actions: 'note' } },
            l3: { always: { target: 'done', guard: 'inB2' } },
            done: { type: 'final' },
          },
        },
        right: {
          initial: 'b1',
          states: {
            b1: { on: { inc: { actions: 'count' } }, always: { target: 'b2', guard: 'isBig' } },
            b2: { on: { go: { target: 'b1', guard: 'isSmall' } } },
          },
        },
      },
    },
    c: {
      initial: 'c1',
      on: { stop: { target: '.c3' } },
      states: {
        c1: { always: { target: 'c2', guard: 'bigAndInB2' } },
        c2: {
          on: {
            inc: { actions: ['count', 'note'] },
            ping: { actions: ['pingBack', 'echo', 'note'] },
            echo: { actions: 'note' },
          },
        },
        c3: { type: 'final' },
      },
    },
  },
});

/**
 * A machine built to make transitions conflict: an eventless transition on a parallel state that targets
 * a sibling region while a child region has its own, one event handled in several regions with
 * overlapping exit sets, re-entering and self transitions, several targets, guards that read the
 * raised event, and `or`/`not` guards.
 */
const conflicts = setup({
  types: {} as {
    context: { n: number; seen: string[] };
    events: { type: 'a' } | { type: 'b' } | { type: 'c' } | { type: 'd' };
  },
  guards: {
    odd: ({ context }) => context.n % 2 === 1,
    even: not('odd'),
    many: ({ context }) => context.n > 4,
    oddOrMany: or(['odd', 'many']),
    onRaised: ({ event }) => event.type === 'd',
  },
  actions: {
    bump: assign({ n: ({ context }) => context.n + 1 }),
    reset: assign({ n: 0 }),
    see: assign(({ context, event }) => ({ seen: [...context.seen.slice(-3), event.type] })),
    raiseD: raise({ type: 'd' }),
  },
}).createMachine({
  id: 'x',
  type: 'parallel',
  context: { n: 0, seen: [] },
  states: {
    p: {
      type: 'parallel',
      always: { target: '#x.q.q2', guard: 'many', actions: 'reset' },
      on: { c: { target: '#x.q.q1', actions: 'see' } },
      states: {
        r: {
          initial: 'r1',
          states: {
            r1: { on: { a: { target: 'r2', actions: 'bump' } } },
            r2: {
              always: { target: 'r3', guard: 'odd', actions: 'bump' },
              on: {
                a: { target: 'r1', reenter: true, actions: 'see' },
                b: { target: '#x.q.q2', actions: 'bump' },
              },
            },
            r3: { on: { a: { target: 'r3', reenter: true, actions: 'bump' }, d: 'r1' } },
          },
        },
        s: {
          initial: 's1',
          states: {
            s1: { on: { b: { target: 's2', actions: ['bump', 'raiseD'] }, a: { actions: 'see' } } },
            s2: { always: { target: 's1', guard: 'onRaised' }, on: { c: 's1', a: { target: 's2' } } },
          },
        },
      },
    },
    q: {
      initial: 'q1',
      on: { d: { target: ['#x.p.r.r2', '#x.q.q2'], guard: 'even', actions: 'bump' } },
      states: {
        q1: { on: { a: { target: 'q2', guard: 'oddOrMany', actions: 'bump' } } },
        q2: {
          on: { b: { target: 'q1', actions: 'see' }, c: { target: 'q2', reenter: true, actions: 'bump' } },
        },
      },
    },
  },
});

/** A machine whose root completes: done events reach eventless guards, and a done machine runs no eventless transitions. */
const finishing = createMachine({
  id: 'f',
  initial: 'run',
  context: { k: 0 },
  on: { reset: { target: '.run', actions: assign({ k: ({ context }) => context.k + 1 }) } },
  states: {
    run: {
      type: 'parallel',
      always: { target: 'over', guard: ({ event }) => event.type === 'xstate.done.state.f.run' },
      states: {
        u: { initial: 'u1', states: { u1: { on: { a: 'u2' } }, u2: { type: 'final' } } },
        v: {
          initial: 'v1',
          states: {
            v1: { on: { b: 'v2' }, always: { target: 'v2', guard: ({ context }) => context.k > 2 } },
            v2: { type: 'final' },
          },
        },
      },
    },
    over: { type: 'final' },
  },
});

/** XState's `machine.transition` and the kernel, event after event: same value (key order too), context and status. */
function agreeOn(machine: AnyStateMachine, types: readonly string[]) {
  const kernel = compileMachine(machine);
  const scope = (createActor(machine) as unknown as { _actorScope: AnyActorScope })._actorScope;
  let snapshot = machine.getInitialSnapshot(scope);
  let plain = {
    value: snapshot.value as unknown,
    context: snapshot.context as Record<string, unknown>,
    done: snapshot.status === 'done',
  };
  for (const type of types) {
    snapshot = machine.transition(snapshot, { type } as never, scope);
    const next = kernel.transition(plain.value, plain.context, { type }, plain.done);
    plain = { value: next.value, context: next.context, done: next.done };
    expect(plain).toEqual({
      value: snapshot.value,
      context: snapshot.context,
      done: snapshot.status === 'done',
    });
    expect(JSON.stringify(plain.value)).toBe(JSON.stringify(snapshot.value));
  }
}

describe('compileMachine on synthetic machines with every supported feature', () => {
  const cases = [
    [
      'nested parallel regions, eventless chains, final states, stateIn, raise',
      synthetic,
      ['go', 'inc', 'stop', 'ping'],
    ],
    ['conflicting transitions, re-entry, several targets, or/not guards', conflicts, ['a', 'b', 'c', 'd']],
    ['a root that completes, and done events', finishing, ['a', 'b', 'reset']],
  ] as const;
  for (const [name, machine, types] of cases) {
    test.prop([fc.array(fc.constantFrom(...types), { maxLength: 30 })], { numRuns: 300, seed })(
      `should agree with XState after every event: ${name}`,
      (events) => agreeOn(machine, events),
    );
  }

  it("should match XState when an eventless transition on a parallel state conflicts with a child region's", () => {
    const m = createMachine({
      id: 'm',
      type: 'parallel',
      states: {
        p: {
          type: 'parallel',
          always: { target: '#m.q.q2' },
          states: {
            r: { initial: 'x', states: { x: { on: { GO: 'y' } }, y: { always: 'z' }, z: {} } },
            r2: { initial: 'w', states: { w: {} } },
          },
        },
        q: { initial: 'q1', states: { q1: {}, q2: {} } },
      },
    });
    const kernel = compileMachine(m);
    const next = kernel.transition({ p: { r: 'x', r2: 'w' }, q: 'q1' }, {}, { type: 'GO' });
    // XState takes the child region's transition first (it preempts p's), then p's, which re-enters p.
    expect(next.value).toEqual({ p: { r: 'x', r2: 'w' }, q: 'q2' });
  });

  it('should leave its input untouched and hand out frozen values', () => {
    const kernel = compileMachine(conflicts);
    const context = { n: 0, seen: [] as string[] };
    const value = { p: { r: 'r1', s: 's1' }, q: 'q1' };
    const next = kernel.transition(value, context, { type: 'a' });
    expect(context).toEqual({ n: 0, seen: [] });
    expect(value).toEqual({ p: { r: 'r1', s: 's1' }, q: 'q1' });
    expect(Object.isFrozen(next.value)).toBe(true);
    expect(next.value).toEqual({ p: { r: 'r3', s: 's1' }, q: 'q1' });
    expect(kernel.select(next.value, next.context, { type: 'a' }).map((t) => t.source)).toEqual([
      'x.p.r.r3',
      'x.p.s.s1',
    ]);
  });
});

describe('KernelCompileError', () => {
  it('should name the unsupported feature and the state node', () => {
    const withRaise = createMachine({
      id: 'r',
      initial: 'a',
      states: { a: { on: { go: { target: 'b', actions: raise({ type: 'x' }, { delay: 100 }) } } }, b: {} },
    });
    expect(() => compileMachine(withRaise)).toThrow(KernelCompileError);
    expect(() => compileMachine(withRaise)).toThrow(/"delayed raise" at state node "r.a"/);
    const withEntry = createMachine({ id: 'e', initial: 'a', states: { a: { entry: assign({}) } } });
    expect(() => compileMachine(withEntry)).toThrow(/"entry actions" at state node "e.a"/);
  });

  const unsupported: [string, AnyStateMachine, string, string][] = [
    [
      'after',
      createMachine({ id: 'm', initial: 'a', states: { a: { after: { 10: 'b' } }, b: {} } }),
      'delayed transitions (after)',
      'm.a',
    ],
    [
      'history',
      createMachine({ id: 'm', initial: 'a', states: { a: {}, h: { type: 'history' } } }),
      'history state',
      'm.h',
    ],
    [
      'wildcard',
      createMachine({ id: 'm', initial: 'a', states: { a: { on: { '*': 'b' } }, b: {} } }),
      'wildcard event "*"',
      'm.a',
    ],
    [
      'onDone',
      createMachine({
        id: 'm',
        initial: 'a',
        states: { a: { initial: 'x', states: { x: { type: 'final' } }, onDone: 'b' }, b: {} },
      }),
      'event "xstate.done.state.m.a"',
      'm.a',
    ],
    [
      'a side effect',
      createMachine({ id: 'm', initial: 'a', states: { a: { on: { go: { actions: () => {} } } } } }),
      'action',
      'm.a',
    ],
    [
      'guard params',
      setup({ guards: { atLeast: (_, p: { n: number }) => p.n > 0 } }).createMachine({
        id: 'm',
        initial: 'a',
        states: { a: { on: { go: { target: 'b', guard: { type: 'atLeast', params: { n: 1 } } } } }, b: {} },
      }),
      'guard params',
      'm.a',
    ],
  ];
  for (const [name, machine, feature, node] of unsupported) {
    it(`should refuse ${name}, naming the feature and the state node`, () => {
      let error: unknown;
      try {
        compileMachine(machine);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(KernelCompileError);
      expect((error as KernelCompileError).feature.startsWith(feature)).toBe(true);
      expect((error as KernelCompileError).stateNode).toBe(node);
    });
  }
});
