import { z } from 'zod';
import type { Format } from '../model/format.js';
import { sourceUrl } from '../model/source.js';
import { defineSlice, type InitialReference } from './region-module.js';

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

// The formats, the active format, consents, exclusion demands and exclusions are typed with the context
// itself, because predicates read them; the format module starts them all.
declare module '../model/context.js' {
  interface WorldContext {
    /** Formats closed by their institution (R3); talks cannot convene under them. */
    readonly closedFormats: readonly string[];
    readonly consultations: readonly Consultation[];
    readonly proposals: readonly Proposal[];
    /** The format lock of R13: which actors bound themselves to the format, and whether it still stands. */
    readonly formatLock: { readonly signatories: readonly string[]; readonly standing: boolean } | null;
  }
}

/** The format module's slice of the world's memory: who mediates what, who consents, what is proposed. */
export const formatSlice = defineSlice({
  initial: {
    consents: z
      .record(z.string(), z.array(z.string()))
      .optional()
      .describe('for each party, the mediators it accepts'),
    formatLock: z
      .strictObject({ signatories: z.array(z.string()).min(1), source: sourceUrl.optional() })
      .optional()
      .describe('actors bound to the invariability of the format (R13)'),
    proposals: z
      .array(
        z.strictObject({
          format: z.string(),
          by: z.string(),
          endorsements: z.array(z.string()).optional(),
          rejections: z.array(z.string()).optional(),
        }),
      )
      .optional(),
    exclusionDemands: z.array(z.strictObject({ by: z.string(), mediator: z.string() })).optional(),
  },
  start: ({ initial, activeFormat, formats }) => {
    const active: Format | undefined = formats[activeFormat];
    const consents: Record<string, string[]> = {};
    for (const party of active?.parties ?? [])
      consents[party] = [...(initial.consents?.[party] ?? active?.mediators ?? [])];
    for (const [party, list] of Object.entries(initial.consents ?? {})) consents[party] = [...list];
    // A party's own standing demand means it does not accept that mediator (R4), as with the move.
    for (const d of initial.exclusionDemands ?? []) {
      if (consents[d.by]) consents[d.by] = consents[d.by]!.filter((m) => m !== d.mediator);
    }
    return {
      formats,
      activeFormat,
      closedFormats: [],
      consents,
      exclusionDemands: (initial.exclusionDemands ?? []).map((d) => ({ ...d, day: 0, format: activeFormat })),
      excluded: [],
      consultations: [],
      proposals: (initial.proposals ?? []).map((p) => ({
        format: p.format,
        by: p.by,
        day: 0,
        endorsements: [...new Set([p.by, ...(p.endorsements ?? [])])],
        rejections: [...(p.rejections ?? [])],
        withdrawn: false,
      })),
      formatLock: initial.formatLock
        ? { signatories: [...initial.formatLock.signatories], standing: true }
        : null,
    };
  },
  references: ({ consents, formatLock, proposals, exclusionDemands }) => {
    const actor = (name: string, ...path: (string | number)[]): InitialReference => ({
      kind: 'actor',
      name,
      path,
    });
    return [
      ...Object.entries(consents ?? {}).flatMap(([party, list]) =>
        list.map((m, i) => actor(m, 'consents', party, i)),
      ),
      ...(formatLock?.signatories ?? []).map((a, i) => actor(a, 'formatLock', 'signatories', i)),
      ...(proposals ?? []).flatMap((p, i) => [
        { kind: 'format', name: p.format, path: ['proposals', i, 'format'] } as const,
        actor(p.by, 'proposals', i, 'by'),
        ...(p.endorsements ?? []).map((a, j) => actor(a, 'proposals', i, 'endorsements', j)),
        ...(p.rejections ?? []).map((a, j) => actor(a, 'proposals', i, 'rejections', j)),
      ]),
      ...(exclusionDemands ?? []).flatMap((d, i) => [
        actor(d.by, 'exclusionDemands', i, 'by'),
        actor(d.mediator, 'exclusionDemands', i, 'mediator'),
      ]),
    ];
  },
});
