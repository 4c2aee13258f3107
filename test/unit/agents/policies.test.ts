import { describe, expect, it } from 'vitest';
import {
  type ReactiveRule,
  randomPolicy,
  rulesPolicy,
  scriptedPolicy,
} from '../../../src/agents/builtin-policies.js';
import { type ActorView, definePolicy, type Policy } from '../../../src/agents/policy.js';
import { builtinPolicies, createPolicyRegistry } from '../../../src/agents/registry.js';
import { openRng, seedRng } from '../../../src/agents/rng.js';
import type { TraceEntry } from '../../../src/agents/trace.js';
import { candidateMoves, defaultWorld } from '../../../src/machines/compose-world.js';
import type { WorldState } from '../../../src/model/context.js';
import { reachedKeys } from '../../../src/model/predicate.js';
import type { WorldEvent } from '../../../src/regions/events.js';
import { parseScenario } from '../../../src/scenario/parse.js';
import { runScenario } from '../../../src/sim/run-scenario.js';
import { createXStateStepper } from '../../../src/steppers/xstate-stepper.js';
import { smallContext, startValue } from '../../support/world.js';

const stepper = createXStateStepper();

function entry(seq: number, move: Record<string, unknown>, accepted = true): TraceEntry {
  return {
    seq,
    day: 0,
    date: '2020-12-10',
    origin: 'inject',
    move: move as unknown as WorldEvent,
    accepted,
    rules: [],
    changes: [],
  };
}

const proposeQuad = entry(0, { type: 'format.propose', by: 'turkey', format: 'quad' });

function viewOf(
  actor: string,
  news: TraceEntry[] = [],
  world: WorldState = stepper.initial(startValue, smallContext()),
) {
  return {
    actor,
    day: 1,
    date: '2020-12-11',
    world,
    news,
    history: news,
    reached: new Set(reachedKeys(world.value, defaultWorld().tracks)),
    regionPath: defaultWorld().regionPath,
    legalMoves: () => candidateMoves(world.context, actor).filter((m) => stepper.check(world, m).accepted),
  } satisfies ActorView;
}

function decideRules(rules: ReactiveRule[], view: ActorView, memory: readonly string[] = [], seed = 1) {
  return rulesPolicy.decide({ view, rng: openRng(seedRng(seed)), params: { rules }, memory });
}

describe('rulesPolicy', () => {
  const rejectTurkishMediation: ReactiveRule = {
    id: 'reject-turkish-mediation',
    on: { type: 'format.propose', format: 'quad' },
    do: { type: 'format.reject', format: '@event.format' },
  };

  it('should react to a matching move in the news, copying `@event.format` into its move', () => {
    const decision = decideRules([rejectTurkishMediation], viewOf('armenia', [proposeQuad]));
    expect(decision.intents).toEqual([
      {
        move: { by: 'armenia', type: 'format.reject', format: 'quad' },
        after: 0,
        because: 'reject-turkish-mediation',
      },
    ]);
    expect(decision.memory).toEqual(['reject-turkish-mediation']);
  });

  it('should copy `@event.by` from the triggering move', () => {
    const rule: ReactiveRule = {
      id: 'answer-proposer',
      on: { type: 'format.propose' },
      do: { type: 'visit.make', to: '@event.by' },
    };
    const decision = decideRules([rule], viewOf('azerbaijan', [proposeQuad]));
    expect(decision.intents.map((i) => i.move)).toEqual([
      { by: 'azerbaijan', type: 'visit.make', to: 'turkey' },
    ]);
  });

  it('should not react when a payload field of `on` differs', () => {
    const other = entry(0, { type: 'format.propose', by: 'turkey', format: 'six-country-platform' });
    expect(decideRules([rejectTurkishMediation], viewOf('armenia', [other])).intents).toEqual([]);
  });

  it('should not react when `on.by` names another actor', () => {
    const rule: ReactiveRule = { ...rejectTurkishMediation, on: { type: 'format.propose', by: 'russia' } };
    expect(decideRules([rule], viewOf('armenia', [proposeQuad])).intents).toEqual([]);
  });

  it('should ignore refused moves unless `onRefused` is set', () => {
    const refused = entry(0, { type: 'talks.convene', by: 'usa' }, false);
    const rule: ReactiveRule = {
      id: 'protest-failed-convening',
      on: { type: 'talks.convene' },
      do: { type: 'statement.issue', topic: 'the failed convening' },
    };
    expect(decideRules([rule], viewOf('france', [refused])).intents).toEqual([]);
    const onRefused = decideRules([{ ...rule, onRefused: true }], viewOf('france', [refused]));
    expect(onRefused.intents.map((i) => i.move)).toEqual([
      { by: 'france', type: 'statement.issue', topic: 'the failed convening' },
    ]);
  });

  it('should act only while its `if` condition holds', () => {
    const rule: ReactiveRule = {
      id: 'press-for-monitoring-centre',
      if: { in: { hostilities: 'war' } },
      do: { type: 'monitoring.openCentre' },
    };
    expect(decideRules([rule], viewOf('turkey')).intents).toEqual([]);
    const holding: ReactiveRule = { ...rule, if: { in: { hostilities: 'ceasefire' } } };
    expect(decideRules([holding], viewOf('turkey')).intents.map((i) => i.move)).toEqual([
      { by: 'turkey', type: 'monitoring.openCentre' },
    ]);
  });

  it('should delay its moves by `after` days', () => {
    const rule: ReactiveRule = {
      id: 'peacekeepers-restore-ceasefire',
      on: { type: 'ceasefire.violate' },
      after: 1,
      do: { type: 'ceasefire.restore' },
    };
    const violation = entry(0, { type: 'ceasefire.violate', by: 'azerbaijan', place: 'Hadrut' });
    expect(decideRules([rule], viewOf('russia', [violation])).intents).toEqual([
      {
        move: { by: 'russia', type: 'ceasefire.restore' },
        after: 1,
        because: 'peacekeepers-restore-ceasefire',
      },
    ]);
  });

  it('should make every move of a `do` list', () => {
    const rule: ReactiveRule = {
      id: 'back-and-visit',
      on: { type: 'format.propose', by: 'turkey' },
      do: [
        { type: 'format.endorse', format: '@event.format' },
        { type: 'visit.make', to: 'turkey' },
      ],
    };
    const moves = decideRules([rule], viewOf('azerbaijan', [proposeQuad])).intents.map((i) => i.move);
    expect(moves).toEqual([
      { by: 'azerbaijan', type: 'format.endorse', format: 'quad' },
      { by: 'azerbaijan', type: 'visit.make', to: 'turkey' },
    ]);
  });

  it('should fire a rule without `on` only once by default', () => {
    const rule: ReactiveRule = { id: 'open-centre', do: { type: 'monitoring.openCentre' } };
    const first = decideRules([rule], viewOf('turkey'));
    expect(first.intents).toHaveLength(1);
    const second = decideRules([rule], viewOf('turkey'), first.memory);
    expect(second.intents).toEqual([]);
    expect(second.memory).toEqual(['open-centre']);
  });

  it('should fire a rule without `on` every day with `once: false`', () => {
    const rule: ReactiveRule = { id: 'open-centre', once: false, do: { type: 'monitoring.openCentre' } };
    const first = decideRules([rule], viewOf('turkey'));
    expect(decideRules([rule], viewOf('turkey'), first.memory).intents).toHaveLength(1);
  });

  it('should react to each matching move, or to the first only with `once: true`', () => {
    const proposeSix = entry(1, { type: 'format.propose', by: 'turkey', format: 'six-country-platform' });
    const rule: ReactiveRule = {
      id: 'back-turkish-seat',
      on: { type: 'format.propose', by: 'turkey' },
      do: { type: 'format.endorse', format: '@event.format' },
    };
    const each = decideRules([rule], viewOf('azerbaijan', [proposeQuad, proposeSix]));
    expect(each.intents.map((i) => i.move)).toEqual([
      { by: 'azerbaijan', type: 'format.endorse', format: 'quad' },
      { by: 'azerbaijan', type: 'format.endorse', format: 'six-country-platform' },
    ]);
    const once = decideRules([{ ...rule, once: true }], viewOf('azerbaijan', [proposeQuad, proposeSix]));
    expect(once.intents).toHaveLength(1);
    expect(
      decideRules([{ ...rule, once: true }], viewOf('azerbaijan', [proposeSix]), once.memory).intents,
    ).toEqual([]);
  });

  it('should never fire with probability 0 and always fire with probability 1', () => {
    const rule: ReactiveRule = { ...rejectTurkishMediation, probability: 0 };
    const always: ReactiveRule = { ...rejectTurkishMediation, probability: 1 };
    for (let seed = 1; seed <= 50; seed++) {
      expect(decideRules([rule], viewOf('armenia', [proposeQuad]), [], seed).intents).toEqual([]);
      expect(decideRules([always], viewOf('armenia', [proposeQuad]), [], seed).intents).toHaveLength(1);
    }
  });

  it('should fire with probability 0.5 on some seeds and not on others, the same way for the same seed', () => {
    const rule: ReactiveRule = { ...rejectTurkishMediation, probability: 0.5 };
    const fired = Array.from(
      { length: 200 },
      (_, i) => decideRules([rule], viewOf('armenia', [proposeQuad]), [], i + 1).intents.length,
    );
    const count = fired.filter((n) => n === 1).length;
    expect(count).toBeGreaterThan(60);
    expect(count).toBeLessThan(140);
    const again = Array.from(
      { length: 200 },
      (_, i) => decideRules([rule], viewOf('armenia', [proposeQuad]), [], i + 1).intents.length,
    );
    expect(again).toEqual(fired);
  });

  it('should require a `rules:` list in its parameters', () => {
    expect(() => rulesPolicy.parseParams(undefined)).toThrow('the rules policy needs a `rules:` list');
    expect(rulesPolicy.parseParams({ rules: [rejectTurkishMediation] })).toEqual({
      rules: [rejectTurkishMediation],
    });
  });
});

describe('randomPolicy', () => {
  it('should default to a rate of 0.3 and refuse a rate outside 0..1', () => {
    expect(randomPolicy.parseParams(undefined)).toEqual({ rate: 0.3 });
    expect(randomPolicy.parseParams({ rate: 1 })).toEqual({ rate: 1 });
    expect(() => randomPolicy.parseParams({ rate: 1.5 })).toThrow('params.rate must be a number from 0 to 1');
    expect(() => randomPolicy.parseParams({ rate: 'often' })).toThrow(
      'params.rate must be a number from 0 to 1',
    );
  });

  it('should pick only legal moves', () => {
    const world = play([
      { type: 'format.propose', by: 'turkey', format: 'quad' },
      { type: 'access.request', by: 'un' },
    ]);
    for (const actor of ['armenia', 'azerbaijan', 'nk', 'russia', 'turkey', 'france.senate', 'osce', 'un']) {
      for (let seed = 1; seed <= 25; seed++) {
        const decision = randomPolicy.decide({
          view: viewOf(actor, [], world),
          rng: openRng(seedRng(seed)),
          params: { rate: 1 },
          memory: [],
        });
        for (const intent of decision.intents) {
          expect(intent.move.by).toBe(actor);
          expect(stepper.check(world, intent.move).accepted).toBe(true);
        }
      }
    }
  });

  it('should make no move at rate 0', () => {
    for (let seed = 1; seed <= 25; seed++) {
      const decision = randomPolicy.decide({
        view: viewOf('turkey'),
        rng: openRng(seedRng(seed)),
        params: { rate: 0 },
        memory: [],
      });
      expect(decision.intents).toEqual([]);
    }
  });

  it('should make only accepted moves in a whole run when it is the only actor deciding', () => {
    // Agents decide on the same snapshot, so with several random actors an earlier actor's move may
    // make a later one's stale; with one random actor every move it makes must be accepted.
    const actors: Record<string, string> = {
      armenia: 'name: Armenia, kind: state, armed: true',
      azerbaijan: 'name: Azerbaijan, kind: state, armed: true, territorial: true',
      russia: 'name: Russia, kind: state',
      turkey: 'name: Turkey, kind: state',
      un: 'name: the UN Secretary-General, kind: institution',
    };
    for (const randomActor of Object.keys(actors)) {
      const actorLines = Object.entries(actors).map(
        ([id, fields]) =>
          `  ${id}: { ${fields}${id === randomActor ? ', policy: random, params: { rate: 1 }' : ''} }`,
      );
      const scenario = parseScenario(
        [
          'id: random-week',
          'title: One random actor around the trilateral',
          'calendar: { start: 2020-11-25, end: 2020-12-05 }',
          'actors:',
          ...actorLines,
          'formats:',
          '  trilateral: { name: the Russia-led trilateral, mediators: [russia], parties: [armenia, azerbaijan] }',
          '  quadrilateral: { name: the quadrilateral, mediators: [russia, turkey], parties: [armenia, azerbaijan] }',
          'initial:',
          '  activeFormat: trilateral',
          '  ceasefire: { brokers: [russia] }',
          '  peacekeepers: [russia]',
        ].join('\n'),
        'random-week.yaml',
      );
      for (const seed of [1, 2, 7, 2020]) {
        const result = runScenario(scenario, { seed });
        const random = result.trace.filter((e) => e.policy?.name === 'random');
        expect(random.length).toBeGreaterThan(0);
        expect(random.every((e) => e.move.by === randomActor)).toBe(true);
        expect(random.filter((e) => !e.accepted)).toEqual([]);
      }
    }
  });
});

describe('scriptedPolicy', () => {
  it('should make no move of its own and keep its memory', () => {
    const decision = scriptedPolicy.decide({
      view: viewOf('france', [proposeQuad]),
      rng: openRng(seedRng(1)),
      params: {},
      memory: ['kept'],
    });
    expect(decision).toEqual({ intents: [], memory: ['kept'] });
  });
});

describe('createPolicyRegistry', () => {
  const stubborn = definePolicy({
    name: 'stubborn',
    description: 'Boycotts any talks it is in.',
    parseParams: () => ({}),
    decide: ({ view, memory }) => ({
      intents: view
        .legalMoves()
        .filter((m) => m.type === 'talks.boycott')
        .map((move) => ({ move, after: 0 })),
      memory,
    }),
  });
  // createPolicyRegistry takes `Policy<never>[]`, to which a concrete policy is not assignable.
  const custom = <P>(policy: Policy<P>) => policy as unknown as Policy<never>;

  it('should hold the built-in policies', () => {
    const registry = createPolicyRegistry();
    expect([...registry.keys()]).toEqual(['scripted', 'rules', 'random']);
    expect(builtinPolicies.map((p) => p.name)).toEqual(['scripted', 'rules', 'random']);
  });

  it('should add a custom policy after the built-ins', () => {
    const registry = createPolicyRegistry([custom(stubborn)]);
    expect([...registry.keys()]).toEqual(['scripted', 'rules', 'random', 'stubborn']);
    expect(registry.get('stubborn')).toBe(stubborn);
  });

  it('should reject a custom policy that reuses a built-in name', () => {
    const rules = definePolicy({ ...stubborn, name: 'rules' });
    expect(() => createPolicyRegistry([custom(rules)])).toThrow(
      'auspices: a policy named "rules" is already registered; give yours another name',
    );
  });

  it('should reject two custom policies with the same name', () => {
    expect(() => createPolicyRegistry([custom(stubborn), custom({ ...stubborn })])).toThrow(
      'a policy named "stubborn" is already registered',
    );
  });

  it('should let a scenario name a registered custom policy and run it', () => {
    const text = `id: stubborn-armenia
title: Armenia boycotts every convening
calendar: { start: 2020-12-01, end: 2020-12-03 }
actors:
  armenia: { name: Armenia, kind: state, policy: stubborn }
  azerbaijan: { name: Azerbaijan, kind: state }
  russia: { name: Russia, kind: state }
formats:
  trilateral: { name: the Russia-led trilateral, mediators: [russia], parties: [armenia, azerbaijan] }
initial:
  activeFormat: trilateral
injects:
  - id: russia-convenes
    date: 2020-12-01
    by: russia
    do: { type: talks.convene }
    text: Russia convenes the parties.
    hypothetical: true
`;
    expect(() => parseScenario(text, 'stubborn.yaml')).toThrow('unknown policy `stubborn`');
    const policies = createPolicyRegistry([custom(stubborn)]);
    const scenario = parseScenario(text, 'stubborn.yaml', { policies });
    const result = runScenario(scenario, { policies });
    expect(result.trace.map((e) => [e.move.type, e.move.by, e.accepted])).toEqual([
      ['talks.convene', 'russia', true],
      ['talks.boycott', 'armenia', true],
    ]);
    expect(result.outcome.regions.talks).toBe('stalled');
  });
});

function play(moves: Record<string, unknown>[]): WorldState {
  let state = stepper.initial(startValue, smallContext());
  for (const move of moves) state = stepper.step(state, move as unknown as WorldEvent).state;
  return state;
}
