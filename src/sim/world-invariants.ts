import type { Talks, WorldContext, WorldState } from '../model/context.js';
import type { WorldEvent } from '../regions/events.js';

/** One step of the world: the world before, the event, and what the stepper made of it. */
export interface WorldStep {
  readonly before: WorldState;
  readonly event: WorldEvent;
  readonly accepted: boolean;
  readonly after: WorldState;
  /** The region changes the stepper reported. */
  readonly changes: readonly unknown[];
}

/**
 * A world invariant of DESIGN.md section 3. A `state` invariant reads one world; a `step` invariant
 * reads a step (before, event, after). A check returns `null` when it holds, else a sentence saying what
 * broke. They read plain data only, never the machine, so they judge the statechart from outside.
 */
export type WorldInvariant =
  | {
      readonly id: string;
      readonly text: string;
      readonly kind: 'state';
      readonly check: (world: WorldState) => string | null;
    }
  | {
      readonly id: string;
      readonly text: string;
      readonly kind: 'step';
      readonly check: (step: WorldStep) => string | null;
    };

/** Structural equality of plain data (arrays, objects, primitives), key order included. */
export function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) {
    const k = ka[i]!;
    if (k !== kb[i]) return false;
    if (!sameData((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return true;
}

const fmt = (ctx: WorldContext, id: string | null) => (id === null ? undefined : ctx.formats[id]);
const partiesOf = (ctx: WorldContext): string[] => [
  ...new Set([
    ...(fmt(ctx, ctx.activeFormat)?.parties ?? []),
    ...(fmt(ctx, ctx.talks.format)?.parties ?? []),
  ]),
];
/** The side formats whose talks are convened, with their talks. */
const convenedSides = (value: WorldState['value'], ctx: WorldContext): [string, Talks][] => {
  const sides = value.sideTalks;
  if (typeof sides !== 'object' || sides === null) return [];
  return Object.entries(ctx.sideTalks).filter(([f]) => (sides as Record<string, unknown>)[f] === 'convened');
};
const field = (ev: WorldEvent, key: string) => (ev as unknown as Record<string, unknown>)[key];

/** The built-in invariants that concern worlds and steps: I1-I7 and I11. I8-I10 concern traces and runs. */
export const worldInvariants: readonly WorldInvariant[] = [
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
        for (const party of fmt(ctx, f)?.parties ?? [])
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
        const format = fmt(ctx, f);
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
    id: 'I3',
    text: 'recognitions change only by an executive act',
    kind: 'step',
    check: ({ before: { context: before }, after: { context: after }, event, accepted }) => {
      if (before.recognitions === after.recognitions || sameData(before.recognitions, after.recognitions))
        return null;
      const actor = before.actors[event.by];
      if (event.type !== 'recognition.grant' || !accepted || actor?.kind !== 'state')
        return `recognitions changed on ${event.type} by ${event.by} (${actor?.kind ?? 'unknown'})`;
      const expected = [
        ...before.recognitions,
        { by: event.by, day: before.day, entity: field(event, 'entity') },
      ];
      return sameData(after.recognitions, expected)
        ? null
        : 'recognition.grant changed more than its own act';
    },
  },
  {
    id: 'I4',
    text: "the active format's composition changes only through its own procedure",
    kind: 'step',
    check: ({ before: { context: before }, after: { context: after }, event, accepted }) => {
      const { type, by } = event;
      if (before.activeFormat !== after.activeFormat) {
        return type === 'format.replace' && accepted && field(event, 'format') === after.activeFormat
          ? null
          : `the active format changed from ${before.activeFormat} to ${after.activeFormat} on ${type}`;
      }
      const was = fmt(before, before.activeFormat)!;
      const now = fmt(after, after.activeFormat)!;
      if (was === now) return null;
      if (!sameData(was.parties, now.parties)) return `the parties of ${was.id} changed on ${type}`;
      if (sameData(was.mediators, now.mediators)) return null;
      const mediator = field(event, 'mediator') as string;
      const byProcedure = accepted && was.appointedBy !== null && by === was.appointedBy;
      // An appointee takes its seat by accepting, and a mediator leaves it by resigning (R15).
      if (accepted && type === 'mediator.accept' && was.invited.includes(by))
        if (sameData(now.mediators, [...was.mediators, by])) return null;
      if (accepted && type === 'mediator.resign' && was.mediators.includes(by))
        if (
          sameData(
            now.mediators,
            was.mediators.filter((m) => m !== by),
          )
        )
          return null;
      if (byProcedure && type === 'mediator.exclude' && was.mediators.includes(mediator))
        if (
          sameData(
            now.mediators,
            was.mediators.filter((m) => m !== mediator),
          )
        )
          return null;
      return `the mediators of ${was.id} changed from [${was.mediators}] to [${now.mediators}] on ${type} by ${by}`;
    },
  },
  {
    id: 'I5',
    text: 'status leaves limbo only through an agreement every party signs',
    kind: 'step',
    check: ({ before, after }) => {
      const from = before.value.status;
      const to = after.value.status;
      if (from === to) return null;
      if (from === 'final' || (from === 'interim' && to !== 'final'))
        return `status went back from ${from} to ${to}`;
      const ctx = after.context;
      const parties = fmt(ctx, ctx.activeFormat)!.parties;
      const agreed = [...new Set(ctx.signatures.map((s) => s.text))].filter(
        (text) =>
          parties.length > 0 &&
          parties.every((p) => ctx.signatures.some((s) => s.by === p && s.text === text)),
      );
      return agreed.length > 0
        ? null
        : `status moved from ${from} to ${to} with no text signed by every party`;
    },
  },
  {
    id: 'I6',
    text: 'a monitoring centre exists only with a ceasefire and the host consenting',
    kind: 'state',
    check: ({ value, context }) => {
      if (value.monitoring !== 'peacekeepersAndJointCentre') return null;
      if (typeof value.hostilities !== 'object') return 'the joint centre runs in a war';
      return context.monitoring.centre?.hostConsent === true
        ? null
        : 'the joint centre runs without host consent';
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
  {
    id: 'I11',
    text: 'a refused move leaves the world unchanged',
    kind: 'step',
    check: ({ before, after, accepted, changes }) => {
      if (accepted) return null;
      if (after !== before) return 'a refused move returned a different world';
      return changes.length > 0 ? 'a refused move reported region changes' : null;
    },
  },
];

const NONE: { id: string; text: string; detail: string }[] = [];

/** The world invariants a step breaks (state invariants judged on the world after it); usually none. */
export function brokenInvariants(step: WorldStep): { id: string; text: string; detail: string }[] {
  let out: { id: string; text: string; detail: string }[] | undefined;
  for (const inv of worldInvariants) {
    const detail = inv.kind === 'state' ? inv.check(step.after) : inv.check(step);
    if (detail === null) continue;
    out ??= [];
    out.push({ id: inv.id, text: inv.text, detail });
  }
  return out ?? NONE;
}
