import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../../src/scenario/parse.js';
import { runScenario } from '../../../src/sim/run-scenario.js';

/** A format whose appointing authority is `cio`, a side format mediated by m1, and two parties. */
function world(injects: object[]) {
  return parseScenario(
    JSON.stringify({
      id: 'seats',
      title: 'Mediators take, decline and leave their seats',
      calendar: { start: '2030-01-01', end: '2030-01-06' },
      regions: ['talks', 'format'],
      actors: {
        a: { name: 'A', kind: 'state' },
        b: { name: 'B', kind: 'state' },
        m1: { name: 'M1', kind: 'state' },
        m2: { name: 'M2', kind: 'state' },
        x: { name: 'X', kind: 'state' },
        cio: { name: 'the Chair', kind: 'institution' },
      },
      formats: {
        group: { name: 'the group', mediators: ['m1', 'm2'], parties: ['a', 'b'], appointedBy: 'cio' },
        solo: { name: 'the solo format', mediators: ['m1'], parties: ['a', 'b'] },
      },
      initial: {
        activeFormat: 'group',
        liveFormats: ['group', 'solo'],
        consents: { a: ['m1', 'm2', 'x'], b: ['m1', 'm2', 'x'] },
      },
      injects: injects.map((inj, i) => ({
        id: `i${i}`,
        date: '2030-01-01',
        hypothetical: true,
        text: `move ${i}`,
        ...inj,
      })),
    }),
    'seats.json',
  );
}

const appointX = [
  { by: 'cio', do: { type: 'format.consult', action: 'appoint', mediator: 'x' } },
  { by: 'cio', date: '2030-01-02', do: { type: 'mediator.appoint', mediator: 'x' } },
];
const refusals = (r: ReturnType<typeof runScenario>) => r.trace.map((e) => e.refusal?.code ?? null);

describe('an appointed mediator (R15)', () => {
  it('should take its seat only when it accepts, and until then not count among the mediators', () => {
    const pending = runScenario(
      world([...appointX, { by: 'x', date: '2030-01-02', do: { type: 'talks.convene' } }]),
    );
    expect(pending.world.context.formats.group?.mediators).toEqual(['m1', 'm2']);
    expect(pending.world.context.formats.group?.invited).toEqual(['x']);
    expect(refusals(pending).at(-1)).toBe('role/not-mediator');

    const seated = runScenario(
      world([...appointX, { by: 'x', date: '2030-01-03', do: { type: 'mediator.accept' } }]),
    );
    expect(seated.world.context.formats.group?.mediators).toEqual(['m1', 'm2', 'x']);
    expect(seated.world.context.formats.group?.invited).toEqual([]);
    expect(seated.trace.at(-1)?.rules).toContain('R15');
    expect(seated.outcome.story.format?.joined).toEqual(['x']);
  });

  it('should let the appointee decline, leaving the format as it was', () => {
    const result = runScenario(
      world([...appointX, { by: 'x', date: '2030-01-03', do: { type: 'mediator.decline' } }]),
    );
    expect(refusals(result)).toEqual([null, null, null]);
    expect(result.world.context.formats.group?.mediators).toEqual(['m1', 'm2']);
    expect(result.world.context.formats.group?.invited).toEqual([]);
  });

  it('should refuse accepting or declining a seat nobody offered, citing R15', () => {
    const result = runScenario(
      world([
        { by: 'x', do: { type: 'mediator.accept' } },
        { by: 'a', do: { type: 'mediator.decline', format: 'solo' } },
      ]),
    );
    expect(result.trace.map((e) => e.refusal?.rule)).toEqual(['R15', 'R15']);
    expect(result.trace[0]?.refusal?.reason).toBe('X has no appointment to the group to accept or decline');
  });

  it('should refuse a second appointment of an actor who has yet to answer the first', () => {
    const result = runScenario(
      world([
        ...appointX,
        { by: 'cio', date: '2030-01-02', do: { type: 'format.consult', action: 'appoint', mediator: 'x' } },
      ]),
    );
    expect(refusals(result)).toEqual([null, null, null]);
    const again = runScenario(
      world([
        ...appointX,
        { by: 'cio', date: '2030-01-03', do: { type: 'mediator.appoint', mediator: 'x' } },
      ]),
    );
    expect(again.trace.at(-1)?.refusal?.reason).toMatch(/already appointed and has yet to accept|consulted/);
  });
});

describe('a mediator who resigns (R15)', () => {
  it("should leave the active format's table, and its call lapse, so the others convene without it", () => {
    const result = runScenario(
      world([
        { by: 'm1', do: { type: 'talks.convene' } },
        { by: 'm1', do: { type: 'mediator.resign' } },
        { by: 'm2', do: { type: 'talks.convene' } },
      ]),
    );
    expect(refusals(result)).toEqual([null, null, null]);
    expect(result.world.context.formats.group?.mediators).toEqual(['m2']);
    expect(result.outcome.regions.talks).toBe('convened');
    expect(result.world.context.talks.mediators).toEqual(['m2']);
    expect(result.outcome.story.format?.left).toEqual(['m1']);
    expect(result.world.context.excluded).toEqual([]);
  });

  it('should leave only the format it names, side by side with the others', () => {
    const result = runScenario(
      world([
        { by: 'm1', do: { type: 'mediator.resign', format: 'solo' } },
        { by: 'm1', do: { type: 'talks.convene', format: 'solo' } },
      ]),
    );
    expect(result.world.context.formats.solo?.mediators).toEqual([]);
    expect(result.world.context.formats.group?.mediators).toEqual(['m1', 'm2']);
    // With no mediator left, the solo format's talks are direct: a party convenes them, not m1.
    expect(result.trace[1]?.refusal?.reason).toBe(
      'M1 is not a party to the solo format, whose talks are direct',
    );
  });

  it('should refuse a resignation from a seat the actor does not hold', () => {
    const result = runScenario(world([{ by: 'x', do: { type: 'mediator.resign' } }]));
    expect(result.trace[0]?.refusal).toMatchObject({ rule: 'R15', code: 'role/not-mediator' });
    expect(result.trace[0]?.refusal?.reason).toBe('X holds no seat as a mediator of the group');
  });
});
