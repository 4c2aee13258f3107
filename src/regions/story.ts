import type { WorldContext } from '../model/context.js';

/** Talks as the outcome tells them. */
export interface TalksStory {
  readonly state: string;
  readonly everConvened: boolean;
  /** The format and mediators of the last convening, if any. */
  readonly convenedUnder: { readonly format: string; readonly mediators: readonly string[] } | null;
  readonly urgedBy: readonly string[];
}

/**
 * The story of a run: what each region module of the world says of the end, by module. A world without
 * a module has no entry for it (a world without talks has no `talks`). Each module writes its own part
 * (`RegionModule.story`).
 */
export interface Story {
  readonly talks?: TalksStory & { readonly urgedUnder: string | null };
  readonly format?: {
    readonly active: string;
    readonly mandate: string;
    readonly composition: string;
    /** Mediators excluded during the run. */
    readonly excluded: readonly string[];
    /** Actors at the table now who were not at the start. */
    readonly joined: readonly string[];
    /** Actors at the table at the start who are not now. */
    readonly left: readonly string[];
    readonly exclusionDemands: readonly { readonly by: string; readonly mediator: string }[];
    readonly openProposals: readonly { readonly format: string; readonly by: string }[];
    readonly everContested: boolean;
    readonly replaced: boolean;
  };
  readonly status?: string;
  readonly access?: {
    readonly state: string;
    readonly grants: readonly string[];
    readonly requested: boolean;
  };
  readonly ceasefire?: { readonly state: string; readonly violations: number; readonly collapsed: boolean };
  readonly monitoring?: string;
  readonly recognitions?: readonly { readonly by: string; readonly entity: string }[];
  /** Talks under the other live formats, side by side with the active format's, by format. */
  readonly sideTalks?: Readonly<Record<string, TalksStory>>;
  /** The states of the scenario's custom regions at the end, by region. */
  readonly custom?: Readonly<Record<string, string>>;
}

/** What a module reads to tell its part of a run's story. */
export interface StoryInput {
  /** The final state of each region of the world, by the name scenario files use. */
  readonly regions: Readonly<Record<string, string>>;
  /** Region states reached at any point, `alias:state`. */
  readonly reached: ReadonlySet<string>;
  /** The world's context at the end and at the start. */
  readonly context: WorldContext;
  readonly start: WorldContext;
  /** Every move attempted, in order. */
  readonly moves: readonly { readonly type: string; readonly by: string; readonly accepted: boolean }[];
  /** The region states the scenario starts in, as its `initial.regions` names them. */
  readonly initialRegions: Readonly<Record<string, string>>;
}

/** What a module reads to write its lines of the outcome summary. */
export interface SummaryInput {
  readonly story: Story;
  readonly context: WorldContext;
  /** Names for ids (an actor's or a format's name; the id itself when it names nothing). */
  readonly n: (id: string | null | undefined) => string;
  /** A region's label in this world (a pack's wording, else the module's). */
  readonly label: (alias: string) => string;
  /** Ids as a list of names, or "none". */
  readonly list: (ids: readonly string[]) => string;
}

/** A module's lines in the outcome summary, and where they go: lower ranks first. */
export interface SummarySection {
  readonly rank: number;
  readonly lines: (input: SummaryInput) => [label: string, text: string][];
}
