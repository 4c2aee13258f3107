import type { ActorInfo } from './actor.js';
import type { Format } from './format.js';

/** A rival format put forward while another is active. */
export interface Proposal {
  readonly format: string;
  readonly by: string;
  readonly day: number;
  readonly endorsements: readonly string[];
  readonly rejections: readonly string[];
  readonly withdrawn: boolean;
}

/** A consultation the appointing authority opened on a change of the active format (R2, R1). */
export interface Consultation {
  readonly format: string;
  readonly action: 'appoint' | 'exclude' | 'close';
  readonly mediator: string | null;
  readonly openedDay: number;
  readonly objections: readonly string[];
  readonly closed: boolean;
}

/** Talks under one format: who sits, who urged them, who has called them. */
export interface Talks {
  readonly format: string | null;
  readonly mediators: readonly string[];
  readonly urgedBy: readonly string[];
  /** The format the last `talks.urge` named. */
  readonly urgedUnder: string | null;
  readonly convenedDay: number | null;
  /** Mediators who have called the next round; talks convene when they reach the format's quorum. */
  readonly calls: readonly string[];
}

/** A dated act by one actor. */
export interface Act {
  readonly by: string;
  readonly day: number;
}

/** Everything the world remembers besides its region states. Plain data: serialisable and comparable. */
export interface WorldContext {
  /** Simulated days since the scenario's start date. */
  readonly day: number;
  readonly actors: Readonly<Record<string, ActorInfo>>;
  readonly formats: Readonly<Record<string, Format>>;
  readonly activeFormat: string;
  /** Formats closed by their institution (R3); talks cannot convene under them. */
  readonly closedFormats: readonly string[];
  /** For each party, the mediators it accepts (R4). */
  readonly consents: Readonly<Record<string, readonly string[]>>;
  readonly exclusionDemands: readonly (Act & { readonly mediator: string; readonly format: string })[];
  readonly excluded: readonly (Act & { readonly mediator: string; readonly format: string })[];
  readonly consultations: readonly Consultation[];
  readonly proposals: readonly Proposal[];
  /** The format lock of R13: which actors bound themselves to the format, and whether it still stands. */
  readonly formatLock: { readonly signatories: readonly string[]; readonly standing: boolean } | null;
  readonly recognitions: readonly (Act & { readonly entity: string })[];
  readonly declinedRecognitions: readonly (Act & { readonly entity: string })[];
  readonly resolutions: readonly (Act & {
    readonly subject: string;
    readonly entity: string | null;
    readonly mediator: string | null;
  })[];
  readonly statements: readonly (Act & {
    readonly topic: string;
    readonly supports: string | null;
    readonly jointWith: readonly string[];
  })[];
  readonly visits: readonly (Act & { readonly to: string; readonly announced: boolean })[];
  /** Talks under the active format (the recognised channel). */
  readonly talks: Talks;
  /**
   * Talks under the other live formats, which run side by side with the active one's (`initial.liveFormats`),
   * by format; empty when only the active format is live.
   */
  readonly sideTalks: Readonly<Record<string, Talks>>;
  readonly signatures: readonly (Act & {
    readonly text: string;
    readonly status: 'interim' | 'final';
    /** The side format the text was signed under; absent for the active format's talks. */
    readonly format?: string | undefined;
  })[];
  readonly ceasefire: {
    readonly brokers: readonly string[];
    readonly violations: number;
    /** Violations in a strained ceasefire after which it collapses into war. */
    readonly collapseAfter: number;
  };
  readonly monitoring: {
    readonly peacekeepers: readonly string[];
    /** The agreed joint monitoring centre, if a memorandum exists. */
    readonly centre: {
      readonly operators: readonly string[];
      readonly host: string;
      readonly ready: readonly string[];
      readonly hostConsent: boolean;
    } | null;
  };
  readonly access: { readonly requests: readonly Act[]; readonly grants: readonly string[] };
}

/** The region states and context of the world, as plain data. */
export interface WorldState {
  readonly value: WorldValue;
  readonly context: WorldContext;
}

/**
 * The state value of the world statechart: one entry per region node of the composed world (for the
 * default world: `hostilities`, `talks`, `format` with `mandate` and `composition`, `status`, `monitoring`,
 * `access`). A compound state nests (`{ ceasefire: 'holding' }`); which regions exist is the world's
 * business (`World.tracks`), not this type's.
 */
export interface WorldValue {
  readonly [region: string]: WorldValueNode;
}

/** A node of a state value: a state name, or the active children of a compound or parallel state. */
export type WorldValueNode = string | { readonly [child: string]: WorldValueNode };

/**
 * A region as a dotted path into the state value (`talks`, `format.mandate`, or a custom region's id).
 * The regions of a world are listed by `World.tracks`.
 */
export type Region = string;

/** The state of one region as a dotted string (`ceasefire.holding`); `''` when the world has no such region. */
export function regionState(value: WorldValue, region: Region): string {
  let node: unknown = value;
  for (const key of region.split('.')) {
    if (node === null || typeof node !== 'object') return '';
    node = (node as Record<string, unknown>)[key];
  }
  return node === undefined ? '' : flatten(node);
}

function flatten(node: unknown): string {
  if (typeof node === 'string') return node;
  const [key, child] = Object.entries(node as Record<string, unknown>)[0]!;
  return `${key}.${flatten(child)}`;
}

/** The state value with one region set to a dotted state (`ceasefire.holding` nests as `{ ceasefire: 'holding' }`). */
export function withRegionState(value: WorldValue, region: Region, state: string): WorldValue {
  const keys = region.split('.');
  const nest = (parts: string[]): WorldValueNode =>
    parts.length === 1 ? parts[0]! : { [parts[0]!]: nest(parts.slice(1)) };
  const set = (node: WorldValueNode | undefined, i: number): WorldValueNode => {
    const base = typeof node === 'object' && node !== null ? node : {};
    const key = keys[i]!;
    return { ...base, [key]: i === keys.length - 1 ? nest(state.split('.')) : set(base[key], i + 1) };
  };
  return set(value, 0) as WorldValue;
}
