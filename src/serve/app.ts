import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { bearerToken, type Grant, tokenHash } from './auth.js';
import { HttpError, refusalOf, sendError } from './http-error.js';
import type { LiveExercises } from './live.js';
import { defaultRateLimit, type RateLimit, RateLimiter } from './rate-limit.js';
import { registerRoutes } from './routes.js';
import { registerSocket } from './socket.js';

/** The largest request body, in bytes. */
const bodyLimit = 16 * 1024;

/** What the app serves. */
export interface AppOptions {
  readonly live: LiveExercises;
  /** The folder of the pages and their scripts (absolute). */
  readonly publicDir: string;
  /** The origin links are made on, once the server listens (`http://127.0.0.1:4700`). */
  readonly base: () => string;
  /** Requests per token (or per address without a token); the protocol's 20/s, bursts of 40, by default. */
  readonly rateLimit?: RateLimit | undefined;
  /** Called with errors the server did not expect (answered as 500). */
  readonly onInternalError?: ((error: unknown) => void) | undefined;
}

/** Host names the server answers to: it listens on loopback only, and this refuses DNS rebinding. */
const loopbackHost = /^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/i;

const pageHeaders = {
  'content-security-policy':
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
};

/**
 * The exercise server as a Fastify app (not listening yet): the routes of docs/exercise-protocol.md, the
 * WebSocket, the pages, bearer-token authentication, a token bucket per token, bodies of at most 16 KiB,
 * and every refusal as JSON `{error: {code, message}}`.
 */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { live } = options;
  const app = Fastify({
    logger: false,
    bodyLimit,
    // Deep or odd JSON is parsed by Fastify's secure parser; prototype keys are refused, not stripped.
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    return503OnClosing: true,
    forceCloseConnections: true,
  });
  const grants = new WeakMap<FastifyRequest, Grant | null>();
  const limiter = new RateLimiter(options.rateLimit ?? defaultRateLimit);

  app.addHook('onRequest', async (req, reply) => {
    if (!loopbackHost.test(req.headers.host ?? ''))
      throw new HttpError(421, 'bad-host', 'this server answers only on 127.0.0.1, localhost or [::1]');
    const token = bearerToken(req.headers.authorization);
    const grant = token === null ? null : live.grant(token);
    grants.set(req, grant);
    const key = grant !== null && token !== null ? `t:${tokenHash(token)}` : `a:${req.ip}`;
    const wait = limiter.take(key, performance.now());
    if (wait > 0) {
      reply.header('retry-after', String(wait));
      throw new HttpError(
        429,
        'rate-limited',
        `too many requests (at most ${(options.rateLimit ?? defaultRateLimit).rate} a second); retry after ${wait} s`,
      );
    }
  });
  app.addHook('onSend', async (req, reply, payload) => {
    for (const [k, v] of Object.entries(pageHeaders)) if (!reply.hasHeader(k)) reply.header(k, v);
    if (req.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
    return payload;
  });
  app.setErrorHandler((error, _req, reply) => {
    const refusal = refusalOf(error);
    if (refusal.status >= 500) options.onInternalError?.(error);
    return sendError(reply, refusal.status, refusal.code, refusal.message);
  });
  app.setNotFoundHandler((req, reply) =>
    sendError(reply, 404, 'not-found', `there is nothing at ${req.method} ${req.url.split('?')[0]}`),
  );

  await app.register(fastifyWebsocket, { options: { maxPayload: 4096 } });
  await app.register(fastifyStatic, {
    root: options.publicDir,
    prefix: '/assets/',
    dotfiles: 'ignore',
    index: false,
  });
  app.get('/console', (_req, reply) => reply.sendFile('console.html'));
  app.get('/seat', (_req, reply) => reply.sendFile('seat.html'));

  /** The grant of the request's token: 401 when it has none the server knows. */
  const grantOf = (req: FastifyRequest): Grant => {
    const grant = grants.get(req) ?? null;
    if (grant === null)
      throw new HttpError(
        401,
        'unauthenticated',
        req.headers.authorization === undefined
          ? 'this needs a token: send Authorization: Bearer TOKEN (the part of your link after #)'
          : 'the token is malformed or unknown; use the part of your link after #',
      );
    return grant;
  };
  registerRoutes(app, live, grantOf, options.base);
  registerSocket(app, live);
  return app;
}
