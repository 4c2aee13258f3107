import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { explore } from '../../../src/explore/explore.js';
import {
  composeWorld,
  defaultWorld,
  WorldCompositionError,
  worldOf,
} from '../../../src/machines/compose-world.js';
import { createPlaySession } from '../../../src/play/play.js';
import { coreRegion } from '../../../src/regions/core.js';
import { defineRegion } from '../../../src/regions/region-module.js';
import { regionEntries } from '../../../src/report/regions-report.js';
import { summaryLines } from '../../../src/report/summary.js';
import { parseScenario } from '../../../src/scenario/parse.js';
import { scenarioWorld } from '../../../src/scenario/world.js';
import { runScenario } from '../../../src/sim/run-scenario.js';
import { issuesOf } from '../../support/issues.js';

const damFile = 'examples/worlds/river-dam.yaml';
const damText = readFileSync(damFile, 'utf8');
const dam = () => parseScenario(damText, damFile);

describe('worldOf', () => {
  it('should compose the whole library when given no ids, in library order', () => {
    expect(defaultWorld().tracks.map((t) => t.alias)).toEqual([
      'hostilities',
      'talks',
      'mandate',
      'composition',
      'status',
      'monitoring',
      'access',
    ]);
  });

  it('should add the modules a module needs, and the core', () => {
    const world = worldOf(['status']);
    expect(world.modules.map((m) => m.id)).toEqual(['talks', 'format', 'status', 'core']);
    expect(world.moveTypes).not.toContain('ceasefire.violate');
    expect(Object.keys(world.machine.root.states)).toEqual(['talks', 'format', 'status']);
  });

  it('should refuse an unknown module, naming the library', () => {
    expect(() => worldOf(['ceasefires'])).toThrow(/unknown region module "ceasefires".*hostilities/);
  });
});

describe('composeWorld', () => {
  it('should refuse two modules that declare the same move', () => {
    const twin = defineRegion({
      id: 'twin',
      label: 'Twin',
      description: 'declares a move the core already has',
      events: { 'statement.issue': { payload: {}, describe: () => 'speaks' } },
    });
    expect(() => composeWorld([coreRegion, twin])).toThrow(WorldCompositionError);
    expect(() => composeWorld([coreRegion, twin])).toThrow(
      /move "statement.issue" is declared by both "core" and "twin"/,
    );
  });

  it('should refuse a transition that names a guard or an action no module defines (a misspelt name)', () => {
    const misspelt = (guard: string, action: string) =>
      defineRegion({
        id: 'vote',
        label: 'Vote',
        description: 'a referendum with a misspelt guard',
        tracks: [{ alias: 'vote', path: 'vote', label: 'Vote', states: ['none', 'called'], initial: 'none' }],
        nodes: {
          vote: {
            initial: 'none',
            states: {
              none: { on: { 'vote.call': { target: 'called', guard, actions: action } } },
              called: {},
            },
          },
        },
        events: { 'vote.call': { payload: {}, describe: () => 'calls a vote' } },
        checks: {
          isCaller: {
            rule: 'M2',
            code: 'vote/not-institution',
            test: () => true,
            why: () => 'only an institution calls a vote',
          },
        },
        updates: { recordVote: () => ({}) },
      });
    expect(() => composeWorld([coreRegion, misspelt('isCallr', 'recordVote')])).toThrow(
      /the world > vote > none > vote\.call names guard "isCallr", which no module's checks define/,
    );
    expect(() => composeWorld([coreRegion, misspelt('isCaller', 'recordVot')])).toThrow(
      /names action "recordVot", which no module's updates define/,
    );
    expect(() => composeWorld([coreRegion, misspelt('isCaller', 'recordVote')])).not.toThrow();
  });

  it('should take a region module written in TypeScript, with its own checks and updates', () => {
    const vote = defineRegion({
      id: 'vote',
      label: 'Vote',
      description: 'a referendum that institutions may call',
      tracks: [{ alias: 'vote', path: 'vote', label: 'Vote', states: ['none', 'called'], initial: 'none' }],
      nodes: {
        vote: {
          initial: 'none',
          states: { none: { on: { 'vote.call': { target: 'called', guard: 'isCaller' } } }, called: {} },
        },
      },
      events: { 'vote.call': { payload: {}, describe: () => 'calls a vote' } },
      checks: {
        isCaller: {
          rule: 'M2',
          code: 'vote/not-institution',
          test: (ctx, ev) => ctx.actors[ev.by]?.kind === 'institution',
          why: () => 'only an institution calls a vote',
        },
      },
    });
    const world = composeWorld([coreRegion, vote]);
    expect(world.tracks.map((t) => t.alias)).toEqual(['vote']);
    expect(world.moveTypes).toEqual(['statement.issue', 'visit.announce', 'visit.make', 'vote.call']);
  });
});

describe('a scenario with custom regions and no armed actors', () => {
  it('should show only its own regions in the outcome and the summary', () => {
    const result = runScenario(dam());
    expect(Object.keys(result.outcome.regions)).toEqual([
      'talks',
      'mandate',
      'composition',
      'notification',
      'dam',
    ]);
    const labels = summaryLines(result).map(([label]) => label);
    expect(labels).not.toContain('Ceasefire');
    expect(labels).not.toContain('Monitoring');
    expect(labels).not.toContain('Access');
    expect(labels).toContain('Dam');
    expect(result.outcome.story.ceasefire).toBeUndefined();
  });

  it('should refuse a custom move under the scenario rule its transition cites', () => {
    const result = runScenario(dam());
    const refused = result.trace
      .filter((e) => !e.accepted)
      .map((e) => [e.move.type, e.refusal?.rule, e.refusal?.reason]);
    expect(refused).toEqual([
      ['dam.fill', 'W1', 'the downstream states have not been notified'],
      ['dam.pause', 'W2', 'filling pauses only while talks are convened'],
    ]);
    expect(result.outcome.regions.dam).toBe('filled');
  });

  it('should give identical traces on both engines, for the base and the what-if', () => {
    for (const whatIf of [undefined, 'lowland-stays']) {
      const kernel = runScenario(dam(), { engine: 'kernel', whatIf });
      const xstate = runScenario(dam(), { engine: 'xstate', whatIf });
      expect(JSON.stringify(kernel.trace)).toBe(JSON.stringify(xstate.trace));
      expect(kernel.outcome).toEqual(xstate.outcome);
    }
  });

  it('should let explore find a path through the custom regions', () => {
    const result = explore(dam(), { depth: 4, actors: ['upland', 'commission'] });
    const paused = result.outcomes.find((o) => o.id === 'paused');
    expect(paused?.path?.moves.map((m) => m.type)).toEqual([
      'dam.notify',
      'dam.fill',
      'talks.convene',
      'dam.pause',
    ]);
  });

  it('should offer its custom moves to a player, and say why the others are refused', () => {
    const session = createPlaySession(dam(), { as: 'upland' });
    expect(session.legalMoves().map((m) => m.type)).toContain('dam.notify');
    const fill = session.illegalMoves().find((m) => (m.type as string) === 'dam.fill')!;
    expect(session.whyNot(fill)).toMatchObject({
      rule: 'W1',
      reason: 'the downstream states have not been notified',
    });
  });

  it('should list its custom regions with their moves and rules', () => {
    const entries = regionEntries(scenarioWorld(dam().data));
    const damEntry = entries.find((e) => e.id === 'dam');
    expect(damEntry?.regions).toEqual([
      { name: 'dam', states: ['planned', 'filling', 'paused', 'filled'], initial: 'planned' },
    ]);
    expect(damEntry?.rules.map((r) => r.id)).toEqual(['W1', 'W2', 'W3']);
    expect(entries.map((e) => e.id)).not.toContain('hostilities');
  });
});

describe('validating composed worlds', () => {
  const broken = (from: string, to: string) => {
    expect(damText).toContain(from);
    return issuesOf(() => parseScenario(damText.replace(from, to), damFile));
  };

  it('should refuse an unknown region module at its line, with a hint', () => {
    const [issue] = broken('regions: [format, talks]', 'regions: [format, tallks]');
    expect(issue?.message).toMatch(/unknown region module `tallks`.*did you mean `talks`/);
    expect(issue?.line).toBe(13);
  });

  it('should say which module to add when a move needs a region the world lacks', () => {
    const issues = broken('do: { type: talks.boycott }', 'do: { type: ceasefire.violate }');
    expect(issues.map((i) => i.message)).toContain(
      '`ceasefire.violate` is a move of the hostilities region, which this world does not have: add `hostilities` to `regions:`',
    );
  });

  it('should refuse a predicate on a region the world lacks', () => {
    const issues = broken('when: { in: { talks: stalled } }', 'when: { in: { hostilities: war } }');
    expect(issues[0]?.message).toMatch(
      /this world has no hostilities region: add `hostilities` to `regions:`/,
    );
  });

  it('should refuse eventless transitions that could fire forever', () => {
    const issues = broken(
      '      - from: filling\n        to: filled',
      '      - from: filled\n        to: filling\n        if: { dayAtLeast: 1 }\n        rule: W3\n      - from: filling\n        to: filled',
    );
    expect(issues.map((i) => i.message).join('\n')).toMatch(
      /eventless transitions form a cycle \((filling -> filled -> filling|filled -> filling -> filled)\)/,
    );
  });

  it('should refuse a rule no catalogue has, and a custom transition on a built-in move', () => {
    const unknownRule = broken('        rule: W2\n        why', '        rule: W9\n        why');
    expect(unknownRule[0]?.message).toMatch(/unknown rule `W9`.*declare it under `rules:`/);
    const builtIn = broken('      - on: dam.pause', '      - on: talks.convene');
    expect(builtIn[0]?.message).toMatch(
      /reacts only to custom moves, and `talks.convene` is a built-in move/,
    );
  });

  it('should refuse a custom move that leaves out a required field or gives a value it does not take', () => {
    const withField = damText.replace(
      '        rule: W1\n        text: starts filling the reservoir',
      '        rule: W1\n        fields:\n          stage: { type: string, values: [first, second] }\n        text: starts filling the reservoir ({stage} stage)',
    );
    expect(withField).not.toBe(damText);
    const missing = issuesOf(() => parseScenario(withField, damFile));
    expect(missing.map((i) => [i.code, i.message])).toEqual([
      ['event/missing-field', 'dam.fill needs `stage`'],
      ['event/missing-field', 'dam.fill needs `stage`'],
    ]);
    const wrong = issuesOf(() =>
      parseScenario(
        withField.replace('do: { type: dam.fill }', 'do: { type: dam.fill, stage: third }'),
        damFile,
      ),
    );
    expect(wrong[0]?.message).toBe('dam.fill: Invalid option: expected one of "first"|"second"');
  });

  it('should refuse a transition guard that reads history', () => {
    const issues = broken('if: { in: { talks: convened } }', 'if: { happened: { type: talks.convene } }');
    expect(issues[0]?.message).toMatch(/cannot read the history of the run/);
  });
});

describe('a move that several custom regions answer', () => {
  const scenario = parseScenario(
    readFileSync('examples/stability/cuban-missile-crisis.yaml', 'utf8'),
    'cuban-missile-crisis.yaml',
  );

  it('is checked for who makes it in every region, not only the one that declares it, on both engines', () => {
    for (const engine of ['kernel', 'xstate'] as const) {
      const move = { date: '1962-10-23', by: 'ussr', do: { type: 'cmc.strikeAndBlockade' } };
      const forged = {
        ...scenario,
        data: { ...scenario.data, injects: [{ id: 'forged', text: 'x', hypothetical: true, ...move }] },
      };
      const run = runScenario(forged as typeof scenario, { engine });
      const entry = run.trace.find((e) => (e.move.type as string) === 'cmc.strikeAndBlockade');
      expect(entry?.accepted, engine).toBe(false);
      expect(run.outcome.regions.blockade, engine).toBe('none');
      expect(run.outcome.regions.strike, engine).toBe('none');
      const real = runScenario(
        {
          ...forged,
          data: {
            ...forged.data,
            injects: [{ id: 'real', text: 'x', hypothetical: true, ...move, by: 'usa' }],
          },
        } as typeof scenario,
        { engine },
      );
      expect(real.outcome.regions.blockade, engine).toBe('imposed');
      expect(real.outcome.regions.strike, engine).toBe('launched');
    }
  });
});
