import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { type Exercise, ExerciseError } from '../exercise/exercise.js';
import { exerciseReview } from '../exercise/exercise-review.js';
import { renderExerciseReview } from '../exercise/exercise-review-html.js';
import type { Principal } from '../exercise/exercise-types.js';
import { consoleView, seatView, visibleMessages } from '../exercise/exercise-views.js';
import type { Grant } from './auth.js';
import { HttpError, sendError } from './http-error.js';
import type { LiveExercises } from './live.js';

/** The body of `POST /api/exercises`. */
const createBody = z.strictObject({
  whatIf: z.string().min(1).max(80).optional(),
  seed: z
    .number()
    .int()
    .min(-(2 ** 31))
    .max(2 ** 31 - 1)
    .optional(),
  title: z.string().min(1).max(120).optional(),
});

type WithId = { Params: { id: string } };

const forbidden = (what: string) =>
  new HttpError(403, 'forbidden', `${what} needs the facilitator's token; use the console link`);

/** The protocol's HTTP routes (docs/exercise-protocol.md), on top of the live exercises. */
export function registerRoutes(
  app: FastifyInstance,
  live: LiveExercises,
  grantOf: (req: FastifyRequest) => Grant,
  base: () => string,
): void {
  const facilitator = (req: FastifyRequest, what: string): void => {
    if (grantOf(req).role !== 'facilitator') throw forbidden(what);
  };
  /** The exercise of the route, and who asks: a seat of another exercise is refused, as is an unknown id. */
  const access = (req: FastifyRequest<WithId>): { ex: Exercise; grant: Grant; by: Principal } => {
    const grant = grantOf(req);
    const { id } = req.params;
    if (grant.role === 'seat' && grant.exercise !== id)
      throw new HttpError(403, 'forbidden', `your seat's token is for exercise ${grant.exercise}, not ${id}`);
    const ex = live.get(id);
    if (!ex)
      throw new HttpError(
        404,
        'unknown-exercise',
        `there is no exercise ${JSON.stringify(id.slice(0, 80))}; GET /api/exercises lists them`,
      );
    return {
      ex,
      grant,
      by: grant.role === 'seat' ? { role: 'seat', seat: grant.seat } : { role: 'facilitator' },
    };
  };
  const summary = (ex: Exercise) => ({
    id: ex.id,
    title: ex.header.title,
    scenario: ex.header.scenario,
    whatIf: ex.header.whatIf,
    phase: ex.header.phase,
    round: ex.header.round,
    day: ex.header.day,
    date: ex.header.date,
  });

  app.get('/healthz', async () => ({ ok: true }));

  app.get('/api/me', async (req) => {
    const grant = grantOf(req);
    return grant.role === 'facilitator'
      ? { role: 'facilitator' }
      : { role: 'seat', exercise: grant.exercise, seat: grant.seat };
  });

  app.get('/api/exercises', async (req) => {
    facilitator(req, 'listing the exercises');
    await live.settled();
    return live.all().map(summary);
  });

  app.post('/api/exercises', async (req) => {
    facilitator(req, 'creating an exercise');
    const parsed = createBody.safeParse(req.body ?? {});
    if (!parsed.success)
      throw new HttpError(
        400,
        'bad-command',
        `give {"whatIf"?: NAME, "seed"?: N, "title"?: TEXT} and nothing else (${parsed.error.issues[0]?.message ?? 'bad body'})`,
      );
    const { whatIf, seed, title } = parsed.data;
    let ex: Exercise;
    try {
      ex = live.create(
        {
          ...(whatIf === undefined ? {} : { whatIf }),
          ...(seed === undefined ? {} : { seed }),
          ...(title === undefined ? {} : { title }),
        },
        new Date().toISOString(),
      );
    } catch (error) {
      if (error instanceof ExerciseError) throw new HttpError(400, 'bad-command', error.message);
      throw error;
    }
    return { id: ex.id, ...live.links(ex.id, base()) };
  });

  app.get<WithId>('/api/exercises/:id/links', async (req) => {
    const { ex } = access(req);
    facilitator(req, 'the join links');
    return live.links(ex.id, base());
  });

  app.get<WithId>('/api/exercises/:id/view', async (req) => {
    await live.settled();
    const { ex, grant } = access(req);
    return grant.role === 'seat' ? seatView(ex, grant.seat) : consoleView(ex);
  });

  app.post<WithId>('/api/exercises/:id/commands', async (req, reply) => {
    const { ex, by } = access(req);
    const result = await live.command(ex.id, by, req.body);
    if (!result.ok) {
      const { status, code, message } = result.refusal;
      return sendError(reply, status, code, message);
    }
    return { ok: true, seq: result.seq };
  });

  app.get<WithId>('/api/exercises/:id/messages', async (req) => {
    await live.settled();
    const { ex, by } = access(req);
    return visibleMessages(ex, by);
  });

  app.get<WithId>('/api/exercises/:id/log', async (req, reply) => {
    await live.settled();
    const { ex } = access(req);
    facilitator(req, 'the log');
    reply.type('application/x-ndjson; charset=utf-8');
    return ex.events.map((e) => `${JSON.stringify(e)}\n`).join('');
  });

  /** The review: the facilitator's at any time, a seat's once the exercise has ended. */
  const review = (req: FastifyRequest<WithId>) => {
    const { ex, grant } = access(req);
    if (grant.role === 'seat' && ex.header.phase !== 'ended')
      throw new HttpError(
        403,
        'forbidden',
        'the review opens to seats when the facilitator ends the exercise; ask the facilitator',
      );
    return exerciseReview(
      ex,
      live.all().filter((o) => o.id !== ex.id),
    );
  };
  app.get<WithId>('/api/exercises/:id/review.json', async (req) => {
    await live.settled();
    return review(req);
  });
  app.get<WithId>('/api/exercises/:id/review.html', async (req, reply) => {
    await live.settled();
    const page = renderExerciseReview(review(req));
    reply
      .type('text/html; charset=utf-8')
      .header(
        'content-security-policy',
        "default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'",
      );
    return page;
  });
}
