import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleView, MessageView } from '../../src/exercise/exercise-types.js';
import { parseSeatLink } from '../../src/mcp/seat-client.js';
import { client, type ServeProcess, serve, tokenOf } from './serve-process.js';

/*
 * `auspices mcp` as an agent meets it: the real exercise server in a child process, and the official
 * SDK's client spawning `auspices mcp` over stdio. What the agent does is checked through the
 * facilitator's HTTP view; what it may not do is refused with the server's own message.
 */

const tmp = mkdtempSync(join(tmpdir(), 'auspices-mcp-'));
let server: ServeProcess;
let fac: ReturnType<typeof client>;
let agent: Client;
let stderr = '';

type Legal = { index: number; label: string; move: { type: string; by: string } };

async function call(name: string, args: Record<string, unknown> = {}) {
  const result = (await agent.callTool({ name, arguments: args })) as CallToolResult;
  const text = result.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
  return { ...result, text, json: (result.structuredContent ?? {}) as Record<string, unknown> };
}

function mcpClient(args: readonly string[]) {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: ['dist/cli/bin.js', 'mcp', ...args],
    stderr: 'pipe',
  });
  transport.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString('utf8');
  });
  const c = new Client({ name: 'auspices-test', version: '1.0.0' });
  return { c, connected: c.connect(transport) };
}

/** `node ...args` with `input` on its standard input, to its exit. */
function node(args: readonly string[], input: string) {
  const child = spawn(process.execPath, args);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString('utf8');
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString('utf8');
  });
  child.stdin.end(input);
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (status) => resolve({ status, stdout, stderr })),
  );
}

const cli = (args: readonly string[], input: string) => node(['dist/cli/bin.js', ...args], input);

// Started at once, beside the server: they need no server.
let quiet: ReturnType<typeof cli>;
let badLink: ReturnType<typeof cli>;
// Started as soon as the round is open: a second MCP server joined with --link, and the example agent.
let linked: ReturnType<typeof mcpClient>;
let example: ReturnType<typeof node>;

const seat = (n: number) => {
  const s = server.seats[n];
  if (!s) throw new Error(`no seat ${n}`);
  return s;
};

beforeAll(async () => {
  quiet = cli(['mcp'], '');
  badLink = cli(['mcp', '--link', 'http://127.0.0.1:4700/console'], '');
  const first = mcpClient([]);
  agent = first.c;
  server = await serve([
    'scenarios/karabakh/format-week-2020.yaml',
    '--port',
    '0',
    '--db',
    join(tmp, 'mcp.db'),
  ]);
  fac = client(server.url, tokenOf(server.facilitator));
  expect(
    (await fac.command('ex1', { type: 'seat.assign', seat: seat(0).seat, holder: { kind: 'agent' } })).status,
  ).toBe(200);
  expect((await fac.command('ex1', { type: 'round.start', days: 1 })).status).toBe(200);
  linked = mcpClient(['--link', seat(1).link]);
  example = node(['examples/agents/mcp-seat.mjs', seat(2).link, '--rounds', '1'], '');
  await first.connected;
});

afterAll(async () => {
  await agent?.close();
  await linked?.c.close();
  server?.child.kill('SIGTERM');
  await server?.exit;
  rmSync(tmp, { recursive: true, force: true });
});

describe('auspices mcp', () => {
  it('should list its tools', async () => {
    const { tools } = await agent.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([
      'join_seat',
      'legal_moves',
      'read_messages',
      'seat_view',
      'send_message',
      'submit_moves',
      'wait_for_change',
    ]);
    expect(agent.getInstructions()).toMatch(/join_seat/);
  });

  it('should ask for a join link before anything else', async () => {
    const view = await call('seat_view');
    expect(view.isError).toBe(true);
    expect(view.text).toMatch(/call join_seat/);
  });

  it('should refuse a link that is not a loopback seat link, with what to do', async () => {
    const far = await call('join_seat', { link: `http://example.org:4700/seat#${'A'.repeat(43)}` });
    expect(far.isError).toBe(true);
    expect(far.text).toMatch(/not this machine/);
    const console = await call('join_seat', { link: server.facilitator });
    expect(console.isError).toBe(true);
    expect(console.text).toMatch(/facilitator's console link/);
    // The facilitator's token dressed as a seat link: the server says whose it is, and it is refused.
    const dressed = await call('join_seat', { link: `${server.url}/seat#${tokenOf(server.facilitator)}` });
    expect(dressed.isError).toBe(true);
    expect(dressed.text).toMatch(/not a seat's/);
  });

  it('should join a seat, read its view and legal moves, submit a move and send a message', async () => {
    const s = seat(0);
    const joined = await call('join_seat', { link: s.link, name: 'Test agent' });
    expect(joined.isError).toBeFalsy();
    expect(joined.text).toContain(`Joined seat ${s.seat}`);

    const view = await call('seat_view');
    expect(view.isError).toBeFalsy();
    expect(view.text).toContain(`Seat ${s.seat}`);
    expect(view.text).toContain('joined as Test agent');
    const header = view.json.header as { phase: string };
    expect(header.phase).toBe('round');
    expect((view.json.news as unknown[]).length).toBeLessThanOrEqual(20);

    const moves = await call('legal_moves');
    const legal = moves.json.legal as Legal[];
    expect(legal.length).toBeGreaterThan(0);
    expect(moves.text).toContain(`1. ${legal[0]?.label}`);

    const submitted = await call('submit_moves', { moves: [1] });
    expect(submitted.isError).toBeFalsy();
    const message = await call('send_message', { to: 'all', text: 'We propose talks under the co-chairs.' });
    expect(message.isError).toBeFalsy();
    const offer = await call('send_message', {
      to: [seat(1).seat],
      text: 'Join us in this?',
      proposal: { text: 'Do the same', move: 1 },
    });
    expect(offer.isError).toBeFalsy();

    // The facilitator sees both, over HTTP.
    const console = (await fac.get<ConsoleView>('/api/exercises/ex1/view')).json;
    expect(console.seats.find((x) => x.id === s.seat)?.submitted).toEqual([legal[0]?.move]);
    const messages = (await fac.get<MessageView[]>('/api/exercises/ex1/messages')).json;
    expect(messages).toContainEqual(
      expect.objectContaining({ from: s.seat, to: 'all', text: 'We propose talks under the co-chairs.' }),
    );
    expect(messages).toContainEqual(
      expect.objectContaining({
        from: s.seat,
        to: [seat(1).seat],
        proposal: { text: 'Do the same', move: legal[0]?.move },
      }),
    );
    const read = await call('read_messages');
    expect(read.text).toContain('We propose talks under the co-chairs.');
  });

  it("should refuse a move for another seat's actor with the server's message", async () => {
    const legal = (await call('legal_moves')).json.legal as Legal[];
    const seats = (await fac.get<ConsoleView>('/api/exercises/ex1/view')).json.seats;
    const mine = seats.find((x) => x.id === seat(0).seat)?.actors ?? [];
    const other = seats.find((x) => !x.actors.some((a) => mine.includes(a)));
    const move = { ...legal[0]?.move, by: other?.actors[0] };
    const tried = await call('submit_moves', { moves: [move] });
    expect(tried.isError).toBe(true);
    // The same command over HTTP with the seat's own token: the same refusal, word for word.
    const direct = await client(server.url, tokenOf(seat(0).link)).command('ex1', {
      type: 'moves.submit',
      moves: [move],
    });
    const error = (direct.json as { error: { code: string; message: string } }).error;
    expect(direct.status).toBe(403);
    expect(error.code).toBe('not-your-actor');
    expect(tried.text).toBe(error.message);
  });

  it("should refuse a forged link with the server's message, and keep the seat it holds", async () => {
    const forged = `${server.url}/seat#${randomBytes(32).toString('base64url')}`;
    const tried = await call('join_seat', { link: forged });
    expect(tried.isError).toBe(true);
    const direct = await client(server.url, tokenOf(forged)).get<{ error: { message: string } }>('/api/me');
    expect(direct.status).toBe(401);
    expect(tried.text).toBe(direct.json.error.message);
    expect((await call('seat_view')).text).toContain(`Seat ${seat(0).seat}`);
  });

  it('should join at start with --link', async () => {
    await linked.connected;
    const view = (await linked.c.callTool({ name: 'seat_view', arguments: {} })) as CallToolResult;
    expect(view.isError).toBeFalsy();
    expect(JSON.stringify(view.content)).toContain(`Seat ${seat(1).seat}`);
    expect(stderr).toContain(`joined seat ${seat(1).seat}`);
  });

  it('should play a round with the example agent', async () => {
    const run = await example;
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/round 1: submitted /);
    const console = (await fac.get<ConsoleView>('/api/exercises/ex1/view')).json;
    expect(console.seats.find((x) => x.id === seat(2).seat)?.submitted).toHaveLength(1);
  });

  it('should wait for a change and say when one came', async () => {
    // Other seats joined and moved since this one last looked: catch up first.
    await call('seat_view');
    const quiet = await call('wait_for_change', { timeoutSeconds: 1 });
    expect(quiet.json.changed).toBe(false);
    const waiting = call('wait_for_change', { timeoutSeconds: 10 });
    await fac.command('ex1', { type: 'round.resolve' });
    const changed = await waiting;
    expect(changed.json.changed).toBe(true);
    expect(changed.text).toMatch(/1 round resolved/);
  });

  it('should stop when its input closes, having written nothing on standard output', async () => {
    const run = await quiet;
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('');
  });

  it('should refuse a bad --link at start with exit 2 and the reason', async () => {
    const run = await badLink;
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/facilitator's console link/);
  });
});

describe('parseSeatLink', () => {
  const token = 'A'.repeat(43);

  it('should take a seat link on loopback', () => {
    expect(parseSeatLink(`http://127.0.0.1:4700/seat#${token}`)).toEqual({
      origin: 'http://127.0.0.1:4700',
      token,
    });
    expect(parseSeatLink(` http://localhost:4700/seat#${token} `).origin).toBe('http://localhost:4700');
    expect(parseSeatLink(`http://[::1]:4700/seat#${token}`).origin).toBe('http://[::1]:4700');
  });

  it.each([
    ['seat link', /is not a URL/],
    [`ftp://127.0.0.1/seat#${token}`, /starts with http/],
    [`http://192.168.1.5:4700/seat#${token}`, /not this machine/],
    [`http://127.0.0.1.example.org/seat#${token}`, /not this machine/],
    [`http://127.0.0.1:4700/console#${token}`, /facilitator's console link/],
    [`http://127.0.0.1:4700/api/me#${token}`, /path is \/api\/me/],
    ['http://127.0.0.1:4700/seat', /no valid token/],
    ['http://127.0.0.1:4700/seat#short', /no valid token/],
  ])('should refuse %s, saying why', (link, why) => {
    expect(() => parseSeatLink(link)).toThrow(why);
  });
});
