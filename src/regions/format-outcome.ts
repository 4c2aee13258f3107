import { atTableOf } from '../model/queries.js';
import { asJson, type Canonicalisers, type Relevant, sortedSet, undated } from './canon.js';
import { eventField, formatById, sameData, type WorldInvariant } from './invariant.js';
import type { Story, StoryInput, SummarySection } from './story.js';

/** What the format module says of a run's end, its invariant, and what exploration keeps of its facts. */

export function formatStoryOf({ regions, reached, context: ctx, start }: StoryInput): Story {
  const tableBefore = atTableOf(start.formats[start.activeFormat]!);
  const tableNow = atTableOf(ctx.formats[ctx.activeFormat]!);
  const parties = ctx.formats[ctx.activeFormat]!.parties;
  return {
    format: {
      active: ctx.activeFormat,
      mandate: regions.mandate!,
      composition: regions.composition!,
      excluded: ctx.excluded.map((e) => e.mediator),
      joined: tableNow.filter((a) => !tableBefore.includes(a)),
      left: tableBefore.filter((a) => !tableNow.includes(a)),
      exclusionDemands: ctx.exclusionDemands.map((d) => ({ by: d.by, mediator: d.mediator })),
      openProposals: ctx.proposals
        .filter((p) => !p.withdrawn && !p.rejections.some((r) => parties.includes(r)))
        .map((p) => ({ format: p.format, by: p.by })),
      everContested: reached.has('mandate:contested'),
      replaced: ctx.activeFormat !== start.activeFormat,
    },
  };
}

export const formatSummary: SummarySection = {
  rank: 20,
  lines: ({ story, context: ctx, n, list }) => {
    const f = story.format;
    if (!f) return [];
    const mediators = ctx.formats[f.active]?.mediators ?? [];
    return [
      [
        'Format',
        `${n(f.active)}${f.replaced ? ' (replaced the original format)' : ''}, mandate ${f.mandate}; mediators: ${list(mediators)}`,
      ],
      [
        'Composition',
        `${f.composition}; excluded: ${list(f.excluded)}; demands: ${
          f.exclusionDemands.length
            ? f.exclusionDemands.map((d) => `${n(d.by)} against ${n(d.mediator)}`).join('; ')
            : 'none'
        }`,
      ],
      ['At the table', `joined: ${list(f.joined)}; left: ${list(f.left)}`],
      [
        'Rival formats',
        f.openProposals.length
          ? `open: ${f.openProposals.map((p) => `${n(p.format)} (${n(p.by)})`).join('; ')}`
          : `none open${f.everContested ? ' (the format was contested during the run)' : ''}`,
      ],
    ];
  },
};

export const formatInvariants: readonly WorldInvariant[] = [
  {
    id: 'I4',
    text: "the active format's composition changes only through its own procedure",
    kind: 'step',
    check: ({ before: { context: before }, after: { context: after }, event, accepted }) => {
      const { type, by } = event;
      if (before.activeFormat !== after.activeFormat) {
        return type === 'format.replace' && accepted && eventField(event, 'format') === after.activeFormat
          ? null
          : `the active format changed from ${before.activeFormat} to ${after.activeFormat} on ${type}`;
      }
      const was = formatById(before, before.activeFormat)!;
      const now = formatById(after, after.activeFormat)!;
      if (was === now) return null;
      if (!sameData(was.parties, now.parties)) return `the parties of ${was.id} changed on ${type}`;
      if (sameData(was.mediators, now.mediators)) return null;
      const mediator = eventField(event, 'mediator') as string;
      const byProcedure = accepted && was.appointedBy !== null && by === was.appointedBy;
      const without = (m: string) => was.mediators.filter((x) => x !== m);
      // An appointee takes its seat by accepting, and a mediator leaves it by resigning (R15).
      if (accepted && type === 'mediator.accept' && was.invited.includes(by))
        if (sameData(now.mediators, [...was.mediators, by])) return null;
      if (accepted && type === 'mediator.resign' && was.mediators.includes(by))
        if (sameData(now.mediators, without(by))) return null;
      if (byProcedure && type === 'mediator.exclude' && was.mediators.includes(mediator))
        if (sameData(now.mediators, without(mediator))) return null;
      return `the mediators of ${was.id} changed from [${was.mediators}] to [${now.mediators}] on ${type} by ${by}`;
    },
  },
];

/**
 * Exploration keeps of the format's facts what R1-R4, R13 and R15 read: mediators and invitees as sets;
 * consents of the actors whose consent counts; demands and exclusions without their day; open
 * consultations, with only whether a day has passed since each opened (R2); and proposals that can still
 * succeed, with the endorsements and rejections that count.
 */
export const formatCanon = ({ deadRejecters, parties, endorsers, consenters }: Relevant): Canonicalisers => ({
  formats: (v) =>
    Object.fromEntries(
      Object.entries(v).map(([id, f]) => [
        id,
        {
          ...f,
          mediators: sortedSet(f.mediators),
          invited: sortedSet(f.invited),
          // Rules read who sits in a format as sets (only the order of a sentence's names follows them).
          parties: sortedSet(f.parties),
          members: sortedSet(f.members),
          observers: sortedSet(f.observers),
        },
      ]),
    ),
  activeFormat: (v) => v,
  closedFormats: (v) => sortedSet(v),
  consents: (v) =>
    Object.fromEntries(
      sortedSet(Object.keys(v))
        .filter((k) => consenters.has(k))
        .map((k) => [k, sortedSet(v[k]!)]),
    ),
  exclusionDemands: (v) => undated(v),
  excluded: (v) => undated(v),
  consultations: {
    byDay: (v, ctx, day) =>
      sortedSet(
        v
          .filter((c) => !c.closed)
          .map((c) => ({
            ...c,
            // R2 reads only whether a day has passed since the consultation opened: -1 if one has,
            // else the (canonical) day itself, which the next tick leaves behind.
            openedDay: c.openedDay < ctx.day ? -1 : day,
            objections: sortedSet(c.objections),
          })),
        asJson,
      ),
  },
  proposals: (v) =>
    v
      .filter((p) => !p.withdrawn && !p.rejections.some((r) => deadRejecters.has(r)))
      .map((p) => ({
        ...p,
        day: 0,
        endorsements: sortedSet(p.endorsements.filter((a) => endorsers.has(a))),
        rejections: sortedSet(p.rejections.filter((a) => parties.has(a))),
      })),
  formatLock: (v) => v && { signatories: sortedSet(v.signatories), standing: v.standing },
});
