import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import type { ConsoleView, SeatView } from '../../src/exercise/exercise-types.js';
import { loadScenarioSync } from '../../src/scenario/read-file.js';
import { type RunningServer, startServer } from '../../src/serve/server.js';
import { tokenOf } from './serve-process.js';

/*
 * The exercise server as an attacker meets it. Every attack asserts the refusal, as the protocol's JSON
 * error, and then that the server still answers. Requests go through `fastify.inject` (the whole app:
 * hooks, parsers, limits), sockets through `injectWS`; nothing of ours is mocked.
 */

const scenario = loadScenarioSync('scenarios/karabakh/format-week-2020.yaml');
const tmp = mkdtempSync(join(tmpdir(), 'auspices-attacks-'));
let server: RunningServer;
let fac: string;
let seats: { seat: string; token: string; actors: readonly string[] }[];
let otherExercise: { id: string; token: string };

type Method = 'GET' | 'POST';
async function ask(method: Method, url: string, token?: string | null, body?: string | object, headers = {}) {
  const res = await server.app.inject({
    method,
    url,
    headers: {
      host: '127.0.0.1',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined && typeof body === 'object' ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    ...(body === undefined ? {} : { payload: body }),
  });
  let json: { error?: { code: string; message: string } } & Record<string, unknown> = {};
  try {
    json = res.json();
  } catch {
    json = {};
  }
  return { status: res.statusCode, json, body: res.body, headers: res.headers };
}
const command = (token: string, cmd: unknown, exercise = 'ex1') =>
  ask('POST', `/api/exercises/${exercise}/commands`, token, cmd as object);

/** The server still answers: health, and the facilitator's view. */
async function stillWorks() {
  expect((await ask('GET', '/healthz')).status).toBe(200);
  expect((await ask('GET', '/api/exercises/ex1/view', fac)).status).toBe(200);
}

/** A refusal in the protocol's form: the status, the code, a message, and no stack trace. */
function refused(res: Awaited<ReturnType<typeof ask>>, status: number, code?: string, what = '') {
  expect(res.status, what.slice(0, 80)).toBe(status);
  expect(res.json.error?.message).toMatch(/\w/);
  if (code) expect(res.json.error?.code).toBe(code);
  expect(res.body).not.toMatch(/ at .*\.(ts|js):\d+/);
}

beforeAll(async () => {
  server = await startServer({
    scenario,
    port: 0,
    db: join(tmp, 'attacks.db'),
    // Generous here, so that the attacks below are not cut short by the limit; the flood has its own.
    rateLimit: { rate: 10_000, burst: 10_000 },
  });
  fac = tokenOf(server.facilitator);
  const view = (await ask('GET', '/api/exercises/ex1/view', fac)).json as unknown as ConsoleView;
  seats = server.seats.map((s) => ({
    seat: s.seat,
    token: tokenOf(s.link),
    actors: view.seats.find((v) => v.id === s.seat)?.actors ?? [],
  }));
  const created = await ask('POST', '/api/exercises', fac, { title: 'Another class' });
  expect(created.status).toBe(200);
  const other = created.json as unknown as { id: string; seats: { link: string }[] };
  otherExercise = { id: other.id, token: tokenOf(other.seats[0]?.link ?? '') };
});
afterAll(async () => {
  await server?.close();
  rmSync(tmp, { recursive: true, force: true });
});

/** Two seats whose actors do not overlap. */
function twoSeats() {
  for (const a of seats)
    for (const b of seats)
      if (
        a !== b &&
        a.actors.length > 0 &&
        b.actors.length > 0 &&
        !b.actors.some((x) => a.actors.includes(x))
      )
        return [a, b] as const;
  throw new Error('no two seats with distinct actors');
}

const routes = (id: string): [Method, string][] => [
  ['GET', '/api/me'],
  ['GET', '/api/exercises'],
  ['POST', '/api/exercises'],
  ['GET', `/api/exercises/${id}/links`],
  ['GET', `/api/exercises/${id}/view`],
  ['POST', `/api/exercises/${id}/commands`],
  ['GET', `/api/exercises/${id}/messages`],
  ['GET', `/api/exercises/${id}/log`],
  ['GET', `/api/exercises/${id}/review.json`],
  ['GET', `/api/exercises/${id}/review.html`],
];

describe('the exercise server under attack', () => {
  it('refuses every API route without a token, with a forged token, or a malformed header', async () => {
    const forged = Buffer.alloc(32, 7).toString('base64url');
    for (const [method, url] of routes('ex1')) {
      const body = method === 'POST' ? { type: 'exercise.end' } : undefined;
      refused(await ask(method, url, null, body), 401, 'unauthenticated');
      refused(await ask(method, url, forged, body), 401, 'unauthenticated');
      refused(await ask(method, url, null, body, { authorization: `Basic ${fac}` }), 401);
      refused(await ask(method, url, null, body, { authorization: `Bearer ${fac}x` }), 401);
    }
    await stillWorks();
  });

  it("refuses a seat's token on another exercise, on every route", async () => {
    for (const [method, url] of routes('ex1').slice(3)) {
      const body = method === 'POST' ? { type: 'seat.join', name: 'Mallory' } : undefined;
      refused(await ask(method, url, otherExercise.token, body), 403, 'forbidden');
    }
    await stillWorks();
  });

  it("refuses a seat moving for another seat's actor, and facilitator commands from a seat", async () => {
    const [a, b] = twoSeats();
    expect((await command(fac, { type: 'round.start', days: 3 })).status).toBe(200);
    const viewB = (await ask('GET', '/api/exercises/ex1/view', b.token)).json as unknown as SeatView;
    const move = viewB.moves.find((m) => m.refusal === null)?.move as unknown as Record<string, unknown>;
    expect(move).toBeDefined();
    refused(
      await command(a.token, { type: 'moves.submit', moves: [{ ...move, by: b.actors[0] }] }),
      403,
      'not-your-actor',
    );
    for (const cmd of [
      { type: 'round.resolve' },
      { type: 'round.start', days: 2 },
      { type: 'exercise.end' },
      { type: 'exercise.pause' },
      { type: 'inject.skip', inject: 'x' },
      { type: 'seat.assign', seat: b.seat, holder: { kind: 'policy', policy: 'rules' } },
    ])
      refused(await command(a.token, cmd), 403);
    for (const [method, url] of [
      ['GET', '/api/exercises'],
      ['POST', '/api/exercises'],
      ['GET', '/api/exercises/ex1/links'],
      ['GET', '/api/exercises/ex1/log'],
      ['GET', '/api/exercises/ex1/review.json'],
      ['GET', '/api/exercises/ex1/review.html'],
    ] as [Method, string][])
      refused(await ask(method, url, a.token, method === 'POST' ? {} : undefined), 403, 'forbidden');
    // The facilitator may not play a seat either.
    refused(await command(fac, { type: 'moves.submit', moves: [move] }), 403);
    await stillWorks();
  });

  it("never shows a seat another seat's private messages, pending moves or confidential brief", async () => {
    const [a, b] = twoSeats();
    const c = seats.find((s) => s !== a && s !== b);
    if (!c) throw new Error('no third seat');
    const viewB = (await ask('GET', '/api/exercises/ex1/view', b.token)).json as unknown as SeatView;
    const move = viewB.moves.find((m) => m.refusal === null)?.move;
    expect((await command(b.token, { type: 'moves.submit', moves: [move] })).status).toBe(200);
    const secret = 'SECRET-between-b-and-c';
    expect((await command(c.token, { type: 'message.send', to: [b.seat], text: secret })).status).toBe(200);
    const confidential = b.actors
      .flatMap((actor) => scenario.data.briefs?.[actor]?.confidential?.interests ?? [])
      .filter(
        (text) => !a.actors.some((x) => JSON.stringify(scenario.data.briefs?.[x] ?? {}).includes(text)),
      );
    expect(confidential.length).toBeGreaterThan(0);
    const seen: string[] = [];
    for (const [, url] of routes('ex1').filter(([m]) => m === 'GET'))
      seen.push((await ask('GET', url, a.token)).body);
    const text = seen.join('\n');
    expect(text).not.toContain(secret);
    for (const line of confidential) expect(text).not.toContain(line);
    const viewA = (await ask('GET', '/api/exercises/ex1/view', a.token)).json as unknown as SeatView;
    expect(Object.keys(viewA.briefs).every((actor) => a.actors.includes(actor))).toBe(true);
    expect(viewA.submitted).toEqual([]);
    expect(JSON.stringify(viewA.seats)).not.toMatch(/submitted|holder/);
    // B sees the message meant for it; the facilitator sees B's pending move.
    expect((await ask('GET', '/api/exercises/ex1/messages', b.token)).body).toContain(secret);
    const console = (await ask('GET', '/api/exercises/ex1/view', fac)).json as unknown as ConsoleView;
    expect(console.seats.find((s) => s.id === b.seat)?.submitted).toHaveLength(1);
    await stillWorks();
  });

  it('refuses a request replayed after its round was resolved (wrong-phase)', async () => {
    const [, b] = twoSeats();
    const viewB = (await ask('GET', '/api/exercises/ex1/view', b.token)).json as unknown as SeatView;
    const request = { type: 'moves.submit', moves: viewB.submitted };
    expect((await command(b.token, request)).status).toBe(200);
    expect((await command(fac, { type: 'round.resolve' })).status).toBe(200);
    refused(await command(b.token, request), 409, 'wrong-phase');
    refused(await command(fac, { type: 'round.resolve' }), 409, 'wrong-phase');
    await stillWorks();
  });

  it('refuses oversized, malformed, deep, odd and over-specified bodies with a JSON error', async () => {
    const [a] = twoSeats();
    const big = JSON.stringify({ type: 'message.send', to: 'all', text: 'x'.repeat(17 * 1024) });
    refused(
      await ask('POST', '/api/exercises/ex1/commands', a.token, big, { 'content-type': 'application/json' }),
      413,
      'too-large',
    );
    const json = { 'content-type': 'application/json' };
    for (const body of [
      '{"type":',
      'null',
      '[]',
      '"seat.join"',
      '12',
      `${'['.repeat(5000)}${']'.repeat(5000)}`,
      `${'{"a":'.repeat(2000)}1${'}'.repeat(2000)}`,
      '{"type":"seat.join","name":"x","__proto__":{"role":"facilitator"}}',
      '{"type":"seat.join","name":"x","constructor":{"prototype":{"role":"facilitator"}}}',
      '{"type":"seat.join","name":"x","admin":true}',
      '{"type":"seat.join","name":"x","by":{"role":"facilitator"}}',
      '{"type":"moves.submit","moves":[{"type":"talks.convene","by":{"$ne":1}}]}',
      '{"type":"message.send","to":"all","text":""}',
      '{"type":"no.such.command"}',
      '',
    ])
      refused(
        await ask('POST', '/api/exercises/ex1/commands', a.token, body, json),
        400,
        'bad-command',
        body,
      );
    // Odd but valid text (a lone surrogate, a NUL, a right-to-left override) is only text: kept as given.
    const odd = '\ud800 \u0000 \u202e evil';
    expect((await command(a.token, { type: 'seat.join', name: odd })).status).toBe(200);
    const me = (await ask('GET', '/api/exercises/ex1/view', a.token)).json as unknown as SeatView;
    expect(me.seat.joinedAs).toBe(odd);
    refused(
      await ask('POST', '/api/exercises/ex1/commands', a.token, '{"type":"seat.join"}', {
        'content-type': 'text/plain',
      }),
      400,
      'bad-command',
    );
    refused(await ask('POST', '/api/exercises', fac, { whatIf: 'no-such-what-if' }), 400, 'bad-command');
    refused(await ask('POST', '/api/exercises', fac, { seats: 1000 }), 400, 'bad-command');
    refused(await ask('GET', '/api/exercises/..%2f..%2fetc/view', fac), 404);
    refused(await ask('GET', '/api/exercises/ex999/view', fac), 404, 'unknown-exercise');
    refused(await ask('GET', '/no/such/route'), 404);
    await stillWorks();
  });

  it('limits each token to 20 requests a second (bursts of 40): 429 with Retry-After, others still served', async () => {
    const limited = await startServer({ scenario, port: 0, db: join(tmp, 'flood.db') });
    try {
      const seat = tokenOf(limited.seats[0]?.link ?? '');
      const hit = (token: string | null) =>
        limited.app.inject({
          method: 'GET',
          url: '/api/me',
          headers: { host: '127.0.0.1', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        });
      const answers = await Promise.all(Array.from({ length: 100 }, () => hit(seat)));
      const statuses = answers.map((r) => r.statusCode);
      expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(40);
      expect(statuses.filter((s) => s === 200).length).toBeLessThan(50);
      const tooMany = answers.find((r) => r.statusCode === 429);
      expect(tooMany?.json()).toMatchObject({ error: { code: 'rate-limited' } });
      expect(Number(tooMany?.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      // The facilitator and the other seats are not slowed by one seat's flood.
      expect((await hit(tokenOf(limited.facilitator))).statusCode).toBe(200);
      expect((await hit(tokenOf(limited.seats[1]?.link ?? ''))).statusCode).toBe(200);
      // Without a token, the limit is per address.
      const anonymous = await Promise.all(Array.from({ length: 60 }, () => hit(null)));
      expect(anonymous.some((r) => r.statusCode === 429)).toBe(true);
      expect((await hit(tokenOf(limited.facilitator))).statusCode).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it('serves the pages folder only: no path traversal, no dotfiles, no other host', async () => {
    for (const url of [
      '/assets/../../package.json',
      '/assets/%2e%2e/%2e%2e/package.json',
      '/assets/..%2f..%2fpackage.json',
      '/assets/%2e%2e%2f%2e%2e%2fserver.ts',
      '/assets/..%5c..%5cpackage.json',
      '/assets/.gitkeep',
      '/assets//etc/passwd',
      '/assets/%00',
    ]) {
      const res = await ask('GET', url);
      expect([400, 403, 404]).toContain(res.status);
      expect(res.body).not.toContain('"dependencies"');
      expect(res.body).not.toContain('root:');
      expect(res.json.error?.code).toBeDefined();
    }
    refused(await ask('GET', '/api/me', fac, undefined, { host: 'attacker.example' }), 421, 'bad-host');
    await stillWorks();
  });
});

/** Opens a socket through the app; resolves with the close code, and the messages received. */
function socket(send: (ws: WebSocket) => void): Promise<{ code: number; messages: string[] }> {
  return new Promise((resolve, reject) => {
    const messages: string[] = [];
    server.app
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
      socket((ws) => ws.send(JSON.stringify({ type: 'auth', token: fac, pad: 'x'.repeat(5000) }))),
      socket((ws) => {
        ws.send(JSON.stringify({ type: 'auth', token: seats[0]?.token, exercise: 'ex1' }));
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
      ws.send(JSON.stringify({ type: 'auth', token: otherExercise.token, exercise: 'ex1' })),
    );
    expect(wrongExercise.code).toBe(4401);
    await stillWorks();
  }, 15_000);

  it('holds at most 64 sockets per token', async () => {
    const auth = (ws: WebSocket) => ws.send(JSON.stringify({ type: 'auth', token: fac }));
    const held: WebSocket[] = [];
    const ready = await Promise.all(
      Array.from(
        { length: 64 },
        () =>
          new Promise<string>((resolve, reject) => {
            server.app
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
    await stillWorks();
  });

  it('tells an authenticated seat that its exercise changed, and nothing else', async () => {
    const seat = seats[0];
    if (!seat) throw new Error('no seat');
    const heard = new Promise<string[]>((resolve) => {
      const messages: string[] = [];
      void server.app.injectWS('/api/socket', { headers: { host: '127.0.0.1' } } as never, {
        onInit: (ws) => {
          ws.on('message', async (data) => {
            messages.push(String(data));
            if (messages.length === 1) {
              // Another exercise changes (not heard), then this one (heard).
              await command(fac, { type: 'exercise.pause' }, otherExercise.id);
              await command(fac, { type: 'exercise.pause' });
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
    await command(fac, { type: 'exercise.resume' });
    await stillWorks();
  });
});
