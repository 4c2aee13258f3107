import type { WebSocket } from '@fastify/websocket';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { tokenHash } from './auth.js';
import type { LiveExercises } from './live.js';

/** Sockets one token may hold open at once. */
const socketsPerToken = 64;
/** How long a new socket has to authenticate, in ms. */
const authWithin = 5000;

/** Close codes: no or bad token; a message that is not the one expected; too many sockets. */
const closeCodes = { unauthenticated: 4401, badMessage: 4400, tooMany: 4429 } as const;

const authMessage = z.strictObject({
  type: z.literal('auth'),
  token: z.string().max(100),
  exercise: z.string().max(80).optional(),
});

interface Listener {
  readonly socket: WebSocket;
  /** The exercise it hears about, or null for every exercise (the facilitator's choice). */
  readonly exercise: string | null;
}

/**
 * `GET /api/socket`: a WebSocket that says "exercise X changed, its log is at seq N" and nothing else.
 * The first message must be `{"type":"auth","token":...,"exercise"?:...}` within 5 s; anything else, or
 * any message after it, closes the socket with 4401 (unauthenticated) or 4400 (bad message). Frames over
 * 4 KiB are refused by the WebSocket layer itself (close 1009).
 */
export function registerSocket(app: FastifyInstance, live: LiveExercises): void {
  const listeners = new Set<Listener>();
  const perToken = new Map<string, number>();
  const stop = live.onChange((exercise, seq) => {
    const text = JSON.stringify({ type: 'changed', exercise, seq });
    for (const l of listeners)
      if ((l.exercise === null || l.exercise === exercise) && l.socket.readyState === l.socket.OPEN)
        l.socket.send(text);
  });
  app.addHook('onClose', async () => stop());

  app.get('/api/socket', { websocket: true }, (socket) => {
    let listener: Listener | null = null;
    let key: string | null = null;
    const close = (code: number, reason: string) => {
      if (socket.readyState === socket.OPEN || socket.readyState === socket.CONNECTING)
        socket.close(code, reason);
    };
    const timer = setTimeout(
      () => close(closeCodes.unauthenticated, 'send {"type":"auth","token":...} within 5 s'),
      authWithin,
    );
    socket.on('message', (data, isBinary) => {
      if (listener !== null || key !== null)
        return close(closeCodes.badMessage, 'the socket only listens; send commands over HTTP');
      let parsed: z.infer<typeof authMessage>;
      try {
        const input: unknown = isBinary ? null : JSON.parse(String(data));
        parsed = authMessage.parse(input);
      } catch {
        return close(closeCodes.badMessage, 'the first message must be {"type":"auth","token":...}');
      }
      const grant = live.grant(parsed.token);
      if (grant === null) return close(closeCodes.unauthenticated, 'the token is malformed or unknown');
      let exercise: string | null;
      if (grant.role === 'seat') {
        if (parsed.exercise !== undefined && parsed.exercise !== grant.exercise)
          return close(closeCodes.unauthenticated, 'this token is for another exercise');
        exercise = grant.exercise;
      } else {
        exercise = parsed.exercise ?? null;
        if (exercise !== null && live.get(exercise) === undefined)
          return close(closeCodes.badMessage, 'there is no such exercise');
      }
      const hash = tokenHash(parsed.token);
      const open = perToken.get(hash) ?? 0;
      if (open >= socketsPerToken)
        return close(closeCodes.tooMany, `at most ${socketsPerToken} sockets per token`);
      perToken.set(hash, open + 1);
      key = hash;
      clearTimeout(timer);
      listener = { socket, exercise };
      listeners.add(listener);
      const seqs = (exercise === null ? live.all() : [live.get(exercise)]).map((e) => e?.header.seq ?? 0);
      socket.send(JSON.stringify({ type: 'ready', seq: Math.max(0, ...seqs) }));
    });
    socket.on('close', () => {
      clearTimeout(timer);
      if (listener) listeners.delete(listener);
      if (key !== null) {
        const n = (perToken.get(key) ?? 1) - 1;
        if (n > 0) perToken.set(key, n);
        else perToken.delete(key);
      }
    });
    // A broken connection ends in 'close' too; nothing to report.
    socket.on('error', () => {});
  });
}
