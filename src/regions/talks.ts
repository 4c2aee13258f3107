import { z } from 'zod';
import type { WorldContext } from '../model/context.js';
import type { Format } from '../model/format.js';
import { candidatePools, each } from './candidates.js';
import { type Check, type Ev, str } from './check-types.js';
import { nameOf, settledTextsOf, withItem } from './queries.js';
import { defineRegion, type RegionModule, type Update, type WorldSettings } from './region-module.js';
import { type Talks, talksSlice } from './talks-context.js';
import { talksCanon, talksInvariants, talksStoryOf, talksSummary } from './talks-outcome.js';

const ref = z.string().min(1);
const formatField = ref
  .optional()
  .describe('the live format whose talks the move concerns (default: the active format)');

/** The format a talks move concerns: the one it names, else the active format. */
function concerned(ctx: WorldContext, ev: Ev): string {
  if (ev.type === 'talks.urge') return str(ev, 'format');
  return str(ev, 'format') || ctx.activeFormat;
}
const formatOf = (ctx: WorldContext, ev: Ev): Format | undefined => ctx.formats[concerned(ctx, ev)];
const talksOf = (ctx: WorldContext, format: string): Talks =>
  format === ctx.activeFormat ? ctx.talks : (ctx.sideTalks[format] ?? ctx.talks);

/** Whether every party of a format accepts every one of the given mediators (R4). */
function partiesAcceptIn(ctx: WorldContext, f: Format | undefined, mediators: readonly string[]): boolean {
  return (f?.parties ?? []).every((p) => mediators.every((m) => (ctx.consents[p] ?? []).includes(m)));
}

/** The mediators who must call a round of a format: its quorum, else all of them; a party for direct talks. */
const quorumOf = (f: Format) =>
  f.mediators.length === 0 ? 1 : Math.min(f.quorum ?? f.mediators.length, f.mediators.length);

/** The checks of talks under any format, reading the format the move concerns. */
const moveChecks: Record<string, Check> = {
  isKnownFormat: {
    rule: 'M1',
    code: 'format/unknown',
    test: (ctx, ev) => Object.hasOwn(ctx.formats, str(ev, 'format')),
    why: (_ctx, ev) => `there is no format "${str(ev, 'format')}"`,
  },
  isConvener: {
    rule: 'R2',
    code: 'role/not-mediator',
    test: (ctx, ev) => {
      const f = formatOf(ctx, ev);
      return f !== undefined && (f.mediators.length > 0 ? f.mediators : f.parties).includes(ev.by);
    },
    why: (ctx, ev) => {
      const f = formatOf(ctx, ev);
      return f && f.mediators.length === 0
        ? `${nameOf(ctx, ev.by)} is not a party to ${f.name}, whose talks are direct`
        : `${nameOf(ctx, ev.by)} is not a mediator of ${f?.name ?? concerned(ctx, ev)}`;
    },
  },
  isTalksFormatOpen: {
    rule: 'R3',
    code: 'format/closed',
    test: (ctx, ev) => !ctx.closedFormats.includes(concerned(ctx, ev)),
    why: (ctx, ev) => `${nameOf(ctx, concerned(ctx, ev))} has been closed by its institution`,
  },
  isTalksFormatAcceptedByParties: {
    rule: 'R4',
    code: 'consent/mediator-not-accepted',
    test: (ctx, ev) => partiesAcceptIn(ctx, formatOf(ctx, ev), formatOf(ctx, ev)?.mediators ?? []),
    why: (ctx, ev) => {
      const f = formatOf(ctx, ev);
      const out: string[] = [];
      for (const p of f?.parties ?? [])
        for (const m of f?.mediators ?? [])
          if (!(ctx.consents[p] ?? []).includes(m))
            out.push(`${nameOf(ctx, p)} does not accept ${nameOf(ctx, m)} as a mediator`);
      return out.join('; ');
    },
  },
  hasQuorum: {
    rule: 'R14',
    code: 'talks/no-quorum',
    test: (ctx, ev) => {
      const f = formatOf(ctx, ev);
      if (!f) return false;
      // Only the format's current mediators' calls count (an excluded mediator's call lapses).
      const calls = talksOf(ctx, f.id).calls.filter((c) => c !== ev.by && f.mediators.includes(c));
      return calls.length + 1 >= quorumOf(f);
    },
    why: (ctx, ev) => {
      const f = formatOf(ctx, ev);
      return `${f?.name ?? 'the format'} needs ${f ? quorumOf(f) : 1} of its mediators to call the round`;
    },
  },
  hasNotCalled: {
    rule: 'M1',
    code: 'talks/already-called',
    test: (ctx, ev) => !talksOf(ctx, concerned(ctx, ev)).calls.includes(ev.by),
    why: (ctx, ev) => `${nameOf(ctx, ev.by)} has already called this round`,
  },
  isTalksParty: {
    rule: 'M2',
    code: 'role/not-party',
    test: (ctx, ev) => (formatOf(ctx, ev)?.parties ?? []).includes(ev.by),
    why: (ctx, ev) => `${nameOf(ctx, ev.by)} is not a party to ${nameOf(ctx, concerned(ctx, ev))}`,
  },
  isSettlementParty: {
    rule: 'R5',
    code: 'settlement/not-party',
    test: (ctx, ev) => (formatOf(ctx, ev)?.parties ?? []).includes(ev.by),
    why: (ctx, ev) => `only the parties sign a settlement, and ${nameOf(ctx, ev.by)} is not one`,
  },
};

/** The eventless checks of the talks under one format (`null`: the active format's). */
function conditionChecks(side: string | null): Record<string, Check> {
  const at = side === null ? '' : `@${side}`;
  const fmt = (ctx: WorldContext) => side ?? ctx.activeFormat;
  const talks = (ctx: WorldContext) => (side === null ? ctx.talks : ctx.sideTalks[side]!);
  return {
    [`hasSettlement${at}`]: {
      rule: 'R5',
      code: 'settlement/signed',
      test: (ctx) => settledTextsOf(ctx, side).length > 0,
      why: () => 'no text is signed by every party',
    },
    [`hasLostConsent${at}`]: {
      rule: 'R4',
      code: 'consent/lost',
      // The parties of the format the talks were convened under, and (after a replacement) those of the
      // format now active: talks that go on under a new format need its parties' consent too (I1).
      test: (ctx) =>
        !partiesAcceptIn(ctx, ctx.formats[talks(ctx).format ?? fmt(ctx)], talks(ctx).mediators) ||
        !partiesAcceptIn(ctx, ctx.formats[fmt(ctx)], talks(ctx).mediators),
      why: () => 'every party still accepts the mediators at the table',
    },
    [`isTalksFormatClosed${at}`]: {
      rule: 'R3',
      code: 'format/closed-under-talks',
      test: (ctx) => talks(ctx).format !== null && ctx.closedFormats.includes(talks(ctx).format!),
      why: () => 'the format of the talks is still open',
    },
  };
}

/** The routing check of the talks under one format (`null`: the active format's). */
function routingCheck(side: string | null, sides: readonly string[]): Check {
  return {
    rule: 'M1',
    code: 'talks/not-live',
    routing: true,
    // Decisive when the move names a format with no talks of its own; else its talks are just not ready.
    decisive: (ctx, ev) => {
      const named = str(ev, 'format');
      return ev.type !== 'talks.urge' && named !== '' && named !== ctx.activeFormat && !sides.includes(named);
    },
    test:
      side === null
        ? (ctx, ev) =>
            ev.type === 'talks.urge'
              ? !sides.includes(str(ev, 'format'))
              : str(ev, 'format') === '' || str(ev, 'format') === ctx.activeFormat
        : (ctx, ev) => str(ev, 'format') === side && side !== ctx.activeFormat,
    why: (ctx, ev) => {
      const live = [ctx.activeFormat, ...sides.filter((s) => s !== ctx.activeFormat)].map((f) =>
        nameOf(ctx, f),
      );
      return `no talks run under ${nameOf(ctx, str(ev, 'format'))}; talks run under ${live.join(' and ')}`;
    },
  };
}

/** The talks updates; side talks write `sideTalks[format]`, the active format's write `talks`. */
function talksUpdate(ctx: WorldContext, ev: Ev, change: (t: Talks, format: string) => Partial<Talks>) {
  const format = concerned(ctx, ev);
  if (format === ctx.activeFormat || !Object.hasOwn(ctx.sideTalks, format)) {
    return { talks: { ...ctx.talks, ...change(ctx.talks, ctx.activeFormat) } };
  }
  const t = ctx.sideTalks[format]!;
  return { sideTalks: { ...ctx.sideTalks, [format]: { ...t, ...change(t, format) } } };
}

const updates: Record<string, Update> = {
  recordUrge: (ctx, ev) => ({
    talks: { ...ctx.talks, urgedBy: withItem(ctx.talks.urgedBy, ev.by), urgedUnder: str(ev, 'format') },
  }),
  recordSideUrge: (ctx, ev) =>
    talksUpdate(ctx, ev, (t) => ({ urgedBy: withItem(t.urgedBy, ev.by), urgedUnder: str(ev, 'format') })),
  recordCall: (ctx, ev) => talksUpdate(ctx, ev, (t) => ({ calls: withItem(t.calls, ev.by) })),
  recordConvene: (ctx, ev) =>
    talksUpdate(ctx, ev, (_t, format) => ({
      format,
      mediators: [...(ctx.formats[format]?.mediators ?? [])],
      convenedDay: ctx.day,
      calls: [],
    })),
  recordSignature: (ctx, ev) => {
    const format = concerned(ctx, ev);
    const side = format === ctx.activeFormat ? undefined : format;
    return {
      signatures: [
        ...ctx.signatures.filter(
          (x) =>
            !(
              x.by === ev.by &&
              x.text === str(ev, 'text') &&
              x.status === str(ev, 'status') &&
              x.format === side
            ),
        ),
        {
          by: ev.by,
          day: ctx.day,
          text: str(ev, 'text'),
          status: str(ev, 'status') === 'final' ? 'final' : 'interim',
          ...(side ? { format: side } : {}),
        },
      ],
    };
  },
};

/** The state node of the talks under one format (`null`: the active format's). */
function talksNode(side: string | null) {
  const at = side === null ? '' : `@${side}`;
  const g = (name: string) => `${name}${at}`;
  const urge = side === null ? 'recordUrge' : 'recordSideUrge';
  const convene = [
    { target: 'convened', guard: g('canConvene'), actions: 'recordConvene' },
    { guard: g('canCallTalks'), actions: 'recordCall' },
  ];
  const idle = {
    'talks.urge': { target: 'urged', guard: g('canUrge'), actions: urge },
    'talks.convene': convene,
  };
  return {
    initial: 'dormant',
    states: {
      dormant: { on: idle },
      urged: {
        on: { 'talks.urge': { guard: g('canUrge'), actions: urge }, 'talks.convene': convene },
      },
      convened: {
        always: [
          { target: 'settled', guard: `hasSettlement${at}` },
          { target: 'stalled', guard: `hasLostConsent${at}` },
          { target: 'stalled', guard: `isTalksFormatClosed${at}` },
        ],
        on: {
          'talks.boycott': { target: 'stalled', guard: g('canBoycott') },
          'talks.adjourn': { target: 'adjourned', guard: g('canAdjourn') },
          'settlement.sign': { guard: g('canSign'), actions: 'recordSignature' },
        },
      },
      adjourned: { on: idle },
      stalled: { on: idle },
      settled: { type: 'final' },
    },
  };
}

/** The guards of the talks under one format, each led by its routing check. */
function composites(side: string | null): Record<string, readonly string[]> {
  const at = side === null ? '' : `@${side}`;
  const route = `isAboutTheseTalks${at}`;
  const consent = ['isConvener', 'isTalksFormatOpen', 'isTalksFormatAcceptedByParties'];
  return {
    [`canUrge${at}`]: [route, 'isKnownFormat'],
    [`canConvene${at}`]: [route, ...consent, 'hasNotCalled', 'hasQuorum'],
    [`canCallTalks${at}`]: [route, ...consent, 'hasNotCalled'],
    [`canBoycott${at}`]: [route, 'isTalksParty'],
    [`canAdjourn${at}`]: [route, 'isConvener'],
    [`canSign${at}`]: [route, 'isSettlementParty'],
  };
}

const sidePath = (f: string) => `sideTalks.${f}`;
const talksStates = ['dormant', 'urged', 'convened', 'adjourned', 'stalled', 'settled'];

/**
 * Talks under a format: urged, convened when its mediators have called the round (all of them, or the
 * format's quorum) with every party's consent, adjourned when a round ends without agreement, stalled by
 * a walk-out or a lost consent, settled when every party signs the same text. A format without mediators
 * holds direct talks, which a party convenes. Formats listed in `initial.liveFormats` each hold their own
 * talks beside the active format's (region `talks.<format>`).
 */
export const talksRegion = defineRegion({
  id: 'talks',
  label: 'Talks',
  description:
    'Talks under each live format: urged, convened by its mediators acting jointly with the consent of every party, adjourned, stalled, or settled by a text every party signs.',
  requires: ['format'],
  context: talksSlice,
  tracks: [{ alias: 'talks', path: 'talks', label: 'Talks', states: talksStates, initial: 'dormant' }],
  nodes: { talks: talksNode(null) },
  events: {
    'talks.urge': {
      payload: { format: ref.describe('the format under which talks should resume') },
      describe: (e, n) => `urges the parties to resume talks under ${n(e.format as string)}`,
      candidates: (ctx, by) => each('format', candidatePools(ctx, by).formats),
    },
    'talks.convene': {
      payload: { format: formatField },
      describe: (e, n) => (e.format ? `convenes talks under ${n(e.format as string)}` : 'convenes talks'),
      candidates: (ctx) => live(ctx),
    },
    'talks.boycott': {
      payload: { format: formatField },
      describe: (e, n) =>
        e.format ? `boycotts the talks under ${n(e.format as string)}` : 'boycotts the talks',
      candidates: (ctx) => live(ctx),
    },
    'talks.adjourn': {
      payload: { format: formatField },
      describe: (e, n) =>
        `ends the round${e.format ? ` under ${n(e.format as string)}` : ''} without agreement`,
      candidates: (ctx) => live(ctx),
    },
    'settlement.sign': {
      payload: {
        text: z.string().min(1).describe('the agreement being signed; every party must sign the same text'),
        status: z.enum(['interim', 'final']).describe('the status the agreement gives the territory'),
        format: formatField,
      },
      describe: (e) => `signs the ${String(e.status)} settlement "${String(e.text)}"`,
      candidates: (ctx) =>
        live(ctx).flatMap((f) =>
          ['interim', 'final'].map((status) => ({ text: `${status} settlement`, status, ...f })),
        ),
    },
  },
  checks: { ...moveChecks, ...conditionChecks(null), isAboutTheseTalks: routingCheck(null, []) },
  composites: composites(null),
  updates,
  withSettings: (settings: WorldSettings): RegionModule => withSides(talksRegion, settings),
  story: talksStoryOf,
  summary: talksSummary,
  invariants: talksInvariants,
  canon: talksCanon,
});

/** The payloads naming each live format's talks: none for the active format's, `format` for the others. */
function live(ctx: WorldContext): Record<string, unknown>[] {
  return [{}, ...Object.keys(ctx.sideTalks).map((format) => ({ format }))];
}

function withSides(base: RegionModule, settings: WorldSettings): RegionModule {
  const sides = settings.sideFormats.map((f) => f.id);
  if (sides.length === 0) return base;
  const checks: Record<string, Check> = { ...moveChecks, ...conditionChecks(null) };
  checks.isAboutTheseTalks = routingCheck(null, sides);
  let all: Record<string, readonly string[]> = { ...composites(null) };
  const states: Record<string, object> = {};
  for (const f of sides) {
    Object.assign(checks, conditionChecks(f), { [`isAboutTheseTalks@${f}`]: routingCheck(f, sides) });
    all = { ...all, ...composites(f) };
    states[f] = talksNode(f);
  }
  const { withSettings: _, ...rest } = base;
  return {
    ...rest,
    tracks: [
      ...base.tracks,
      ...settings.sideFormats.map((f) => ({
        alias: `talks.${f.id}`,
        path: sidePath(f.id),
        label: `Talks (${f.name})`,
        states: talksStates,
        initial: 'dormant',
      })),
    ],
    nodes: { talks: talksNode(null), sideTalks: { type: 'parallel', states } },
    checks,
    composites: all,
  };
}
