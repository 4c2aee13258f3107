import type { z } from 'zod';
import type { WorldContext } from '../model/context.js';
import type { Format } from '../model/format.js';
import type { Canonicalisers, Relevant } from './canon.js';
import type { Check, Ev } from './check-types.js';
import type { WorldInvariant } from './invariant.js';
import type { Story, StoryInput, SummarySection } from './story.js';

/** Resolves an actor's or a format's id to its name, for sentences. */
export type Names = (id: string | null | undefined) => string;

/** A context update: plain data in, the changed context fields out. The machine wraps it in `assign`. */
export type Update = (ctx: WorldContext, ev: Ev) => Partial<WorldContext>;

/** What a region says about one of its moves. */
export interface EventSpec {
  /** The payload fields, beside `type` and `by`. */
  readonly payload: z.ZodRawShape;
  /** The move as the end of a sentence whose subject is the actor: "urges the parties to ...". */
  readonly describe: (e: Readonly<Record<string, unknown>>, n: Names) => string;
  /**
   * The payloads an actor could try in a world, legal or not; the stepper decides which are legal.
   * Without it, the move is tried with no payload.
   */
  readonly candidates?: (ctx: WorldContext, by: string) => readonly Readonly<Record<string, unknown>>[];
}

/** What a scenario tells the modules that depend on it: the formats whose talks run beside the active one's. */
export interface WorldSettings {
  readonly sideFormats: readonly { readonly id: string; readonly name: string }[];
}

/** What a module's slice of the context starts from: its own fields of the scenario's `initial:` section, and the world's structure. */
export interface StartInput<I = Readonly<Record<string, unknown>>> {
  /** The scenario's `initial:` section, validated, with the module's defaults applied. */
  readonly initial: I;
  /** The format recognised at the start (`initial.activeFormat`). */
  readonly activeFormat: string;
  /** The scenario's formats, as the world holds them. */
  readonly formats: Readonly<Record<string, Format>>;
  /** The region states the scenario names for the start, by name (`initial.regions`). */
  readonly regions: Readonly<Record<string, string>>;
  /** The formats whose talks run beside the active one's. */
  readonly sideFormats: readonly string[];
}

/** A reference to an actor or a format from a module's `initial:` fields, for validation to check. */
export interface InitialReference {
  readonly kind: 'actor' | 'format';
  readonly name: string;
  /** Where it is, below `initial`: `['ceasefire', 'brokers', 0]`. */
  readonly path: readonly (string | number)[];
}

/**
 * A module's slice of the world's memory. Its fields are typed in the module's own file, by merging
 * into `WorldContext` (`declare module '../model/context.js'`); the slice says which fields of the
 * scenario's `initial:` section the module reads, and what its fields hold at the start.
 */
export interface ContextSlice<S extends z.ZodRawShape = z.ZodRawShape> {
  /** Its fields of the scenario's `initial:` section; the scenario schema is made of every module's. */
  readonly initial: S;
  /** The context fields it owns, at the start. Every world holds every built-in module's slice. */
  readonly start: (input: StartInput<z.output<z.ZodObject<S>>>) => Partial<WorldContext>;
  /** The actors and formats its `initial:` fields name, which validation checks exist. */
  readonly references?: (initial: z.output<z.ZodObject<S>>) => Iterable<InitialReference>;
}

/** Identity helper that types a context slice from its `initial:` fields. */
export function defineSlice<const S extends z.ZodRawShape>(slice: ContextSlice<S>): ContextSlice<S> {
  return slice;
}

/** One region of a module: a dotted path into the state value and the states it can be in. */
export interface RegionTrack {
  /** The name scenario files use (`mandate`, `talks`). */
  readonly alias: string;
  /** The dotted path into the state value (`format.mandate`). */
  readonly path: string;
  /** The label reports show ("Mandate"). */
  readonly label: string;
  /** Every state, as dotted paths; a compound state is listed with and without its children. */
  readonly states: readonly string[];
  /** The default state at the start, as a dotted path to a leaf. */
  readonly initial: string;
}

/**
 * A region module: everything about one aspect of a mediation world in one place. A world is composed
 * from a list of modules into one XState machine (`composeWorld`); nothing else lists regions.
 */
export interface RegionModule {
  /** The id scenario files name in `regions:`. */
  readonly id: string;
  readonly label: string;
  /** What the region models, in a sentence or two. */
  readonly description: string;
  /** Modules this one reads or targets; composing a world adds them. */
  readonly requires: readonly string[];
  /** The regions this module adds to the state value; none for a module of moves only. */
  readonly tracks: readonly RegionTrack[];
  /** The module's state nodes, keyed by their key under the world's root. */
  readonly nodes: Readonly<Record<string, object>>;
  /** Transitions on the world's root: moves that change context in any region state. */
  readonly on: Readonly<Record<string, object>>;
  /** The module's moves, by event type (`subject.verb`). */
  readonly events: Readonly<Record<string, EventSpec>>;
  /** The checks its guards are made of, each citing a rule. */
  readonly checks: Readonly<Record<string, Check>>;
  /** Guards made of several checks, evaluated in order; a refusal cites the first that fails. */
  readonly composites: Readonly<Record<string, readonly string[]>>;
  /** Its context updates, by action name. */
  readonly updates: Readonly<Record<string, Update>>;
  /**
   * The default state of a track at the start when the scenario names none, if it depends on the
   * scenario's `initial` section (monitoring starts with peacekeepers when any are listed).
   */
  readonly initialFrom?: (alias: string, initial: Readonly<Record<string, unknown>>) => string | undefined;
  /** The module for a scenario's settings (talks adds a region per side format); itself when omitted. */
  readonly withSettings?: (settings: WorldSettings) => RegionModule;
  /** Its slice of the world's memory: the `initial:` fields it reads and its context fields at the start. */
  // biome-ignore lint/suspicious/noExplicitAny: a module's own fields are typed where the slice is defined.
  readonly context?: ContextSlice<any>;
  /** Its part of a run's story: what the outcome's JSON says of its regions and facts at the end. */
  readonly story?: (input: StoryInput) => Story;
  /** Its lines in the outcome summary, from its part of the story. */
  readonly summary?: SummarySection;
  /** The world invariants that guard its facts; checked after every move of every run and exploration. */
  readonly invariants?: readonly WorldInvariant[];
  /**
   * How exploration makes the context fields it owns canonical: what its rules can read of them. Every
   * field of the context is owned by exactly one built-in module (the day and the actors by none).
   */
  readonly canon?: (relevant: Relevant) => Canonicalisers;
  /**
   * The context fields it owns that are records keyed by actor id (each party's consents): swapping two
   * actors renames their keys. Exploration's symmetry renames no other key, so a module that keys a
   * record by actor must say so here.
   */
  readonly keyedByActor?: readonly (keyof WorldContext)[];
}

/** Identity helper that types a region module and fills the optional lists. */
export function defineRegion<
  const M extends Partial<RegionModule> & Pick<RegionModule, 'id' | 'label' | 'description'>,
>(module: M): Omit<RegionModule, keyof M> & M {
  return {
    requires: [],
    tracks: [],
    nodes: {},
    on: {},
    events: {},
    checks: {},
    composites: {},
    updates: {},
    ...module,
  } as unknown as Omit<RegionModule, keyof M> & M;
}
