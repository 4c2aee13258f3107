// The check that keeps the benchmark honest: the hand-written reducer, XState's machine.transition and
// the compiled kernel reach the same world after every event of a stream. Used by bench/run.mjs before
// timing anything, and by the test suite on a short stream.
import { isDeepStrictEqual } from 'node:util';
import { createActor } from 'xstate';
import { compileMachine, createWorldMachine } from '../dist/index.js';
import { fromValue, reduce, toValue } from './reducer.mjs';

/** `null` when all three agree on every walk; otherwise the first event where they do not, described. */
export function firstDisagreement(start, walks, machine = createWorldMachine()) {
  const kernel = compileMachine(machine);
  const scope = createActor(machine, { input: start.context })._actorScope;
  const initial = machine.resolveState({ value: start.value, context: start.context });
  for (const [w, events] of walks.entries()) {
    let k = { value: start.value, context: start.context };
    let r = fromValue(start.value, start.context);
    let snapshot = initial;
    for (const [i, e] of events.entries()) {
      k = kernel.transition(k.value, k.context, e);
      r = reduce(r, e);
      snapshot = machine.transition(snapshot, e, scope);
      const reducerAgrees = isDeepStrictEqual(toValue(r), k.value) && isDeepStrictEqual(r.context, k.context);
      const xstateAgrees =
        isDeepStrictEqual(snapshot.value, k.value) && isDeepStrictEqual(snapshot.context, k.context);
      if (!reducerAgrees || !xstateAgrees) {
        const who = reducerAgrees ? 'XState' : 'the reducer';
        return `${who} and the kernel disagree at walk ${w}, event ${i} (${JSON.stringify(e)})`;
      }
    }
  }
  return null;
}
