import { z } from 'zod';
import type { WorldState } from '../model/context.js';
import type { WorldEvent } from '../regions/events.js';
import type { NewsItem } from '../report/play-news.js';
import type { Brief } from '../scenario/schema.js';
import type { Refusal } from '../steppers/stepper.js';

/** Limits on what one command may carry: the server refuses anything larger before it reaches the core. */
export const exerciseLimits = {
  /** Characters of a message's text. */
  messageText: 2000,
  /** Characters of a draft proposal's text. */
  proposalText: 2000,
  /** Moves one seat may submit for one round. */
  movesPerRound: 8,
  /** Recipients of one message. */
  recipients: 40,
  /** Days one round may advance. */
  roundDays: 31,
  /** Seconds a round's deadline may lie ahead (one day). */
  deadlineSeconds: 86_400,
  /** Contingency injects the facilitator may add over an exercise. */
  addedInjects: 200,
  /** Characters of an added inject's text. */
  injectText: 1000,
} as const;

/** Who issues a command: the facilitator, a seat, or the server itself (a round whose deadline passed). */
export type Principal =
  | { readonly role: 'facilitator' }
  | { readonly role: 'seat'; readonly seat: string }
  | { readonly role: 'system' };

/** Who holds a seat: a person in a browser, one of the library's policies, or an external agent (MCP). */
export type SeatHolder =
  | { readonly kind: 'person' }
  | { readonly kind: 'agent' }
  | { readonly kind: 'policy'; readonly policy: string };

const id = z
  .string()
  .min(1)
  .max(80)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'use letters, digits, ".", "_" and "-"');

/** A move as a seat submits it: an event type and its fields; `by` says which of the seat's actors moves. */
const moveInput = z
  .object({ type: z.string().min(1).max(80), by: id.optional() })
  .catchall(z.union([z.string().max(200), z.number(), z.boolean(), z.null()]));

/** A draft proposal attached to a message: a format (a move another seat can take up) and a text. */
const proposalSchema = z.strictObject({
  text: z.string().min(1).max(exerciseLimits.proposalText),
  move: moveInput.optional(),
});

/**
 * Everything a principal may ask of an exercise, as JSON. Untrusted input is parsed with this schema
 * first; whether the principal may issue it, now, is decided by `exerciseCommand`.
 */
export const commandSchema = z.discriminatedUnion('type', [
  // Facilitator: seats.
  z.strictObject({
    type: z.literal('seat.assign'),
    seat: id,
    holder: z.discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('person') }),
      z.strictObject({ kind: z.literal('agent') }),
      z.strictObject({ kind: z.literal('policy'), policy: id }),
    ]),
  }),
  // Seat: say who sits in it (a display name).
  z.strictObject({ type: z.literal('seat.join'), name: z.string().min(1).max(80) }),
  // Seat: this round's moves (replaces any earlier submission of the round); [] withdraws it.
  z.strictObject({
    type: z.literal('moves.submit'),
    moves: z.array(moveInput).max(exerciseLimits.movesPerRound),
  }),
  // Seat: a message. `to` is 'all' (a public statement) or a list of seat ids (bilateral or group).
  z.strictObject({
    type: z.literal('message.send'),
    to: z.union([z.literal('all'), z.array(id).min(1).max(exerciseLimits.recipients)]),
    text: z.string().min(1).max(exerciseLimits.messageText),
    proposal: proposalSchema.optional(),
  }),
  // Facilitator: rounds.
  z.strictObject({
    type: z.literal('round.start'),
    days: z.number().int().min(1).max(exerciseLimits.roundDays),
    deadlineSeconds: z.number().int().min(10).max(exerciseLimits.deadlineSeconds).optional(),
  }),
  // Facilitator, or the system when the deadline passes: resolve the open round.
  z.strictObject({ type: z.literal('round.resolve') }),
  // Facilitator: injects (ids of the scenario's injects, or of added ones).
  z.strictObject({ type: z.literal('inject.hold'), inject: id }),
  z.strictObject({ type: z.literal('inject.release'), inject: id }),
  z.strictObject({ type: z.literal('inject.skip'), inject: id }),
  z.strictObject({ type: z.literal('inject.reorder'), order: z.array(id).min(1).max(500) }),
  // Facilitator: add a contingency inject (one of the scenario's `facilitator.contingency`, by id, or a
  // new one with its move); it fires on the first day of the next round resolved.
  z.strictObject({
    type: z.literal('inject.add'),
    contingency: id.optional(),
    inject: z
      .strictObject({
        id,
        text: z.string().min(1).max(exerciseLimits.injectText),
        move: moveInput.extend({ by: id }),
      })
      .optional(),
  }),
  z.strictObject({ type: z.literal('exercise.pause') }),
  z.strictObject({ type: z.literal('exercise.resume') }),
  z.strictObject({ type: z.literal('exercise.end') }),
]);

export type Command = z.infer<typeof commandSchema>;

/** One entry of the exercise's append-only log: a command that was accepted, who issued it, and when. */
export interface ExerciseEvent {
  /** Position in the log, from 1. */
  readonly seq: number;
  /** ISO time the server accepted it. */
  readonly at: string;
  readonly by: Principal;
  readonly command: Command;
  /** The client's nonce for this command, if it sent one: the same principal cannot use it twice. */
  readonly nonce?: string | undefined;
}

/** Why a command was refused: a stable code, an HTTP status, and a sentence saying how to fix it. */
export interface ExerciseRefusal {
  readonly code:
    | 'bad-command'
    | 'forbidden'
    | 'not-your-actor'
    | 'unknown-seat'
    | 'unknown-inject'
    | 'unknown-policy'
    | 'illegal-move'
    | 'wrong-phase'
    | 'replayed'
    | 'limit';
  readonly status: 400 | 403 | 404 | 409 | 422;
  readonly message: string;
}

/** A seat of the exercise: a role with the actors it moves for. */
export interface SeatInfo {
  readonly id: string;
  readonly name: string;
  readonly actors: readonly string[];
  readonly holder: SeatHolder;
  /** The display name given by whoever joined, or null before anyone joined. */
  readonly joinedAs: string | null;
}

/** The phase of an exercise. */
export type ExercisePhase = 'setup' | 'round' | 'between' | 'paused' | 'ended';

/** A message as a reader sees it. */
export interface MessageView {
  readonly seq: number;
  readonly at: string;
  /** Seat id, or 'facilitator'. */
  readonly from: string;
  readonly to: 'all' | readonly string[];
  readonly text: string;
  readonly proposal?: z.infer<typeof proposalSchema> | undefined;
  /** The simulated day it was sent on. */
  readonly day: number;
}

/** An inject as the facilitator manages it. */
export interface InjectView {
  readonly id: string;
  readonly text: string;
  /** The day it is due (from 0), or null for a conditional inject. */
  readonly day: number | null;
  readonly status: 'pending' | 'held' | 'released' | 'skipped' | 'fired';
  readonly added: boolean;
  /** The facilitator's notes on it (expected player action, objectives), if the pack gives them. */
  readonly expect?: readonly string[] | undefined;
}

/** A move of the seat's own, with whether the rules would accept it now and why not. */
export interface MoveOption {
  readonly move: WorldEvent;
  /** A one-line wording of the move. */
  readonly label: string;
  readonly refusal: Refusal | null;
}

/** What the exercise looks like to everyone: phase, round, simulated day. */
export interface ExerciseHeader {
  readonly id: string;
  readonly title: string;
  readonly scenario: string;
  readonly whatIf: string | null;
  readonly phase: ExercisePhase;
  /** Rounds resolved so far. */
  readonly round: number;
  /** The open round's days, while one is open. */
  readonly roundDays: number | null;
  /** The open round's deadline (ISO), if it has one and is not paused. */
  readonly deadline: string | null;
  readonly day: number;
  readonly date: string;
  readonly finished: boolean;
  /** The log's last seq: a client that saw this seq has seen everything. */
  readonly seq: number;
}

/** What one seat may see. Built on the server, and filtered there. */
export interface SeatView {
  readonly exercise: ExerciseHeader;
  readonly seat: SeatInfo;
  /** The brief of each of the seat's actors: public, confidential and objectives. */
  readonly briefs: Readonly<Record<string, Brief>>;
  /** Every seat's public information: id, name, actors, whether someone has joined. */
  readonly seats: readonly Omit<SeatInfo, 'holder'>[];
  /** The world as public (every act in this model is public). */
  readonly world: WorldState;
  /** The world in sentences, `Label: text` (the lines of a run's summary). */
  readonly situation: readonly string[];
  /** Everything that happened in the world so far (all acts are public), oldest first, as sentences. */
  readonly news: readonly NewsItem[];
  /** The seat's own moves now, legal first, each with the reason it would be refused. */
  readonly moves: readonly MoveOption[];
  /** The seat's submission for the open round (never another seat's). */
  readonly submitted: readonly WorldEvent[];
  /** Public messages and the seat's own bilateral or group messages. */
  readonly messages: readonly MessageView[];
  /** The seat's actors' moves in the historical record due today, with their sources. */
  readonly recordToday: readonly { readonly text: string; readonly sources: readonly string[] }[];
}

/** What the facilitator sees: everything. */
export interface ConsoleView {
  readonly exercise: ExerciseHeader;
  readonly seats: readonly (SeatInfo & {
    readonly submitted: readonly WorldEvent[];
    /** The submitted moves as sentences, in the same order. */
    readonly submittedText: readonly string[];
  })[];
  readonly injects: readonly InjectView[];
  /** The scenario's contingency injects not yet added: id, text and when to use it. */
  readonly contingency: readonly { readonly id: string; readonly text: string; readonly use: string }[];
  readonly world: WorldState;
  readonly situation: readonly string[];
  readonly news: readonly NewsItem[];
  readonly messages: readonly MessageView[];
  /** The policies a seat may be given. */
  readonly policies: readonly string[];
  /** The facilitator's learning objectives, by id. */
  readonly objectives: Readonly<Record<string, string>>;
}
