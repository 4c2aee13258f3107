import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { loadScenarioSync } from '../../src/scenario/read-file.js';
import { openTarget, type Target } from './target.js';

/*
 * The WebSocket as an attacker meets it, through `injectWS` (the app's own upgrade, hooks and ws server
 * with its 4 KiB frame limit).
 */

const scenario = loadScenarioSync('scenarios/karabakh/format-week-2020.yaml');
const tmp = mkdtempSync(join(tmpdir(), 'auspices-socket-'));
let t: Target;
beforeAll(async () => {
  t = await openTarget(scenario, join(tmp, 'target.db'));
});
afterAll(async () => {
  await t?.server.close();
  rmSync(tmp, { recursive: true, force: true });
});

/** Opens a socket through the app; resolves with the close code, and the messages received. */
function socket(send: (ws: WebSocket) => void): Promise<{ code: number; messages: string[] }> {
  return new Promise((resolve, reject) => {
    const messages: string[] = [];
    t.server.app
      .injectWS('/api/socket', { headers: { host: '127.0.0.1' } } as never, {
        onInit: (ws) => {
          ws.on('message', (data) => messages.push(String(data)));
          ws.on('close', (code) => resolve({ code, messages }));
        },
      })
      .then((ws) => send(ws), reject);
  });
}

describe('the WebSocket under attack', () => {
  it('closes sockets without auth, with a bad token, a bad message or an oversized frame', async () => {
    const [silent, forged, garbage, big, extra] = await Promise.all([
      socket(() => {}),
      socket((ws) =>
        ws.send(JSON.stringify({ type: 'auth', token: Buffer.alloc(32).toString('base64url') })),
      ),
      socket((ws) => ws.send('hello')),
      socket((ws) => ws.send(JSON.stringify({ type: 'auth', token: t.fac, pad: 'x'.repeat(5000) }))),
      socket((ws) => {
        ws.send(JSON.stringify({ type: 'auth', token: t.seats[0]?.token, exercise: 'ex1' }));
        setTimeout(() => ws.send(JSON.stringify({ type: 'moves.submit', moves: [] })), 50);
      }),
    ]);
    expect(silent.code).toBe(4401);
    expect(forged.code).toBe(4401);
    expect(garbage.code).toBe(4400);
    expect(big.code).toBe(1009);
    expect(extra.code).toBe(4400);
    expect(extra.messages.map((m) => JSON.parse(m).type)).toEqual(['ready']);
    const wrongExercise = await socket((ws) =>
      ws.send(JSON.stringify({ type: 'auth', token: t.otherExercise.token, exercise: 'ex1' })),
    );
    expect(wrongExercise.code).toBe(4401);
    await t.stillWorks();
  }, 15_000);

  it('holds at most 64 sockets per token', async () => {
    const auth = (ws: WebSocket) => ws.send(JSON.stringify({ type: 'auth', token: t.fac }));
    const held: WebSocket[] = [];
    const ready = await Promise.all(
      Array.from(
        { length: 64 },
        () =>
          new Promise<string>((resolve, reject) => {
            t.server.app
              .injectWS('/api/socket', { headers: { host: '127.0.0.1' } } as never, {
                onInit: (ws) => ws.on('message', (data) => resolve(String(data))),
              })
              .then((ws) => {
                held.push(ws);
                auth(ws);
              }, reject);
          }),
      ),
    );
    expect(ready.every((m) => JSON.parse(m).type === 'ready')).toBe(true);
    expect((await socket(auth)).code).toBe(4429);
    for (const ws of held) ws.close();
    await t.stillWorks();
  });

  it('tells an authenticated seat that its exercise changed, and nothing else', async () => {
    const seat = t.seats[0];
    if (!seat) throw new Error('no seat');
    const heard = new Promise<string[]>((resolve) => {
      const messages: string[] = [];
      void t.server.app.injectWS('/api/socket', { headers: { host: '127.0.0.1' } } as never, {
        onInit: (ws) => {
          ws.on('message', async (data) => {
            messages.push(String(data));
            if (messages.length === 1) {
              // Another exercise changes (not heard), then this one (heard).
              await t.command(t.fac, { type: 'exercise.pause' }, t.otherExercise.id);
              await t.command(t.fac, { type: 'exercise.pause' });
            }
            if (messages.length === 2) {
              ws.close();
              resolve(messages);
            }
          });
        },
        onOpen: (ws) => ws.send(JSON.stringify({ type: 'auth', token: seat.token })),
      });
    });
    const [ready, changed] = (await heard).map((m) => JSON.parse(m));
    expect(ready).toMatchObject({ type: 'ready' });
    expect(changed).toEqual({ type: 'changed', exercise: 'ex1', seq: ready.seq + 1 });
    await t.command(t.fac, { type: 'exercise.resume' });
    await t.stillWorks();
  });
});
