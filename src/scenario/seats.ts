import { z } from 'zod';
import { hint, type ScenarioIssueCode } from './issues.js';
import type { Path } from './locate.js';

/** One seat of a live exercise: a role a person (or an agent) holds, and the actors it moves for. */
const seatSchema = z.strictObject({
  name: z.string().min(1).max(120).describe("the seat's name, as players see it"),
  actors: z
    .array(z.string().min(1))
    .min(1)
    .max(40)
    .describe('the actors this seat moves for; two seats may share an actor'),
  brief: z
    .string()
    .min(1)
    .optional()
    .describe("whose brief the seat reads (an actor id; default: each of the seat's actors)"),
});

/**
 * The seats of a live exercise (`auspices serve`), by seat id. Without `seats:`, each actor is a seat.
 * Seats are a way to play the scenario, not part of it: they are left out of the scenario hash.
 */
export const seatsSchema = z
  .record(
    z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]*$/, 'use lower-case letters, digits, "." and "-" (e.g. armenia-pm)')
      .max(60),
    seatSchema,
  )
  .describe('the seats of a live exercise, by seat id (default: one per actor)');

export type SeatSpec = z.output<typeof seatSchema>;

/** Every actor a seat names must be an actor of the scenario. */
export function checkSeats(
  data: {
    readonly actors: Readonly<Record<string, unknown>>;
    readonly seats?: Readonly<Record<string, SeatSpec>> | undefined;
  },
  add: (code: ScenarioIssueCode, path: Path, message: string) => void,
): void {
  const actors = Object.keys(data.actors);
  for (const [id, seat] of Object.entries(data.seats ?? {})) {
    seat.actors.forEach((actor, i) => {
      if (!Object.hasOwn(data.actors, actor))
        add(
          'name/unknown-actor',
          ['seats', id, 'actors', i],
          `unknown actor \`${actor}\`${hint(actor, actors)}: a seat moves for actors declared under \`actors:\``,
        );
    });
    if (seat.brief !== undefined && !Object.hasOwn(data.actors, seat.brief))
      add(
        'name/unknown-actor',
        ['seats', id, 'brief'],
        `unknown actor \`${seat.brief}\`${hint(seat.brief, actors)}: \`brief:\` names the actor whose brief the seat reads`,
      );
  }
}

/** The seats of a scenario: its `seats:`, or one seat per actor named after it. */
export function scenarioSeats(data: {
  readonly actors: Readonly<Record<string, { readonly name: string }>>;
  readonly seats?: Readonly<Record<string, SeatSpec>> | undefined;
}): {
  readonly id: string;
  readonly name: string;
  readonly actors: readonly string[];
  readonly brief?: string | undefined;
}[] {
  if (data.seats && Object.keys(data.seats).length > 0)
    return Object.entries(data.seats).map(([id, s]) => ({
      id,
      name: s.name,
      actors: s.actors,
      brief: s.brief,
    }));
  return Object.entries(data.actors).map(([id, a]) => ({ id, name: a.name, actors: [id] }));
}
