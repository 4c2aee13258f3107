import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { defaultWorld } from '../../src/machines/compose-world.js';
import { regionState } from '../../src/model/context.js';

const regions = defaultWorld().tracks.map((t) => t.path);

import {
  eventStream,
  type Step,
  seed,
  shippedWorlds,
  smallWorld,
  type WorldFixture,
  walk,
} from './arbitraries.js';
import { invariants, refusalAgreesWithXState, type StepInvariant } from './world-invariants.js';

const numRuns = 100;
const stream = eventStream(100);

/** Every distinct initial world: the small world, and each shipped scenario and what-if (deduplicated). */
function worlds(): WorldFixture[] {
  const byStart = new Map<string, WorldFixture[]>();
  for (const world of [smallWorld(), ...shippedWorlds()]) {
    const key = JSON.stringify(world.initial);
    byStart.set(key, [...(byStart.get(key) ?? []), world]);
  }
  return [...byStart.values()].map(([first, ...same]) =>
    same.length === 0 ? first! : { ...first!, name: `${first!.name} (the start of ${same.length} more)` },
  );
}

const table: [string, StepInvariant][] = [
  ...Object.entries(invariants),
  ['refusals agree with XState: the statechart would not move either', refusalAgreesWithXState()],
];

/** What the walks reached, so that the coverage test can tell the properties are not vacuous. */
const coverage = { walks: 0, reached: new Set<string>(), refusals: new Set<string>() };

function record(step: Step) {
  for (const r of regions) coverage.reached.add(`${r}:${regionState(step.outcome.state.value, r)}`);
  if (step.outcome.refusal) coverage.refusals.add(step.outcome.refusal.code);
}

const fixtures = worlds();

for (const world of fixtures) {
  describe(`world invariants over random event streams from ${world.name}`, () => {
    test.prop([stream], { numRuns, seed })(
      'should hold I1-I7, I11 and settledness after every step',
      (specs) => {
        coverage.walks++;
        const events: string[] = [];
        for (const step of walk(world.stepper, world.initial, specs)) {
          record(step);
          events.push(JSON.stringify(step.event));
          for (const [name, holds] of table) {
            const broken = holds(step, world.stepper);
            if (broken !== null) {
              throw new Error(
                `${name}: ${broken}\n  after the events:\n    ${events.join('\n    ')}\n  before: ${JSON.stringify(step.before.value)}\n  after: ${JSON.stringify(step.outcome.state.value)}`,
              );
            }
          }
        }
      },
    );
  });
}

describe('eventStream', () => {
  it('should reach the deep states and refusals the invariants speak about, so they are not vacuous', () => {
    // The properties above record what they reached; walk again only when they did not all run (-t).
    if (coverage.walks < numRuns * fixtures.length) {
      for (const world of fixtures)
        for (const specs of fc.sample(stream, { numRuns, seed }))
          for (const step of walk(world.stepper, world.initial, specs)) record(step);
    }
    const missing = (wanted: string[], got: Set<string>) => wanted.filter((w) => !got.has(w));
    expect(
      missing(
        [
          'talks:convened',
          'talks:stalled',
          'talks:settled',
          'status:interim',
          'status:final',
          'hostilities:war',
          'format.mandate:replaced',
          'format.mandate:closed',
          'format.composition:mediatorExcluded',
          'monitoring:peacekeepersAndJointCentre',
          'access:unfettered',
        ],
        coverage.reached,
      ),
    ).toEqual([]);
    expect([...coverage.refusals]).toEqual(
      expect.arrayContaining([
        'actor/unknown',
        'actor/not-clock',
        'move/not-available',
        'role/not-state',
        'recognition/not-executive',
      ]),
    );
  });
});
