import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { createWorldCodec } from '../../src/explore/explore-codec.js';
import { predicateAtoms } from '../../src/explore/predicate-atoms.js';
import { compileMachine } from '../../src/kernel/compile-machine.js';
import { candidateMoves } from '../../src/machines/compose-world.js';
import type { WorldContext, WorldState } from '../../src/model/context.js';
import { evaluate } from '../../src/model/predicate.js';
import { CLOCK, type WorldEvent } from '../../src/regions/events.js';
import { scenarioWorld as composedWorld } from '../../src/scenario/world.js';
import { initialContext, initialValue } from '../../src/sim/initial-world.js';
import { worldInvariants } from '../../src/sim/world-invariants.js';
import { createKernelStepper } from '../../src/steppers/kernel-stepper.js';
import { eventStream, loadShipped, seed, walk } from './arbitraries.js';

/**
 * The abstraction of `explore` is exact: a world and its canonical form (what exploration steps) take
 * the same moves to worlds with the same key, and no rule, invariant or predicate of the scenario can
 * tell them apart. By induction over paths, exploring canonical worlds finds exactly the abstract states
 * and verdicts of the real ones. Judged on worlds reached by random walks of all actors, day ticks
 * included, on every shipped scenario's start.
 */
const files = [
  'scenarios/karabakh/format-week-2020.yaml',
  'scenarios/karabakh/what-ifs/ceasefire-collapses.yaml',
];
const tick: WorldEvent = { type: 'clock.dayElapsed', by: CLOCK };

describe.each(files)('the abstraction of %s', (file) => {
  const scenario = loadShipped(file);
  const data = scenario.data;
  const world = composedWorld(data);
  const kernel = compileMachine(world.machine);
  const stepper = createKernelStepper(world);
  const predicates = [
    ...data.invariants.map((i) => i.holds),
    ...Object.values(data.outcomes).map((o) => o.when),
  ];
  const codec = createWorldCodec(initialContext(data), predicateAtoms(predicates), world.tracks);
  const start = stepper.initial(initialValue(data), initialContext(data));
  const history = codec.startHistory(start.value);
  const alphabet = (ctx: WorldContext) => [
    ...Object.keys(data.actors).flatMap((a) => candidateMoves(ctx, a, world)),
    tick,
  ];
  const key = (w: WorldState) => codec.encode(w, history);
  const subject = (w: WorldState) => ({
    regionPath: world.regionPath,
    value: w.value,
    context: w.context,
    reached: new Set<string>(),
    moves: [],
  });

  test.prop([eventStream(40), fc.nat({ max: 1000 })], { numRuns: 25, seed })(
    'a world and its canonical form move alike and look alike',
    (specs, offset) => {
      const worlds = [start, ...[...walk(stepper, start, specs)].map((s) => s.outcome.state)];
      for (const raw of worlds.filter((_, i) => (i + offset) % 4 === 0)) {
        const canonical = codec.decode(key(raw)).world;
        expect(key(canonical)).toBe(key(raw));
        for (const p of predicates) expect(evaluate(p, subject(canonical))).toBe(evaluate(p, subject(raw)));
        for (const inv of worldInvariants)
          if (inv.kind === 'state') expect(inv.check(canonical)).toBe(inv.check(raw));
        const moves = alphabet(raw.context);
        for (let i = offset % 3; i < moves.length; i += 3) {
          const move = moves[i]!;
          const a = kernel.transition(raw.value, raw.context as never, move);
          const b = kernel.transition(canonical.value, canonical.context as never, move);
          expect(b.taken, `${move.type} by ${move.by}`).toBe(a.taken);
          if (!a.taken) continue;
          const next = (r: typeof a) => ({ value: r.value, context: r.context }) as unknown as WorldState;
          expect(key(next(b)), `${move.type} by ${move.by} leads to different abstract states`).toBe(
            key(next(a)),
          );
        }
      }
    },
  );
});
