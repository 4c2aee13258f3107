import type { WorldContext, WorldState } from '../model/context.js';
import { type Canonicalisers, sortedSet, undated } from './canon.js';
import { formatById, type WorldInvariant } from './invariant.js';
import type { Story, StoryInput, SummarySection, TalksStory } from './story.js';

type Talks = WorldContext['talks'];

/** What the talks module says of a run's end, its invariants, and what exploration keeps of its facts. */

function talksStory(state: string, everConvened: boolean, t: Talks): TalksStory {
  return {
    state,
    everConvened,
    convenedUnder: t.format ? { format: t.format, mediators: t.mediators } : null,
    urgedBy: t.urgedBy,
  };
}

export function talksStoryOf({ regions, reached, context: ctx }: StoryInput): Story {
  const sides = Object.entries(ctx.sideTalks);
  return {
    talks: {
      ...talksStory(regions.talks!, reached.has('talks:convened'), ctx.talks),
      urgedUnder: ctx.talks.urgedUnder,
    },
    ...(sides.length
      ? {
          sideTalks: Object.fromEntries(
            sides.map(([f, t]) => [
              f,
              talksStory(regions[`talks.${f}`] ?? '', reached.has(`talks.${f}:convened`), t),
            ]),
          ),
        }
      : {}),
  };
}

export const talksSummary: SummarySection = {
  rank: 10,
  lines: ({ story, n, label, list }) => {
    const lines: [string, string][] = [];
    const t = story.talks;
    if (t) {
      const talks =
        t.state === 'convened' || t.state === 'settled'
          ? `${t.state} under ${n(t.convenedUnder?.format)} (mediators: ${list(t.convenedUnder?.mediators ?? [])})`
          : `${t.state}${t.urgedBy.length ? ` (urged by ${list(t.urgedBy)}${t.urgedUnder ? ` under ${n(t.urgedUnder)}` : ''})` : ''}${t.everConvened ? '; convened earlier in the run' : '; never convened'}`;
      lines.push([label('talks'), talks]);
    }
    for (const [format, side] of Object.entries(story.sideTalks ?? {})) {
      const text =
        side.state === 'convened' || side.state === 'settled'
          ? `${side.state} (mediators: ${list(side.convenedUnder?.mediators ?? [])})`
          : `${side.state}${side.urgedBy.length ? ` (urged by ${list(side.urgedBy)})` : ''}${side.everConvened ? '; convened earlier in the run' : '; never convened'}`;
      lines.push([label(`talks.${format}`), text]);
    }
    return lines;
  },
};

const partiesOf = (ctx: WorldState['context']): string[] => [
  ...new Set([
    ...(formatById(ctx, ctx.activeFormat)?.parties ?? []),
    ...(formatById(ctx, ctx.talks.format)?.parties ?? []),
  ]),
];
/** The side formats whose talks are convened, with their talks. */
const convenedSides = (value: WorldState['value'], ctx: WorldState['context']): [string, Talks][] => {
  const sides = value.sideTalks;
  if (typeof sides !== 'object' || sides === null) return [];
  return Object.entries(ctx.sideTalks).filter(([f]) => (sides as Record<string, unknown>)[f] === 'convened');
};

export const talksInvariants: readonly WorldInvariant[] = [
  {
    id: 'I1',
    text: 'talks are convened only under mediators that every party accepts',
    kind: 'state',
    check: ({ value, context: ctx }) => {
      if (value.talks === 'convened')
        for (const party of partiesOf(ctx))
          for (const m of ctx.talks.mediators)
            if (!(ctx.consents[party] ?? []).includes(m))
              return `${party} does not accept ${m}, yet talks are convened`;
      for (const [f, talks] of convenedSides(value, ctx))
        for (const party of formatById(ctx, f)?.parties ?? [])
          for (const m of talks.mediators)
            if (!(ctx.consents[party] ?? []).includes(m))
              return `${party} does not accept ${m}, yet talks under ${f} are convened`;
      return null;
    },
  },
  {
    id: 'I2',
    text: 'an excluded mediator never sits in convened talks',
    kind: 'state',
    check: ({ value, context: ctx }) => {
      const sitting: [string | null, readonly string[]][] = [
        ...(value.talks === 'convened'
          ? [[ctx.talks.format, ctx.talks.mediators] as [string | null, readonly string[]]]
          : []),
        ...convenedSides(value, ctx).map(([f, t]) => [f, t.mediators] as [string | null, readonly string[]]),
      ];
      for (const [f, mediators] of sitting) {
        const format = formatById(ctx, f);
        for (const m of mediators) {
          const excluded = ctx.excluded.some((e) => e.mediator === m && e.format === f);
          // A mediator excluded and later re-appointed sits again legitimately.
          if (excluded && !format?.mediators.includes(m))
            return `${m} was excluded from ${f} but still sits in convened talks`;
        }
      }
      return null;
    },
  },
  {
    id: 'I7',
    text: 'settled is final',
    kind: 'step',
    check: ({ before, after }) =>
      before.value.talks === 'settled' && after.value.talks !== 'settled'
        ? `talks left settled for ${after.value.talks}`
        : null,
  },
];

function canonTalks(v: Talks): Talks {
  return {
    ...v,
    mediators: sortedSet(v.mediators),
    // Who urged talks, and under which format, is news: no rule reads it.
    urgedBy: [],
    urgedUnder: null,
    convenedDay: v.convenedDay === null ? null : 0,
    calls: sortedSet(v.calls),
  };
}

/** Talks keep their mediators and calls as sets; signatures keep who signed what, not when. */
export const talksCanon = (): Canonicalisers => ({
  talks: (v) => canonTalks(v),
  sideTalks: (v) => Object.fromEntries(sortedSet(Object.keys(v)).map((f) => [f, canonTalks(v[f]!)])),
  signatures: (v) => undated(v),
});
