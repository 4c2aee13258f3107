import { regionState } from '../model/context.js';
import { evaluate } from '../model/predicate.js';
import { atTableOf } from '../model/queries.js';
import type { RuleId } from '../model/rules.js';
import type { ScenarioData } from '../scenario/schema.js';
import { scenarioWorld } from '../scenario/world.js';
import { dateOf } from './calendar.js';
import { initialContext } from './initial-world.js';
import type { InvariantViolation, RunState } from './run-state.js';

/** What a run ended with: the story states reached, the scenario's named outcomes, and the counts. */
export interface Outcome {
  readonly endedOn: string;
  readonly days: number;
  readonly endReason: 'horizon' | 'end-condition' | null;
  /** The final state of each region of the world, by the name scenario files use. */
  readonly regions: Readonly<Record<string, string>>;
  /** Region states reached at any point, `alias:state`. */
  readonly reached: readonly string[];
  /** The story of each region module the world has; a world without talks has no `talks`. */
  readonly story: {
    readonly talks?: {
      readonly state: string;
      readonly everConvened: boolean;
      /** The format and mediators of the last convening, if any. */
      readonly convenedUnder: { readonly format: string; readonly mediators: readonly string[] } | null;
      readonly urgedBy: readonly string[];
      readonly urgedUnder: string | null;
    };
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
    readonly sideTalks?: Readonly<
      Record<
        string,
        {
          readonly state: string;
          readonly everConvened: boolean;
          readonly convenedUnder: { readonly format: string; readonly mediators: readonly string[] } | null;
          readonly urgedBy: readonly string[];
        }
      >
    >;
    /** The states of the scenario's custom regions at the end, by region. */
    readonly custom?: Readonly<Record<string, string>>;
  };
  /** The scenario's named outcomes and whether each was reached at the end. */
  readonly outcomes: readonly { readonly id: string; readonly text: string; readonly reached: boolean }[];
  readonly violations: readonly InvariantViolation[];
  readonly moves: {
    readonly total: number;
    readonly accepted: number;
    readonly refused: number;
    readonly refusedByRule: Readonly<Partial<Record<RuleId, number>>>;
  };
}

/** Summarise a run's state. Reads only fields, never ids (STYLE.md). */
export function computeOutcome(data: ScenarioData, state: RunState): Outcome {
  const { value, context: ctx } = state.world;
  const world = scenarioWorld(data);
  const regions: Record<string, string> = Object.fromEntries(
    world.tracks.map((t) => [t.alias, regionState(value, t.path)]),
  );
  const has = new Set(world.modules.map((m) => m.id));
  const builtin = new Set(world.tracks.map((t) => t.alias));
  const start = initialContext(data);
  const tableBefore = atTableOf(start.formats[start.activeFormat]!);
  const tableNow = atTableOf(ctx.formats[ctx.activeFormat]!);
  const reached = new Set(state.reached);
  const refusedByRule: Partial<Record<RuleId, number>> = {};
  for (const e of state.trace)
    if (!e.accepted) for (const r of e.rules) refusedByRule[r] = (refusedByRule[r] ?? 0) + 1;
  const subject = {
    regionPath: world.regionPath,
    value,
    context: ctx,
    reached,
    moves: state.trace.map((e) => ({ type: e.move.type, by: e.move.by, accepted: e.accepted })),
  };
  const accepted = state.trace.filter((e) => e.accepted).length;
  return {
    endedOn: dateOf(data.calendar.start, state.day),
    days: state.day + 1,
    endReason: state.endReason,
    regions,
    reached: state.reached,
    story: {
      ...(has.has('talks')
        ? {
            talks: {
              state: regions.talks!,
              everConvened: reached.has('talks:convened'),
              convenedUnder: ctx.talks.format
                ? { format: ctx.talks.format, mediators: ctx.talks.mediators }
                : null,
              urgedBy: ctx.talks.urgedBy,
              urgedUnder: ctx.talks.urgedUnder,
            },
          }
        : {}),
      ...(Object.keys(ctx.sideTalks).length
        ? {
            sideTalks: Object.fromEntries(
              Object.entries(ctx.sideTalks).map(([f, t]) => [
                f,
                {
                  state: regions[`talks.${f}`] ?? '',
                  everConvened: reached.has(`talks.${f}:convened`),
                  convenedUnder: t.format ? { format: t.format, mediators: t.mediators } : null,
                  urgedBy: t.urgedBy,
                },
              ]),
            ),
          }
        : {}),
      ...(has.has('format')
        ? {
            format: {
              active: ctx.activeFormat,
              mandate: regions.mandate!,
              composition: regions.composition!,
              excluded: ctx.excluded.map((e) => e.mediator),
              joined: tableNow.filter((a) => !tableBefore.includes(a)),
              left: tableBefore.filter((a) => !tableNow.includes(a)),
              exclusionDemands: ctx.exclusionDemands.map((d) => ({ by: d.by, mediator: d.mediator })),
              openProposals: ctx.proposals
                .filter(
                  (p) =>
                    !p.withdrawn &&
                    !p.rejections.some((r) => ctx.formats[ctx.activeFormat]!.parties.includes(r)),
                )
                .map((p) => ({ format: p.format, by: p.by })),
              everContested: reached.has('mandate:contested'),
              replaced: ctx.activeFormat !== start.activeFormat,
            },
          }
        : {}),
      ...(has.has('status') ? { status: regions.status! } : {}),
      ...(has.has('access')
        ? {
            access: {
              state: regions.access!,
              grants: ctx.access.grants,
              requested: ctx.access.requests.length > 0,
            },
          }
        : {}),
      ...(has.has('hostilities')
        ? {
            ceasefire: {
              state: regions.hostilities!,
              violations: state.trace.filter((e) => e.accepted && e.move.type === 'ceasefire.violate').length,
              collapsed: reached.has('hostilities:war') && !(data.initial.regions?.hostilities === 'war'),
            },
          }
        : {}),
      ...(has.has('monitoring') ? { monitoring: regions.monitoring! } : {}),
      ...(has.has('recognition')
        ? { recognitions: ctx.recognitions.map((r) => ({ by: r.by, entity: r.entity })) }
        : {}),
      ...(Object.keys(data.customRegions ?? {}).length
        ? {
            custom: Object.fromEntries(
              Object.keys(data.customRegions ?? {})
                .filter((id) => builtin.has(id))
                .map((id) => [id, regions[id]!]),
            ),
          }
        : {}),
    },
    outcomes: Object.entries(data.outcomes).map(([id, o]) => ({
      id,
      text: o.text,
      reached: evaluate(o.when, subject),
    })),
    violations: state.violations,
    moves: { total: state.trace.length, accepted, refused: state.trace.length - accepted, refusedByRule },
  };
}
