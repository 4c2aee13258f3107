import { afterEach, describe, expect, it } from 'vitest';
import { and, not, or, setup, stateIn } from 'xstate';
import { compileMachine } from '../../../src/kernel/compile-machine.js';

/**
 * A minifier renames functions. The kernel must recognise XState's built-in guards by what they are,
 * not by their function names, or a bundled playground cannot compile the world statechart.
 */
const builtins = [and([]), or([]), not(() => true), stateIn('#x')].map(
  (g) => (g as unknown as { check: { name: string } }).check,
);
const names = builtins.map((f) => f.name);
const rename = (to: (i: number) => string) =>
  builtins.forEach((f, i) => Object.defineProperty(f, 'name', { value: to(i), configurable: true }));

afterEach(() => rename((i) => names[i]!));

/** A guard as a minifier leaves it: its function renamed. */
function minified<T>(guard: T): T {
  Object.defineProperty(guard, 'name', { value: 't', configurable: true });
  return guard;
}

describe('the kernel under a minifier', () => {
  it('compiles and steps and/or/not/stateIn guards whose functions were renamed', () => {
    rename((i) => 't'.repeat(i + 1));
    const machine = setup({
      guards: { yes: () => true, no: () => false },
    }).createMachine({
      type: 'parallel',
      states: {
        a: { initial: 'off', states: { off: { on: { GO: 'on' } }, on: { id: 'aOn' } } },
        b: {
          initial: 'idle',
          states: {
            idle: {
              on: {
                NEXT: {
                  target: 'done',
                  guard: minified(
                    and(['yes', minified(not('no')), minified(or(['no', minified(stateIn('#aOn'))]))]),
                  ),
                },
              },
            },
            done: {},
          },
        },
      },
    });
    const kernel = compileMachine(machine);
    const start = machine.getInitialSnapshot(undefined as never) as unknown as { value: unknown };
    // Refused while a is off (stateIn fails), taken once it is on.
    const refused = kernel.transition(start.value, {}, { type: 'NEXT' });
    expect(refused.taken).toBe(false);
    const on = kernel.transition(start.value, {}, { type: 'GO' });
    const next = kernel.transition(on.value, {}, { type: 'NEXT' });
    expect(next.value).toEqual({ a: 'on', b: 'done' });
  });
});
