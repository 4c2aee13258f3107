import { z } from 'zod';
import type { Act } from '../model/context.js';
import type { Format } from '../model/format.js';
import { defineSlice, type InitialReference } from './region-module.js';

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

declare module '../model/context.js' {
  interface WorldContext {
    /** Talks under the active format (the recognised channel). */
    readonly talks: Talks;
    /**
     * Talks under the other live formats, which run side by side with the active one's
     * (`initial.liveFormats`), by format; empty when only the active format is live.
     */
    readonly sideTalks: Readonly<Record<string, Talks>>;
    readonly signatures: readonly (Act & {
      readonly text: string;
      readonly status: 'interim' | 'final';
      /** The side format the text was signed under; absent for the active format's talks. */
      readonly format?: string | undefined;
    })[];
  }
}

/** The talks under a format at the start: convened with its mediators, or not yet. */
function startingTalks(
  format: string,
  formats: Readonly<Record<string, Format>>,
  state: string | undefined,
): Talks {
  return state === 'convened'
    ? {
        format,
        mediators: [...(formats[format]?.mediators ?? [])],
        urgedBy: [],
        urgedUnder: null,
        convenedDay: 0,
        calls: [],
      }
    : { format: null, mediators: [], urgedBy: [], urgedUnder: null, convenedDay: null, calls: [] };
}

/** The talks module's slice of the world's memory: the talks under each live format, and the texts signed. */
export const talksSlice = defineSlice({
  initial: {
    liveFormats: z
      .array(z.string())
      .min(1)
      .optional()
      .describe(
        'formats whose talks run side by side with the active one, each with its own talks region `talks.<format>` (default: the active format only)',
      ),
  },
  start: ({ activeFormat, formats, regions, sideFormats }) => ({
    talks: startingTalks(activeFormat, formats, regions.talks),
    sideTalks: Object.fromEntries(
      sideFormats.map((f) => [f, startingTalks(f, formats, regions[`talks.${f}`])]),
    ),
    signatures: [],
  }),
  references: ({ liveFormats }) =>
    (liveFormats ?? []).map(
      (name, i): InitialReference => ({ kind: 'format', name, path: ['liveFormats', i] }),
    ),
});
