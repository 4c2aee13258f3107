import type { z } from 'zod';
import { regionLibrary } from './library.js';

/** Which kind of name a payload field refers to, so the scenario checker can resolve it. */
export type RefKind = 'actor' | 'actors' | 'format';

type Library = (typeof regionLibrary)[number];
type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void
  ? I
  : never;
type LibraryEvents = UnionToIntersection<Library['events']>;

/**
 * The event vocabulary of the built-in region library: `subject.verb`, each with its payload fields,
 * gathered from the region modules, plus the clock. Every event also carries `by`, the acting actor.
 */
const eventPayloads = Object.fromEntries([
  ...regionLibrary.flatMap((m) =>
    Object.entries(m.events).map(([type, spec]) => [type, spec.payload] as const),
  ),
  ['clock.dayElapsed', {}],
]) as { readonly [K in keyof LibraryEvents]: LibraryEvents[K] extends { payload: infer P } ? P : never } & {
  readonly 'clock.dayElapsed': Record<never, never>;
};

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
