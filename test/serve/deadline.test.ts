import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exerciseCommand, openExercise } from '../../src/exercise/exercise.js';
import type { ConsoleView, ExerciseEvent } from '../../src/exercise/exercise-types.js';
import { loadScenarioSync } from '../../src/scenario/read-file.js';
import { newToken } from '../../src/serve/auth.js';
import { startServer } from '../../src/serve/server.js';
import { ExerciseStore } from '../../src/serve/store.js';
import { tokenOf } from './serve-process.js';

const scenario = loadScenarioSync('scenarios/karabakh/format-week-2020.yaml');
const tmp = mkdtempSync(join(tmpdir(), 'auspices-deadline-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('round deadlines', () => {
  it('resolves, as the system, a round whose deadline passed while the server was down', async () => {
    // A log written an hour ago: a round opened with a 10-second deadline, and then the server stopped.
    const db = join(tmp, 'down.db');
    const hourAgo = new Date(Date.now() - 3_600_000).toISOString();
    const options = { id: 'ex1' };
    const ex = openExercise(scenario, options);
    const started = exerciseCommand(
      ex,
      { role: 'facilitator' },
      { type: 'round.start', days: 2, deadlineSeconds: 10 },
      hourAgo,
    );
    if (!started.ok) throw new Error(started.refusal.message);
    expect(started.exercise.header.deadline).not.toBeNull();
    const store = new ExerciseStore(db, scenario.hash);
    store.createExercise(
      'ex1',
      hourAgo,
      options,
      ex.seats.map((s) => ({ seat: s.id, token: newToken() })),
    );
    store.append([{ exercise: 'ex1', event: started.event }]);
    store.close();

    const server = await startServer({ scenario, port: 0, db });
    try {
      const fac = tokenOf(server.facilitator);
      const view = async () =>
        (
          await server.app.inject({
            url: '/api/exercises/ex1/view',
            headers: { host: '127.0.0.1', authorization: `Bearer ${fac}` },
          })
        ).json() as ConsoleView;
      for (let i = 0; i < 50 && (await view()).exercise.phase === 'round'; i++)
        await new Promise((r) => setTimeout(r, 20));
      const after = await view();
      expect(after.exercise.phase).not.toBe('round');
      expect(after.exercise.round).toBe(1);
      const log = await server.app.inject({
        url: '/api/exercises/ex1/log',
        headers: { host: '127.0.0.1', authorization: `Bearer ${fac}` },
      });
      const events = log.body
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as ExerciseEvent);
      expect(events.at(-1)).toMatchObject({
        seq: 2,
        by: { role: 'system' },
        command: { type: 'round.resolve' },
      });
    } finally {
      await server.close();
    }
  });
});
