import type { WorldContext } from '../model/context.js';
import { activeFormat } from '../model/queries.js';
import type { Proposal } from './format-context.js';

/** Reads of the world context shared by guards, actions and move generation. */

export { activeFormat } from '../model/queries.js';

/** The parties of the active format. */
export function parties(ctx: WorldContext): readonly string[] {
  return activeFormat(ctx).parties;
}

/** Whether every party accepts every one of the given mediators (R4). */
export function partiesAccept(ctx: WorldContext, mediators: readonly string[]): boolean {
  return parties(ctx).every((party) => mediators.every((m) => (ctx.consents[party] ?? []).includes(m)));
}

/** The open (not withdrawn, not rejected by a party) proposal for a format, if any. */
export function openProposal(ctx: WorldContext, format: string): Proposal | undefined {
  return ctx.proposals.find((p) => p.format === format && isOpen(ctx, p));
}

/** A proposal stays open until its proposer withdraws it or a party of the active format rejects it (R4). */
function isOpen(ctx: WorldContext, proposal: Proposal): boolean {
  return !proposal.withdrawn && !proposal.rejections.some((r) => parties(ctx).includes(r));
}

/** Whether any rival format proposal is open. */
export function hasOpenProposals(ctx: WorldContext): boolean {
  return ctx.proposals.some((p) => isOpen(ctx, p));
}

/** The open consultation on an action (and mediator) of the active format, if any. */
export function openConsultation(
  ctx: WorldContext,
  action: 'appoint' | 'exclude' | 'close',
  mediator: string | null | undefined,
) {
  return ctx.consultations.find(
    (c) =>
      !c.closed && c.format === ctx.activeFormat && c.action === action && c.mediator === (mediator ?? null),
  );
}

/** The texts that every party of the active format has signed (under its talks), with the status they give. */
export function settledTexts(ctx: WorldContext): { text: string; status: 'interim' | 'final' }[] {
  return settledTextsOf(ctx, null);
}

/**
 * The texts every party of a format has signed under its talks (`side` a side format's id, `null` the
 * active format's), with the status they give.
 */
export function settledTextsOf(
  ctx: WorldContext,
  side: string | null,
): { text: string; status: 'interim' | 'final' }[] {
  // Checked after every event by the eventless rules of talks and status; most worlds have no signature.
  if (ctx.signatures.length === 0) return [];
  const ps = side === null ? parties(ctx) : (ctx.formats[side]?.parties ?? []);
  const byText = new Map<string, { status: 'interim' | 'final'; signers: Set<string> }>();
  // The same text signed with different statuses is two different agreements.
  for (const s of ctx.signatures) {
    if ((s.format ?? null) !== side) continue;
    const key = `${s.status}\u0000${s.text}`;
    const entry = byText.get(key) ?? { status: s.status, signers: new Set<string>() };
    entry.signers.add(s.by);
    byText.set(key, entry);
  }
  return [...byText]
    .filter(([, e]) => ps.length > 0 && ps.every((p) => e.signers.has(p)))
    .map(([key, e]) => ({ text: key.slice(key.indexOf('\u0000') + 1), status: e.status }));
}

/** Whether `by` is a party of the active format or a legislature of one. */
export function isPartyOrPartyLegislature(ctx: WorldContext, by: string): boolean {
  const actor = ctx.actors[by];
  const state = actor?.kind === 'legislature' ? actor.of : by;
  return state !== undefined && parties(ctx).includes(state);
}

const NO_GRANTS = Object.freeze({ territorial: false, ground: false });

/** The grants that count towards humanitarian access: the territorial state's and the ground controllers'. */
export function accessGrants(ctx: WorldContext): { territorial: boolean; ground: boolean } {
  if (ctx.access.grants.length === 0) return NO_GRANTS;
  const grants = ctx.access.grants.map((g) => ctx.actors[g]);
  return {
    territorial: grants.some((a) => a?.territorial === true),
    ground: grants.some((a) => a?.controlsGround === true),
  };
}

/** Name of an actor for messages. */
export function nameOf(ctx: WorldContext, id: string | null | undefined): string {
  if (id === null || id === undefined) return 'nobody';
  return ctx.actors[id]?.name ?? ctx.formats[id]?.name ?? id;
}

/** A list of names for messages: "Russia, the United States and France". */
export function namesOf(ctx: WorldContext, ids: readonly string[]): string {
  const names = ids.map((id) => nameOf(ctx, id));
  if (names.length <= 1) return names[0] ?? 'nobody';
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/** The list with the item appended, unless it is already there (a fresh array either way). */
export const withItem = <T>(list: readonly T[], item: T): T[] =>
  list.includes(item) ? [...list] : [...list, item];

/** A name resolver over a world context: actors' and formats' names, else the id. */
export function namer(ctx: WorldContext): (id: string | null | undefined) => string {
  return (id) => nameOf(ctx, id);
}
