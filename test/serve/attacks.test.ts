import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleView, SeatView } from '../../src/exercise/exercise-types.js';
import { loadScenarioSync } from '../../src/scenario/read-file.js';
import { startServer } from '../../src/serve/server.js';
import { tokenOf } from './serve-process.js';
import { type Method, openTarget, refused, type Target } from './target.js';

/*
 * The exercise server's HTTP side as an attacker meets it. Every attack asserts the refusal, as the
 * protocol's JSON error, and then that the server still answers. Requests go through `fastify.inject`
 * (the whole app: hooks, parsers, limits); nothing of ours is mocked.
 */

const scenario = loadScenarioSync('scenarios/karabakh/format-week-2020.yaml');
const tmp = mkdtempSync(join(tmpdir(), 'auspices-attacks-'));
let t: Target;
beforeAll(async () => {
  t = await openTarget(scenario, join(tmp, 'target.db'));
});
afterAll(async () => {
  await t?.server.close();
  rmSync(tmp, { recursive: true, force: true });
});

/** Two seats whose actors do not overlap. */
function twoSeats() {
  for (const a of t.seats)
    for (const b of t.seats)
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
      refused(await t.ask(method, url, null, body), 401, 'unauthenticated');
      refused(await t.ask(method, url, forged, body), 401, 'unauthenticated');
      refused(await t.ask(method, url, null, body, { authorization: `Basic ${t.fac}` }), 401);
      refused(await t.ask(method, url, null, body, { authorization: `Bearer ${t.fac}x` }), 401);
    }
    await t.stillWorks();
  });

  it("refuses a seat's token on another exercise, on every route", async () => {
    for (const [method, url] of routes('ex1').slice(3)) {
      const body = method === 'POST' ? { type: 'seat.join', name: 'Mallory' } : undefined;
      refused(await t.ask(method, url, t.otherExercise.token, body), 403, 'forbidden');
    }
    await t.stillWorks();
  });

  it("refuses a seat moving for another seat's actor, and facilitator commands from a seat", async () => {
    const [a, b] = twoSeats();
    expect((await t.command(t.fac, { type: 'round.start', days: 3 })).status).toBe(200);
    const viewB = (await t.ask('GET', '/api/exercises/ex1/view', b.token)).json as unknown as SeatView;
    const move = viewB.moves.find((m) => m.refusal === null)?.move as unknown as Record<string, unknown>;
    expect(move).toBeDefined();
    refused(
      await t.command(a.token, { type: 'moves.submit', moves: [{ ...move, by: b.actors[0] }] }),
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
      refused(await t.command(a.token, cmd), 403);
    for (const [method, url] of [
      ['GET', '/api/exercises'],
      ['POST', '/api/exercises'],
      ['GET', '/api/exercises/ex1/links'],
      ['GET', '/api/exercises/ex1/log'],
      ['GET', '/api/exercises/ex1/review.json'],
      ['GET', '/api/exercises/ex1/review.html'],
    ] as [Method, string][])
      refused(await t.ask(method, url, a.token, method === 'POST' ? {} : undefined), 403, 'forbidden');
    // The facilitator may not play a seat either.
    refused(await t.command(t.fac, { type: 'moves.submit', moves: [move] }), 403);
    await t.stillWorks();
  });

  it("never shows a seat another seat's private messages, pending moves or confidential brief", async () => {
    const [a, b] = twoSeats();
    const c = t.seats.find((s) => s !== a && s !== b);
    if (!c) throw new Error('no third seat');
    const viewB = (await t.ask('GET', '/api/exercises/ex1/view', b.token)).json as unknown as SeatView;
    const move = viewB.moves.find((m) => m.refusal === null)?.move;
    expect((await t.command(b.token, { type: 'moves.submit', moves: [move] })).status).toBe(200);
    const secret = 'SECRET-between-b-and-c';
    expect((await t.command(c.token, { type: 'message.send', to: [b.seat], text: secret })).status).toBe(200);
    const confidential = b.actors
      .flatMap((actor) => scenario.data.briefs?.[actor]?.confidential?.interests ?? [])
      .filter(
        (text) => !a.actors.some((x) => JSON.stringify(scenario.data.briefs?.[x] ?? {}).includes(text)),
      );
    expect(confidential.length).toBeGreaterThan(0);
    const seen: string[] = [];
    for (const [, url] of routes('ex1').filter(([m]) => m === 'GET'))
      seen.push((await t.ask('GET', url, a.token)).body);
    const text = seen.join('\n');
    expect(text).not.toContain(secret);
    for (const line of confidential) expect(text).not.toContain(line);
    const viewA = (await t.ask('GET', '/api/exercises/ex1/view', a.token)).json as unknown as SeatView;
    expect(Object.keys(viewA.briefs).every((actor) => a.actors.includes(actor))).toBe(true);
    expect(viewA.submitted).toEqual([]);
    expect(JSON.stringify(viewA.seats)).not.toMatch(/submitted|holder/);
    // B sees the message meant for it; the facilitator sees B's pending move.
    expect((await t.ask('GET', '/api/exercises/ex1/messages', b.token)).body).toContain(secret);
    const console = (await t.ask('GET', '/api/exercises/ex1/view', t.fac)).json as unknown as ConsoleView;
    expect(console.seats.find((s) => s.id === b.seat)?.submitted).toHaveLength(1);
    await t.stillWorks();
  });

  it('refuses a request replayed after its round was resolved (wrong-phase)', async () => {
    const [, b] = twoSeats();
    const viewB = (await t.ask('GET', '/api/exercises/ex1/view', b.token)).json as unknown as SeatView;
    const request = { type: 'moves.submit', moves: viewB.submitted };
    expect((await t.command(b.token, request)).status).toBe(200);
    expect((await t.command(t.fac, { type: 'round.resolve' })).status).toBe(200);
    refused(await t.command(b.token, request), 409, 'wrong-phase');
    refused(await t.command(t.fac, { type: 'round.resolve' }), 409, 'wrong-phase');
    await t.stillWorks();
  });

  it('refuses a command replayed with its nonce, even within the round, and logs it once', async () => {
    const [a, b] = twoSeats();
    const message = { type: 'message.send', to: [b.seat], text: 'once only', nonce: 'replay-nonce-0001' };
    expect((await t.command(a.token, message)).status).toBe(200);
    refused(await t.command(a.token, message), 409, 'replayed');
    refused(await t.command(a.token, { ...message, nonce: 'short' }), 400, 'bad-command');
    const view = (await t.ask('GET', '/api/exercises/ex1/view', b.token)).json as unknown as SeatView;
    expect(view.messages.filter((m) => m.text === 'once only')).toHaveLength(1);
    await t.stillWorks();
  });

  it('refuses oversized, malformed, deep, odd and over-specified bodies with a JSON error', async () => {
    const [a] = twoSeats();
    const big = JSON.stringify({ type: 'message.send', to: 'all', text: 'x'.repeat(17 * 1024) });
    refused(
      await t.ask('POST', '/api/exercises/ex1/commands', a.token, big, {
        'content-type': 'application/json',
      }),
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
        await t.ask('POST', '/api/exercises/ex1/commands', a.token, body, json),
        400,
        'bad-command',
        body,
      );
    // Odd but valid text (a lone surrogate, a NUL, a right-to-left override) is only text: kept as given.
    const odd = '\ud800 \u0000 \u202e evil';
    expect((await t.command(a.token, { type: 'seat.join', name: odd })).status).toBe(200);
    const me = (await t.ask('GET', '/api/exercises/ex1/view', a.token)).json as unknown as SeatView;
    expect(me.seat.joinedAs).toBe(odd);
    refused(
      await t.ask('POST', '/api/exercises/ex1/commands', a.token, '{"type":"seat.join"}', {
        'content-type': 'text/plain',
      }),
      400,
      'bad-command',
    );
    refused(await t.ask('POST', '/api/exercises', t.fac, { whatIf: 'no-such-what-if' }), 400, 'bad-command');
    refused(await t.ask('POST', '/api/exercises', t.fac, { seats: 1000 }), 400, 'bad-command');
    refused(await t.ask('GET', '/api/exercises/..%2f..%2fetc/view', t.fac), 404);
    refused(await t.ask('GET', '/api/exercises/ex999/view', t.fac), 404, 'unknown-exercise');
    refused(await t.ask('GET', '/no/such/route'), 404);
    await t.stillWorks();
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
      const started = performance.now();
      const answers = await Promise.all(Array.from({ length: 100 }, () => hit(seat)));
      const seconds = (performance.now() - started) / 1000;
      const served = answers.filter((r) => r.statusCode === 200).length;
      // The burst of 40, plus what 20 a second refilled while the flood lasted.
      expect(served).toBeGreaterThanOrEqual(40);
      expect(served).toBeLessThanOrEqual(40 + Math.ceil(20 * seconds) + 1);
      expect(served).toBeLessThan(100);
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

  it('refuses to listen beyond loopback', async () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.10', 'example.org'])
      await expect(startServer({ scenario, port: 0, host, db: join(tmp, 'open.db') })).rejects.toThrow(
        /loopback only/,
      );
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
      const res = await t.ask('GET', url);
      expect([400, 403, 404]).toContain(res.status);
      expect(res.body).not.toContain('"dependencies"');
      expect(res.body).not.toContain('root:');
      expect(res.json.error?.code).toBeDefined();
    }
    refused(await t.ask('GET', '/api/me', t.fac, undefined, { host: 'attacker.example' }), 421, 'bad-host');
    await t.stillWorks();
  });
});
