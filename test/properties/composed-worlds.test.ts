import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { CLOCK, type WorldEvent } from '../../src/regions/events.js';
import { builtinRegionIds } from '../../src/regions/library.js';
import { initialContext, initialValue } from '../../src/scenario/initial-world.js';
import { parseScenario } from '../../src/scenario/parse.js';
import { scenarioWorld } from '../../src/scenario/world.js';
import { brokenInvariants } from '../../src/sim/world-invariants.js';
import { createKernelStepper } from '../../src/steppers/kernel-stepper.js';
import { createXStateStepper } from '../../src/steppers/xstate-stepper.js';
import { seed } from './arbitraries.js';

/**
 * Worlds nobody wrote: random subsets of the region library plus random custom regions declared as a
 * scenario file would declare them. Each must validate, and the compiled kernel must agree with XState
 * after every event, refusals included, with the built-in invariants holding. A new library module is
 * covered with no change here.
 */

interface CustomSpec {
  readonly states: number;
  readonly moves: readonly { readonly by: 0 | 1 | 2 }[];
  readonly transitions: readonly {
    readonly move: number | null;
    readonly from: number | null;
    readonly to: number | null;
    readonly guard: number;
    readonly guardState: number;
    readonly day: number;
  }[];
}

const customSpec: fc.Arbitrary<CustomSpec> = fc.record({
  states: fc.integer({ min: 2, max: 4 }),
  moves: fc.array(fc.record({ by: fc.constantFrom(0 as const, 1 as const, 2 as const) }), {
    minLength: 1,
    maxLength: 3,
  }),
  transitions: fc.array(
    fc.record({
      move: fc.option(fc.nat(5), { freq: 3 }),
      from: fc.option(fc.nat(5)),
      to: fc.option(fc.nat(5)),
      guard: fc.nat(5),
      guardState: fc.nat(5),
      day: fc.nat(4),
    }),
    { maxLength: 6 },
  ),
});

const selectors = [undefined, ['role:party'], ['kind:state', 'inst']];

/** A predicate from the language scenario files use: custom region states, days, roles. */
function guardOf(kind: number, ids: readonly string[], states: readonly string[][], n: number, day: number) {
  const r = n % ids.length;
  const inState = { in: { [ids[r]!]: states[r]![n % states[r]!.length]! } };
  switch (kind % 6) {
    case 0:
      return undefined;
    case 1:
      return inState;
    case 2:
      return { dayAtLeast: day };
    case 3:
      return { not: inState };
    case 4:
      return { any: [{ atTable: 'a' }, { dayAtMost: day }] };
    default:
      return { all: [{ mediates: { actor: 'm' } }, inState] };
  }
}

function scenarioText(regions: readonly string[], custom: readonly CustomSpec[]): string {
  const ids = custom.map((_, i) => `r${i}`);
  const states = custom.map((c) => Array.from({ length: c.states }, (_, k) => `s${k}`));
  const customRegions: Record<string, unknown> = {};
  custom.forEach((c, i) => {
    const moves = Object.fromEntries(
      c.moves.map((m, k) => [
        `r${i}.m${k}`,
        { text: `makes move ${k} of r${i}`, rule: 'X1', ...(selectors[m.by] ? { by: selectors[m.by] } : {}) },
      ]),
    );
    const transitions = c.transitions.flatMap((t): Record<string, unknown>[] => {
      const from = t.from === null ? undefined : states[i]![t.from % c.states]!;
      const to = t.to === null ? undefined : states[i]![t.to % c.states]!;
      const guard = guardOf(t.guard, ids, states, t.guardState, t.day);
      if (t.move !== null)
        return [
          {
            on: `r${i}.m${t.move % c.moves.length}`,
            ...(from ? { from } : {}),
            ...(to ? { to } : {}),
            ...(guard ? { if: guard } : {}),
            rule: 'X1',
          },
        ];
      // Eventless transitions only go forward (s0 -> s1 -> ...), so they cannot cycle.
      const a = t.from === null ? 0 : t.from % c.states;
      const b = t.to === null ? c.states - 1 : t.to % c.states;
      if (a >= b) return [];
      // Not enabled on day 0, so the start is settled (a start that is not is refused, as it should be).
      const later = { dayAtLeast: t.day + 1 };
      return [
        { from: states[i]![a], to: states[i]![b], if: guard ? { all: [later, guard] } : later, rule: 'X1' },
      ];
    });
    customRegions[`r${i}`] = { states: states[i], initial: 's0', moves, transitions };
  });
  return JSON.stringify({
    id: 'random-world',
    title: 'A random world',
    calendar: { start: '2030-01-01', end: '2030-01-20' },
    regions,
    rules: { X1: { text: 'A rule of the random world.' } },
    customRegions,
    actors: {
      a: { name: 'A', kind: 'state', armed: true, territorial: true },
      b: { name: 'B', kind: 'state', armed: true, controlsGround: true },
      m: { name: 'M', kind: 'state' },
      inst: { name: 'The Institution', kind: 'institution' },
    },
    formats: {
      f: { name: 'F', auspices: 'inst', mediators: ['m'], parties: ['a', 'b'], appointedBy: 'inst' },
      g: { name: 'G', mediators: ['inst'], parties: ['a', 'b'] },
    },
    initial: { activeFormat: 'f' },
  });
}

const world = fc.record({
  regions: fc.subarray([...builtinRegionIds]),
  custom: fc.array(customSpec, { maxLength: 2 }),
  steps: fc.array(fc.record({ actor: fc.nat(4), move: fc.nat(400), tick: fc.boolean() }), { maxLength: 60 }),
});

describe('composed worlds', () => {
  test.prop([world], { numRuns: 60, seed })(
    'should validate, and step alike on the kernel and XState after every event, invariants holding',
    ({ regions, custom, steps }) => {
      const scenario = parseScenario(scenarioText(regions, custom), 'random.json');
      const composed = scenarioWorld(scenario.data);
      const reference = createXStateStepper(composed);
      const kernel = createKernelStepper(composed);
      let theirs = reference.initial(initialValue(scenario.data), initialContext(scenario.data));
      let mine = kernel.initial(theirs.value, theirs.context);
      const actors = Object.keys(scenario.data.actors);
      for (const s of steps) {
        const by = actors[s.actor % actors.length]!;
        const candidates = composed.candidateMoves(theirs.context, by);
        const event: WorldEvent =
          s.tick || candidates.length === 0
            ? { type: 'clock.dayElapsed', by: CLOCK }
            : candidates[s.move % candidates.length]!;
        const a = reference.step(theirs, event);
        const b = kernel.step(mine, event);
        expect({ accepted: b.accepted, rules: b.rules, refusal: b.refusal, changes: b.changes }).toEqual({
          accepted: a.accepted,
          rules: a.rules,
          refusal: a.refusal,
          changes: a.changes,
        });
        expect(b.state.value).toEqual(a.state.value);
        expect(b.state.context).toEqual(a.state.context);
        const broken = brokenInvariants({
          before: theirs,
          event,
          accepted: a.accepted,
          after: a.state,
          changes: a.changes,
        });
        expect(broken).toEqual([]);
        theirs = a.state;
        mine = b.state;
      }
      // Only the world's own regions are in its state.
      expect(Object.keys(theirs.value).sort()).toEqual(
        [...new Set(composed.tracks.map((t) => t.path.split('.')[0]!))].sort(),
      );
    },
  );
});
