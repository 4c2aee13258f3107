import { expect } from 'vitest';
import type { ConsoleView } from '../../src/exercise/exercise-types.js';
import type { Scenario } from '../../src/scenario/scenario.js';
import { type RunningServer, startServer } from '../../src/serve/server.js';
import { tokenOf } from './serve-process.js';

/** An HTTP method the routes use. */
export type Method = 'GET' | 'POST';

/** An answer through `fastify.inject`: status, body, its JSON when it is JSON, headers. */
export interface Injected {
  readonly status: number;
  readonly json: { error?: { code: string; message: string } } & Record<string, unknown>;
  readonly body: string;
  readonly headers: Record<string, unknown>;
}

/** A server to attack, in this process, with its tokens and helpers that go through `fastify.inject`. */
export interface Target {
  readonly server: RunningServer;
  /** The facilitator's token. */
  readonly fac: string;
  /** The seats of ex1 with their tokens and actors. */
  readonly seats: readonly { seat: string; token: string; actors: readonly string[] }[];
  /** A second exercise and the token of its first seat. */
  readonly otherExercise: { readonly id: string; readonly token: string };
  ask(
    method: Method,
    url: string,
    token?: string | null,
    body?: string | object,
    headers?: Record<string, string>,
  ): Promise<Injected>;
  command(token: string, cmd: unknown, exercise?: string): Promise<Injected>;
  /** The server still answers: health, and the facilitator's view. */
  stillWorks(): Promise<void>;
}

/**
 * Starts a server on `db` (port 0) with a generous request limit, so that attacks are not cut short by
 * it, and a second exercise beside ex1.
 */
export async function openTarget(scenario: Scenario, db: string): Promise<Target> {
  const server = await startServer({ scenario, port: 0, db, rateLimit: { rate: 10_000, burst: 10_000 } });
  const fac = tokenOf(server.facilitator);
  const ask: Target['ask'] = async (method, url, token, body, headers = {}) => {
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
    let json: Injected['json'] = {};
    try {
      json = res.json();
    } catch {
      json = {};
    }
    return { status: res.statusCode, json, body: res.body, headers: res.headers };
  };
  const view = (await ask('GET', '/api/exercises/ex1/view', fac)).json as unknown as ConsoleView;
  const seats = server.seats.map((s) => ({
    seat: s.seat,
    token: tokenOf(s.link),
    actors: view.seats.find((v) => v.id === s.seat)?.actors ?? [],
  }));
  const created = await ask('POST', '/api/exercises', fac, { title: 'Another class' });
  expect(created.status).toBe(200);
  const other = created.json as unknown as { id: string; seats: { link: string }[] };
  return {
    server,
    fac,
    seats,
    otherExercise: { id: other.id, token: tokenOf(other.seats[0]?.link ?? '') },
    ask,
    command: (token, cmd, exercise = 'ex1') =>
      ask('POST', `/api/exercises/${exercise}/commands`, token, cmd as object),
    async stillWorks() {
      expect((await ask('GET', '/healthz')).status).toBe(200);
      expect((await ask('GET', '/api/exercises/ex1/view', fac)).status).toBe(200);
    },
  };
}

/** A refusal in the protocol's form: the status, the code, a message, and no stack trace. */
export function refused(res: Injected, status: number, code?: string, what = ''): void {
  expect(res.status, what.slice(0, 80)).toBe(status);
  expect(res.json.error?.message).toMatch(/\w/);
  if (code) expect(res.json.error?.code).toBe(code);
  expect(res.body).not.toMatch(/ at .*\.(ts|js):\d+/);
}
