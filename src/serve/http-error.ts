import type { FastifyReply } from 'fastify';

/** The codes of the protocol's refusals that the server itself gives (the core gives the others). */
export type HttpErrorCode =
  | 'bad-command'
  | 'unauthenticated'
  | 'forbidden'
  | 'unknown-exercise'
  | 'not-found'
  | 'too-large'
  | 'rate-limited'
  | 'bad-host'
  | 'internal';

/** A refusal the routes throw: the error handler answers it as `{error: {code, message}}`. */
export class HttpError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: HttpErrorCode | string, message: string) {
    super(message);
    this.name = 'HttpError';
    this.status = status;
    this.code = code;
  }
}

/** Sends a refusal as the protocol's JSON error. */
export function sendError(reply: FastifyReply, status: number, code: string, message: string): FastifyReply {
  return reply.code(status).type('application/json; charset=utf-8').send({ error: { code, message } });
}

/**
 * The refusal for an error Fastify raised before a route ran (a body too large, bad JSON, a wrong
 * content type), or an internal error: never a stack trace, never the error's own text for a 500.
 */
export function refusalOf(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  const e = error as { statusCode?: unknown; code?: unknown };
  const status = typeof e.statusCode === 'number' ? e.statusCode : 500;
  if (status === 413)
    return new HttpError(413, 'too-large', 'the request body is over 16 KiB; send a smaller command');
  if (status === 415)
    return new HttpError(
      400,
      'bad-command',
      'the body is not JSON; send it with Content-Type: application/json',
    );
  if (status >= 400 && status < 500)
    return new HttpError(
      400,
      'bad-command',
      'the body is not valid JSON (or holds a __proto__ key); send one JSON object',
    );
  return new HttpError(500, 'internal', 'the server failed to answer; this is a bug, please report it');
}
