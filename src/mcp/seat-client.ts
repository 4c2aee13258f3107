import { randomUUID } from 'node:crypto';
import type { Command, MessageView, SeatView } from '../exercise/exercise-types.js';

/** A seat's join link, parsed: the server's origin and the seat's token. */
export interface SeatLink {
  /** `http://127.0.0.1:PORT`, without a trailing slash. */
  readonly origin: string;
  readonly token: string;
}

/** Who a seat token belongs to, as `GET /api/me` says. */
export interface SeatIdentity {
  readonly exercise: string;
  readonly seat: string;
}

/** A join link that cannot be used: malformed, not a seat's, or not on this machine. */
export class SeatLinkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SeatLinkError';
  }
}

/** The exercise server refused a request (its `{error: {code, message}}`), or could not be reached. */
export class SeatApiError extends Error {
  /** The server's error code (`not-your-actor`, `illegal-move`, ...), or `unreachable` / `bad-answer`. */
  readonly code: string;
  /** The HTTP status, or 0 when the server could not be reached. */
  readonly status: number;
  constructor(code: string, status: number, message: string) {
    super(message);
    this.name = 'SeatApiError';
    this.code = code;
    this.status = status;
  }
}

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);
const tokenPattern = /^[A-Za-z0-9_-]{43}$/;
const example = 'http://127.0.0.1:PORT/seat#TOKEN';

/**
 * Parse a seat's join link (`http://127.0.0.1:PORT/seat#TOKEN`, as `auspices serve` prints it). Throws a
 * `SeatLinkError` saying what is wrong for a malformed link, a facilitator's link, or a host other than
 * this machine's loopback (the token is a secret: it is only ever sent to a local server).
 */
export function parseSeatLink(link: string): SeatLink {
  let url: URL;
  try {
    url = new URL(link.trim());
  } catch {
    throw new SeatLinkError(`"${clip(link)}" is not a URL; give the seat's join link, like ${example}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new SeatLinkError(`a join link starts with http://, not ${url.protocol}//; like ${example}`);
  if (!loopbackHosts.has(url.hostname))
    throw new SeatLinkError(
      `the join link points at ${url.hostname}, not this machine: the MCP server only joins a server on loopback (127.0.0.1, localhost or [::1])`,
    );
  if (url.pathname === '/console')
    throw new SeatLinkError(
      `this is the facilitator's console link; give one seat's join link, like ${example}`,
    );
  if (url.pathname !== '/seat')
    throw new SeatLinkError(`the join link's path is ${url.pathname}, not /seat; like ${example}`);
  const token = url.hash.slice(1);
  if (!tokenPattern.test(token))
    throw new SeatLinkError(
      `the join link has no valid token after "#" (43 letters, digits, "-" or "_"); copy the whole link, like ${example}`,
    );
  return { origin: url.origin, token };
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** What `fetch` this client uses (the global one unless a test or an embedder gives another). */
export type Fetch = (input: string, init: RequestInit) => Promise<Response>;

/** Options of a `SeatClient`. */
export interface SeatClientOptions {
  readonly fetch?: Fetch | undefined;
  /** Milliseconds one request may take; 10 s unless given. */
  readonly timeoutMs?: number | undefined;
}

/**
 * A client of the exercise protocol (docs/exercise-protocol.md) holding one seat: every call is one HTTP
 * request with the seat's token, so the server authorises it as it would a browser seat. Refusals are
 * thrown as `SeatApiError` with the server's code and message.
 */
export class SeatClient {
  readonly link: SeatLink;
  readonly #fetch: Fetch;
  readonly #timeoutMs: number;

  constructor(link: SeatLink, options: SeatClientOptions = {}) {
    this.link = link;
    this.#fetch = options.fetch ?? ((input, init) => fetch(input, init));
    this.#timeoutMs = options.timeoutMs ?? 10_000;
  }

  /** Which exercise and seat the token holds; refuses a token that is not a seat's. */
  async me(): Promise<SeatIdentity> {
    const me = (await this.#request('GET', '/api/me')) as {
      role?: unknown;
      exercise?: unknown;
      seat?: unknown;
    };
    if (me.role !== 'seat' || typeof me.exercise !== 'string' || typeof me.seat !== 'string')
      throw new SeatApiError(
        'forbidden',
        403,
        "this link's token is not a seat's (it is the facilitator's?); give one seat's join link",
      );
    return { exercise: me.exercise, seat: me.seat };
  }

  /** The seat's view of its exercise. */
  async view(exercise: string): Promise<SeatView> {
    return (await this.#request('GET', `/api/exercises/${encodeURIComponent(exercise)}/view`)) as SeatView;
  }

  /** The messages the seat may read: public statements and its own bilateral or group messages. */
  async messages(exercise: string): Promise<readonly MessageView[]> {
    const answer = await this.#request('GET', `/api/exercises/${encodeURIComponent(exercise)}/messages`);
    if (Array.isArray(answer)) return answer as MessageView[];
    // The export may wrap the list; take it from there.
    const wrapped = (answer as { messages?: unknown }).messages;
    if (Array.isArray(wrapped)) return wrapped as MessageView[];
    throw new SeatApiError('bad-answer', 200, 'the server answered the messages with no list of messages');
  }

  /** Issue one seat command (`seat.join`, `moves.submit`, `message.send`); resolves to the log's seq. */
  async command(exercise: string, command: Command): Promise<number> {
    const answer = (await this.#request(
      'POST',
      `/api/exercises/${encodeURIComponent(exercise)}/commands`,
      // A fresh nonce: a retry after 429 sends the same one, and the server refuses a replayed request.
      { ...command, nonce: randomUUID() },
    )) as { seq?: unknown };
    return typeof answer.seq === 'number' ? answer.seq : 0;
  }

  async #request(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
    // One retry when the server asks to slow down, after the wait it names (at most 2 s).
    for (let attempt = 0; ; attempt++) {
      const response = await this.#send(method, path, body);
      if (response.status === 429 && attempt === 0) {
        const wait = Math.min(2, Number(response.headers.get('retry-after')) || 1);
        await new Promise((resolve) => setTimeout(resolve, wait * 1000));
        continue;
      }
      return answerOf(response);
    }
  }

  async #send(method: 'GET' | 'POST', path: string, body: unknown): Promise<Response> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.link.token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    try {
      return await this.#fetch(`${this.link.origin}${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
      const why =
        (error as Error).name === 'TimeoutError'
          ? `no answer within ${this.#timeoutMs / 1000} s`
          : typeof cause?.code === 'string'
            ? cause.code
            : typeof cause?.message === 'string'
              ? cause.message
              : (error as Error).message;
      throw new SeatApiError(
        'unreachable',
        0,
        `cannot reach the exercise server at ${this.link.origin} (${why}); is \`auspices serve\` still running?`,
      );
    }
  }
}

async function answerOf(response: Response): Promise<unknown> {
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new SeatApiError(
      'bad-answer',
      response.status,
      `the exercise server answered ${response.status} with something other than JSON; is this an auspices server?`,
    );
  }
  if (response.ok) return json;
  const error = (json as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  throw new SeatApiError(
    typeof error?.code === 'string' ? error.code : 'error',
    response.status,
    typeof error?.message === 'string'
      ? error.message
      : `the exercise server refused the request (${response.status})`,
  );
}
