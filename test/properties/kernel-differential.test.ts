import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { type AnyActorScope, and, assign, createActor, createMachine, raise, setup, stateIn } from 'xstate';
import { compileMachine, KernelCompileError } from '../../src/kernel/compile-machine.js';
import { createKernelStepper } from '../../src/kernel/kernel-stepper.js';
import {
  eventStream,
  flagshipFile,
  loadShipped,
  scenarioWorld,
  seed,
  smallWorld,
  walk,
} from './arbitraries.js';

const kernel = createKernelStepper();
const worlds = [smallWorld(), scenarioWorld(loadShipped(flagshipFile))];

describe('createKernelStepper on the world statechart', () => {
  for (const world of worlds) {
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

describe('compileMachine on a synthetic machine with every supported feature', () => {
  const kernel = compileMachine(synthetic);
  test.prop([fc.array(fc.constantFrom('go', 'inc', 'stop', 'ping'), { maxLength: 30 })], {
    numRuns: 200,
    seed,
  })('should agree with XState after every event', (types) => {
    const scope = (createActor(synthetic) as unknown as { _actorScope: AnyActorScope })._actorScope;
    let snapshot = synthetic.getInitialSnapshot(scope);
    let plain = { value: snapshot.value as unknown, context: snapshot.context as Record<string, unknown> };
    for (const type of types) {
      snapshot = synthetic.transition(snapshot, { type } as never, scope);
      const next = kernel.transition(plain.value, plain.context, { type });
      plain = { value: next.value, context: next.context };
      expect(plain).toEqual({ value: snapshot.value, context: snapshot.context });
    }
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
});
