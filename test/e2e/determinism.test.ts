import { describe, expect, it } from 'vitest';
import { narrate } from '../../src/report/render.js';
import { parseScenario } from '../../src/scenario/parse.js';
import { loadScenarioSync } from '../../src/scenario/read-file.js';
import { type RunResult, resumeRun, runScenario } from '../../src/sim/run-scenario.js';
import { saveRun } from '../../src/sim/saved-run.js';

const flagship = loadScenarioSync('scenarios/karabakh/format-week-2020.yaml');
const json = (result: RunResult) => narrate(result, { format: 'json' });

/** A run that leans on the generator: every actor picks random moves every day. */
const randomWeek = parseScenario(
  `id: random-week
title: Every actor plays at random around the Minsk Group
calendar: { start: 2020-11-25, end: 2020-12-09 }
seed: 11
actors:
  armenia: { name: Armenia, kind: state, armed: true, policy: random, params: { rate: 0.8 } }
  azerbaijan: { name: Azerbaijan, kind: state, armed: true, territorial: true, policy: random, params: { rate: 0.8 } }
  nk: { name: the de facto authorities, kind: de-facto-authority, armed: true, controlsGround: true, policy: random }
  russia: { name: Russia, kind: state, policy: random, params: { rate: 0.8 } }
  usa: { name: the United States, kind: state, policy: random }
  france: { name: France, kind: state, policy: random }
  turkey: { name: Turkey, kind: state, policy: random, params: { rate: 0.8 } }
  osce: { name: the OSCE Chairman-in-Office, kind: institution, policy: random }
  un: { name: the UN Secretary-General, kind: institution, policy: random }
formats:
  minsk-group:
    name: the OSCE Minsk Group co-chairs
    auspices: osce
    appointedBy: osce
    mediators: [russia, usa, france]
    parties: [armenia, azerbaijan]
  quadrilateral: { name: the quadrilateral, mediators: [russia, turkey], parties: [armenia, azerbaijan] }
initial:
  activeFormat: minsk-group
  ceasefire: { brokers: [russia] }
  peacekeepers: [russia]
  monitoringCentre: { operators: [russia, turkey], host: azerbaijan }
`,
  'random-week.yaml',
);

describe('runScenario', () => {
  it('should give identical JSON for the same seed', () => {
    expect(json(runScenario(flagship, { seed: 7 }))).toBe(json(runScenario(flagship, { seed: 7 })));
    expect(json(runScenario(randomWeek, { seed: 3 }))).toBe(json(runScenario(randomWeek, { seed: 3 })));
  });

  it('should give identical JSON for the same what-if and seed', () => {
    for (const whatIf of Object.keys(flagship.data.whatIfs)) {
      expect(json(runScenario(flagship, { whatIf, seed: 5 }))).toBe(
        json(runScenario(flagship, { whatIf, seed: 5 })),
      );
    }
  });

  it('should use the scenario seed by default', () => {
    expect(json(runScenario(randomWeek))).toBe(json(runScenario(randomWeek, { seed: 11 })));
  });

  it('should depend on the seed when actors draw from the generator', () => {
    const traces = new Set(
      [1, 2, 3, 4, 5].map((seed) => JSON.stringify(runScenario(randomWeek, { seed }).trace)),
    );
    expect(traces.size).toBeGreaterThan(1);
  });

  it('should not change the scenario it runs', () => {
    const before = JSON.stringify(flagship.data);
    runScenario(flagship, { whatIf: 'france-recognises', seed: 9 });
    expect(JSON.stringify(flagship.data)).toBe(before);
  });
});

describe('saveRun and resumeRun', () => {
  const days = [0, 1, 4, 8, 12, 18];

  it.each(days)(
    'should continue the flagship stopped after day %i exactly like an uninterrupted run',
    (k) => {
      const uninterrupted = runScenario(flagship, { seed: 7 });
      const partial = runScenario(flagship, { seed: 7, untilDay: k });
      expect(partial.state.finished).toBe(false);
      expect(partial.state.day).toBe(k + 1);
      const resumed = resumeRun(flagship, saveRun(partial));
      expect(json(resumed)).toBe(json(uninterrupted));
      expect(resumed.state).toEqual(uninterrupted.state);
    },
  );

  it.each(days)('should continue a what-if stopped after day %i exactly like an uninterrupted run', (k) => {
    const uninterrupted = runScenario(flagship, { seed: 7, whatIf: 'france-recognises' });
    const saved = saveRun(runScenario(flagship, { seed: 7, whatIf: 'france-recognises', untilDay: k }));
    const resumed = resumeRun(flagship, saved);
    expect(resumed.scenario.whatIf).toBe('france-recognises');
    expect(json(resumed)).toBe(json(uninterrupted));
  });

  it.each([0, 3, 7, 11])('should continue a random run stopped after day %i exactly', (k) => {
    const uninterrupted = runScenario(randomWeek, { seed: 3 });
    const resumed = resumeRun(randomWeek, saveRun(runScenario(randomWeek, { seed: 3, untilDay: k })));
    expect(json(resumed)).toBe(json(uninterrupted));
  });

  it('should continue across several saves in a row', () => {
    const uninterrupted = runScenario(flagship, { seed: 7, whatIf: 'russia-shares-monitoring' });
    let saved = saveRun(runScenario(flagship, { seed: 7, whatIf: 'russia-shares-monitoring', untilDay: 2 }));
    for (const untilDay of [5, 9, 13]) saved = saveRun(resumeRun(flagship, saved, { untilDay }));
    expect(json(resumeRun(flagship, saved))).toBe(json(uninterrupted));
  });

  it('should save plain JSON that survives a round trip', () => {
    const saved = saveRun(runScenario(flagship, { seed: 7, untilDay: 5 }));
    expect(saveRun(JSON.parse(saved))).toBe(saved);
  });

  it('should leave a finished run as it is', () => {
    const finished = runScenario(flagship, { seed: 7 });
    expect(json(resumeRun(flagship, saveRun(finished)))).toBe(json(finished));
  });

  it('should refuse to resume with another scenario and name both hashes', () => {
    const saved = saveRun(runScenario(flagship, { seed: 7, untilDay: 4 }));
    const other = runScenario(randomWeek, { untilDay: 0 }).scenario;
    expect(() => resumeRun(other, saved)).toThrow(
      `the saved run belongs to scenario format-week-2020 with hash ${flagship.hash}, but this scenario hashes to ${other.hash}`,
    );
  });

  it('should refuse to resume with an edited version of the scenario', () => {
    const base = parseScenario(
      `id: edited
title: The same scenario, edited between save and resume
calendar: { start: 2020-11-25, end: 2020-11-30 }
actors:
  armenia: { name: Armenia, kind: state }
  azerbaijan: { name: Azerbaijan, kind: state }
  russia: { name: Russia, kind: state }
formats:
  trilateral: { name: the Russia-led trilateral, mediators: [russia], parties: [armenia, azerbaijan] }
initial:
  activeFormat: trilateral
`,
      'edited.yaml',
    );
    const saved = saveRun(runScenario(base, { untilDay: 1 }));
    const edited = parseScenario(
      JSON.stringify({ ...base.data, calendar: { start: '2020-11-25', end: '2020-12-01' } }),
      'edited.yaml',
    );
    expect(() => resumeRun(edited, saved)).toThrow(
      new RegExp(`with hash ${base.hash}, but this scenario hashes to ${edited.hash}`),
    );
  });
});
