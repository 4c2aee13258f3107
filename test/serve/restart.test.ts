import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import type { ConsoleView, MessageView, SeatView } from '../../src/exercise/exercise-types.js';
import { client, type ServeProcess, serve, tokenOf } from './serve-process.js';

const flagship = 'scenarios/karabakh/format-week-2020.yaml';
const tmp = mkdtempSync(join(tmpdir(), 'auspices-serve-'));
const db = join(tmp, 'class.db');
const running: ServeProcess[] = [];
afterAll(() => {
  for (const p of running) p.child.kill('SIGKILL');
  rmSync(tmp, { recursive: true, force: true });
});

/** A move a seat may submit now: the first of its options that the rules accept. */
function legalMove(view: SeatView): Record<string, unknown> {
  const option = view.moves.find((m) => m.refusal === null);
  if (!option) throw new Error(`seat ${view.seat.id} has no legal move`);
  return { ...(option.move as unknown as Record<string, unknown>) };
}

describe('auspices serve, killed mid-round and started again on the same database', () => {
  it('keeps every answered command: links, joins, moves, messages, injects, the open round', async () => {
    const first = await serve([flagship, '--port', '0', '--db', db]);
    running.push(first);
    expect(first.seats).toHaveLength(12);
    expect(statSync(db).mode & 0o777).toBe(0o600);
    const fac = client(first.url, tokenOf(first.facilitator));
    const [a, b, c] = first.seats.slice(0, 3).map((s) => ({ ...s, api: client(first.url, tokenOf(s.link)) }));
    if (!a || !b || !c) throw new Error('fewer than three seats');

    expect((await fetch(`${first.url}/healthz`)).status).toBe(200);
    for (const [seat, name] of [
      [a, 'Ana'],
      [b, 'Ben'],
      [c, 'Cem'],
    ] as const)
      expect((await seat.api.command('ex1', { type: 'seat.join', name })).json).toMatchObject({ ok: true });
    expect(
      (await fac.command('ex1', { type: 'round.start', days: 7, deadlineSeconds: 1200 })).json,
    ).toMatchObject({ ok: true });
    // Two seats submit a move each; a public statement and a bilateral message.
    const viewA = (await a.api.get<SeatView>('/api/exercises/ex1/view')).json;
    const viewB = (await b.api.get<SeatView>('/api/exercises/ex1/view')).json;
    const moveA = legalMove(viewA);
    const moveB = legalMove(viewB);
    expect((await a.api.command('ex1', { type: 'moves.submit', moves: [moveA] })).status).toBe(200);
    expect((await b.api.command('ex1', { type: 'moves.submit', moves: [moveB] })).status).toBe(200);
    expect(
      (await a.api.command('ex1', { type: 'message.send', to: 'all', text: 'We call for talks.' })).status,
    ).toBe(200);
    expect(
      (
        await a.api.command('ex1', {
          type: 'message.send',
          to: [b.seat],
          text: 'Between us: a joint text?',
          proposal: { text: 'A joint statement', move: moveA },
        })
      ).status,
    ).toBe(200);
    // Injects: hold one, release another, add a contingency.
    const before = (await fac.get<ConsoleView>('/api/exercises/ex1/view')).json;
    const pending = before.injects.filter((i) => i.status === 'pending');
    const [held, released] = pending;
    if (!held || !released) throw new Error('fewer than two pending injects');
    expect((await fac.command('ex1', { type: 'inject.hold', inject: held.id })).status).toBe(200);
    expect((await fac.command('ex1', { type: 'inject.hold', inject: released.id })).status).toBe(200);
    expect((await fac.command('ex1', { type: 'inject.release', inject: released.id })).status).toBe(200);
    const contingency = before.contingency[0];
    if (contingency)
      expect((await fac.command('ex1', { type: 'inject.add', contingency: contingency.id })).status).toBe(
        200,
      );

    const consoleBefore = (await fac.get<ConsoleView>('/api/exercises/ex1/view')).json;
    const seatBefore = (await b.api.get<SeatView>('/api/exercises/ex1/view')).json;
    const messagesBefore = (await b.api.get<MessageView[]>('/api/exercises/ex1/messages')).json;
    const logBefore = (await fac.get<string>('/api/exercises/ex1/log')).json;
    expect(consoleBefore.exercise.phase).toBe('round');

    // Killed at once: no chance to flush anything that was not already durable.
    first.child.kill('SIGKILL');
    await first.exit;

    const second = await serve([flagship, '--port', '0', '--db', db]);
    running.push(second);
    expect(second.facilitator.split('#')[1]).toBe(first.facilitator.split('#')[1]);
    expect(second.seats.map((s) => [s.seat, s.name, tokenOf(s.link)])).toEqual(
      first.seats.map((s) => [s.seat, s.name, tokenOf(s.link)]),
    );
    const fac2 = client(second.url, tokenOf(second.facilitator));
    const b2 = client(second.url, tokenOf(b.link));
    const a2 = client(second.url, tokenOf(a.link));
    expect((await fac2.get('/api/exercises/ex1/view')).json).toEqual(consoleBefore);
    expect((await b2.get('/api/exercises/ex1/view')).json).toEqual(seatBefore);
    expect((await b2.get('/api/exercises/ex1/messages')).json).toEqual(messagesBefore);
    expect((await fac2.get('/api/exercises/ex1/log')).json).toBe(logBefore);
    const after = (await fac2.get<ConsoleView>('/api/exercises/ex1/view')).json;
    expect(after.exercise.phase).toBe('round');
    expect(after.seats.find((s) => s.id === a.seat)?.submitted).toHaveLength(1);
    expect(after.seats.find((s) => s.id === b.seat)?.submitted).toHaveLength(1);
    expect(after.seats.find((s) => s.id === a.seat)?.joinedAs).toBe('Ana');
    expect(after.injects.find((i) => i.id === held.id)?.status).toBe('held');
    expect(after.injects.find((i) => i.id === released.id)?.status).toBe('released');
    expect(after.messages.map((m) => m.text)).toEqual(['We call for talks.', 'Between us: a joint text?']);
    // A seat's own submission survived, and a seat still sees its bilateral message.
    expect((await a2.get<SeatView>('/api/exercises/ex1/view')).json.submitted).toHaveLength(1);

    // The round goes on: resolve it.
    expect((await fac2.command('ex1', { type: 'round.resolve' })).json).toMatchObject({ ok: true });
    const resolved = (await fac2.get<ConsoleView>('/api/exercises/ex1/view')).json;
    expect(resolved.exercise.round).toBe(1);
    expect(resolved.exercise.day).toBeGreaterThan(consoleBefore.exercise.day);

    // The review: the facilitator's at any time; a seat's once the exercise has ended.
    expect((await b2.get('/api/exercises/ex1/review.json')).status).toBe(403);
    expect((await fac2.command('ex1', { type: 'exercise.end' })).status).toBe(200);
    const review = await b2.get<Record<string, unknown>>('/api/exercises/ex1/review.json');
    expect(review.status).toBe(200);
    expect(typeof review.json).toBe('object');
    const page = await fetch(`${second.url}/api/exercises/ex1/review.html`, {
      headers: { authorization: `Bearer ${tokenOf(second.facilitator)}` },
    });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toMatch(/^<!doctype html>/i);

    // SIGTERM stops it cleanly.
    second.child.kill('SIGTERM');
    expect(await second.exit).toBe(0);

    // The log is append-only, in WAL mode: the database itself refuses to change or drop an event.
    const raw = new Database(db);
    try {
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(() => raw.exec("UPDATE events SET body = '{}'")).toThrow(/append-only/);
      expect(() => raw.exec('DELETE FROM events')).toThrow(/append-only/);
      // Every event logged before the kill, then the round resolved and the exercise ended.
      expect(raw.prepare('SELECT count(*) AS n FROM events').get()).toEqual({
        n: logBefore.split('\n').filter(Boolean).length + 2,
      });
    } finally {
      raw.close();
    }
  });

  it('refuses a database of another scenario, a bad what-if, a bad port and a bad file with one line and exit 2', async () => {
    // The command line in this process (runCli, as bin.js runs it): nothing listens for these.
    const run = async (...args: string[]) => {
      let err = '';
      const code = await runCli(['serve', ...args], { out: () => {}, err: (text) => (err += text) });
      return { code, err };
    };
    const other = await run('scenarios/moldova-2003-2006/kozak-to-5plus2.yaml', '--port', '0', '--db', db);
    expect(other.err).toMatch(/holds exercises of another scenario/);
    const badWhatIf = await run(
      flagship,
      '--port',
      '0',
      '--db',
      join(tmp, 'fresh.db'),
      '--what-if',
      'no-such',
    );
    expect(badWhatIf.err).toMatch(/unknown what-if "no-such"/);
    const badPort = await run(flagship, '--port', '70000', '--db', join(tmp, 'fresh.db'));
    expect(badPort.err).toMatch(/not a port from 0 to 65535/);
    const badFile = await run('no-such-file.yaml', '--port', '0', '--db', join(tmp, 'fresh.db'));
    expect(badFile.err).toMatch(/no-such-file\.yaml:1:1: no such file/);
    for (const r of [other, badWhatIf, badPort, badFile]) {
      expect(r.code).toBe(2);
      expect(r.err).not.toMatch(/\n\s+at /);
    }
    // The database of the refused what-if was not left behind.
    expect(existsSync(join(tmp, 'fresh.db'))).toBe(false);
  });
});
