import { describe, expect, it } from 'vitest';
import { definePolicy, type Policy, type SyncPolicy } from '../../../src/agents/policy.js';
import { builtinPolicies, createPolicyRegistry, type PolicyRegistry } from '../../../src/agents/registry.js';
import { loadScenarioSync } from '../../../src/scenario/read-file.js';
import { AsyncPolicyError, runScenario, runScenarioAsync } from '../../../src/sim/run-scenario.js';

const flagship = loadScenarioSync('scenarios/karabakh/format-week-2020.yaml');

/** Every built-in policy, deciding the same after a turn of the event loop (as a remote agent would). */
const later: PolicyRegistry = new Map(
  builtinPolicies.map((p): [string, Policy<unknown>] => [
    p.name,
    {
      ...p,
      decide: (input) =>
        new Promise((resolve) => setTimeout(() => resolve((p as SyncPolicy<unknown>).decide(input)), 0)),
    },
  ]),
);

describe('policies that decide asynchronously', () => {
  it('should give the same run under runScenarioAsync as the synchronous policies under runScenario', async () => {
    for (const seed of [1, 2020]) {
      const sync = runScenario(flagship, { seed, whatIf: 'france-recognises' });
      const async = await runScenarioAsync(flagship, { seed, whatIf: 'france-recognises', policies: later });
      expect(JSON.stringify(async.trace)).toBe(JSON.stringify(sync.trace));
      expect(async.outcome).toEqual(sync.outcome);
    }
  });

  it('should branch from history and stop after a given day as runScenario does', async () => {
    const options = { seed: 7, whatIf: 'france-recognises', at: '2020-12-01', untilDay: 9 } as const;
    const async = await runScenarioAsync(flagship, { ...options, policies: later });
    const sync = runScenario(flagship, options);
    expect(async.state).toEqual(sync.state);
    expect(async.state.scenario.branchedAt).toBe(6);
  });

  it('should refuse an asynchronous decision in runScenario, naming the policy, the actor and runScenarioAsync', () => {
    const thinker = definePolicy({
      name: 'thinker',
      description: 'Thinks it over, then passes.',
      parseParams: () => ({}),
      decide: async ({ memory }) => ({ intents: [], memory }),
    });
    const scenario = {
      ...flagship,
      data: {
        ...flagship.data,
        actors: { ...flagship.data.actors, france: { ...flagship.data.actors.france!, policy: 'thinker' } },
      },
    };
    const policies = createPolicyRegistry([thinker]);
    expect(() => runScenario(scenario, { policies })).toThrow(AsyncPolicyError);
    expect(() => runScenario(scenario, { policies })).toThrow(
      /the policy "thinker" of france returned a promise from decide\(\), and this run cannot wait for it; run the scenario with runScenarioAsync/,
    );
  });

  it('should reject the run with the error of a decision that fails', async () => {
    const failing: PolicyRegistry = new Map([
      ...later,
      [
        'rules',
        { ...later.get('rules')!, decide: () => Promise.reject(new Error('the model is unavailable')) },
      ],
    ]);
    await expect(runScenarioAsync(flagship, { policies: failing })).rejects.toThrow(
      'the model is unavailable',
    );
  });
});
