import { z } from 'zod';

/** Which kind of name a payload field refers to, so the scenario checker can resolve it. */
export type RefKind = 'actor' | 'actors' | 'format';

const ref = z.string().min(1);
const optionalRef = ref.optional();

/**
 * The event vocabulary of the world statechart: `subject.verb`, each with its payload fields.
 * Every event also carries `by`, the acting actor.
 */
export const eventPayloads = {
  'ceasefire.broker': {},
  'ceasefire.violate': { place: z.string().optional().describe('where the violation happened') },
  'ceasefire.restore': {},
  'hostilities.resume': {},
  'talks.urge': { format: ref.describe('the format under which talks should resume') },
  'talks.convene': {},
  'talks.boycott': {},
  'settlement.sign': {
    text: z.string().min(1).describe('the agreement being signed; both parties must sign the same text'),
    status: z.enum(['interim', 'final']).describe('the status the agreement gives the territory'),
  },
  'format.propose': { format: ref.describe('the rival format proposed') },
  'format.endorse': { format: ref },
  'format.reject': { format: ref },
  'format.withdraw': { format: ref },
  'format.replace': { format: ref.describe('the proposed format that replaces the active one') },
  'format.consult': {
    action: z.enum(['appoint', 'exclude', 'close']),
    mediator: optionalRef.describe('the mediator to appoint or exclude'),
  },
  'format.object': {
    action: z.enum(['appoint', 'exclude', 'close']),
    mediator: optionalRef,
  },
  'format.close': {},
  'mediator.appoint': { mediator: ref },
  'mediator.exclude': { mediator: ref },
  'mediator.demandExclusion': { mediator: ref },
  'mediator.withdrawDemand': { mediator: ref },
  'consent.give': { mediator: ref },
  'consent.withdraw': { mediator: ref },
  'legislature.resolve': {
    subject: z.enum(['recognition', 'exclusion', 'other']),
    entity: optionalRef.describe('the entity the resolution calls to recognise'),
    mediator: optionalRef.describe('the mediator the resolution calls to exclude'),
    votesFor: z.number().int().nonnegative().optional(),
    votesAgainst: z.number().int().nonnegative().optional(),
    abstentions: z.number().int().nonnegative().optional(),
  },
  'recognition.grant': { entity: ref },
  'recognition.decline': { entity: ref },
  'statement.issue': {
    topic: z.string().min(1),
    supports: optionalRef.describe('a format the statement backs'),
    jointWith: z.array(ref).optional().describe('actors issuing the statement jointly'),
  },
  'visit.announce': { to: ref, on: z.string().optional().describe('the announced date, as text') },
  'visit.make': { to: ref },
  'monitoring.consent': {},
  'monitoring.openCentre': {},
  'monitoring.closeCentre': {},
  'access.request': {},
  'access.grant': {},
  'access.restrict': {},
  'clock.dayElapsed': {},
} as const satisfies Record<string, z.ZodRawShape>;

/** Reference fields of each payload, for name resolution in scenario files. */
export const eventRefs: Readonly<Record<string, RefKind>> = {
  format: 'format',
  supports: 'format',
  mediator: 'actor',
  entity: 'actor',
  to: 'actor',
  jointWith: 'actors',
};

type Payloads = typeof eventPayloads;
/** Every event type, `subject.verb`. */
export type EventType = keyof Payloads;

type Required<S extends z.ZodRawShape> = {
  -readonly [F in keyof S as undefined extends z.infer<S[F]> ? never : F]: z.infer<S[F]>;
};
type Optional<S extends z.ZodRawShape> = {
  -readonly [F in keyof S as undefined extends z.infer<S[F]> ? F : never]?: z.infer<S[F]>;
};

/** One event of the world, discriminated by `type`. */
export type WorldEvent = {
  [K in EventType]: { type: K; by: string } & Required<Payloads[K]> & Optional<Payloads[K]>;
}[EventType];

/** The event of a given type. */
export type EventOf<K extends EventType> = Extract<WorldEvent, { type: K }>;

/** Event types in catalogue order. */
export const eventTypes: readonly EventType[] = Object.keys(eventPayloads) as EventType[];

/** Event types an actor may choose (the clock is not an actor). */
export const moveTypes: readonly EventType[] = eventTypes.filter((t) => t !== 'clock.dayElapsed');

/** The pseudo-actor that makes the clock tick. */
export const CLOCK = 'clock';

/** Whether a string is a known event type. */
export function isEventType(value: string): value is EventType {
  return Object.hasOwn(eventPayloads, value);
}

/** The strict zod schema of one event type's payload plus `type` and `by`. */
export function eventSchema<K extends EventType>(type: K) {
  return z.strictObject({ type: z.literal(type), by: ref, ...eventPayloads[type] });
}
