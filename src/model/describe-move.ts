import type { WorldContext } from './context.js';
import type { WorldEvent } from './events.js';

type Names = (id: string | undefined) => string;

const templates: Record<string, (e: Record<string, unknown>, n: Names) => string> = {
  'ceasefire.broker': () => 'brokers a ceasefire',
  'ceasefire.violate': (e) => `violates the ceasefire${e.place ? ` at ${String(e.place)}` : ''}`,
  'ceasefire.restore': () => 'restores the ceasefire',
  'hostilities.resume': () => 'resumes hostilities',
  'talks.urge': (e, n) => `urges the parties to resume talks under ${n(e.format as string)}`,
  'talks.convene': () => 'convenes talks',
  'talks.boycott': () => 'boycotts the talks',
  'settlement.sign': (e) => `signs the ${String(e.status)} settlement "${String(e.text)}"`,
  'format.propose': (e, n) => `proposes a new format: ${n(e.format as string)}`,
  'format.endorse': (e, n) => `endorses ${n(e.format as string)}`,
  'format.reject': (e, n) => `rejects ${n(e.format as string)}`,
  'format.withdraw': (e, n) => `withdraws its proposal of ${n(e.format as string)}`,
  'format.replace': (e, n) => `replaces the format with ${n(e.format as string)}`,
  'format.consult': (e, n) =>
    e.action === 'close'
      ? 'opens a consultation on closing the format'
      : `opens a consultation on ${e.action === 'appoint' ? 'appointing' : 'excluding'} ${n(e.mediator as string)}`,
  'format.object': (e, n) =>
    e.action === 'close'
      ? 'objects to closing the format'
      : `objects to ${e.action === 'appoint' ? 'appointing' : 'excluding'} ${n(e.mediator as string)}`,
  'format.close': () => 'closes the format',
  'mediator.appoint': (e, n) => `appoints ${n(e.mediator as string)} as a mediator`,
  'mediator.exclude': (e, n) => `removes ${n(e.mediator as string)} from the mediators`,
  'mediator.demandExclusion': (e, n) => `demands that ${n(e.mediator as string)} be excluded as a mediator`,
  'mediator.withdrawDemand': (e, n) => `withdraws its demand to exclude ${n(e.mediator as string)}`,
  'consent.give': (e, n) => `accepts ${n(e.mediator as string)} as a mediator`,
  'consent.withdraw': (e, n) => `withdraws its consent to ${n(e.mediator as string)} as a mediator`,
  'legislature.resolve': (e, n) => {
    const votes = e.votesFor !== undefined ? ` (${String(e.votesFor)}–${String(e.votesAgainst ?? 0)})` : '';
    if (e.subject === 'recognition')
      return `adopts a non-binding resolution calling to recognise ${n(e.entity as string)}${votes}`;
    if (e.subject === 'exclusion')
      return `adopts a resolution calling to exclude ${n(e.mediator as string)}${votes}`;
    return `adopts a resolution${votes}`;
  },
  'recognition.grant': (e, n) => `recognises ${n(e.entity as string)}`,
  'recognition.decline': (e, n) => `declines to recognise ${n(e.entity as string)}`,
  'statement.issue': (e, n) => {
    const joint =
      Array.isArray(e.jointWith) && e.jointWith.length
        ? ` jointly with ${(e.jointWith as string[]).map(n).join(' and ')}`
        : '';
    return `issues a statement on ${String(e.topic)}${joint}${e.supports ? `, backing ${n(e.supports as string)}` : ''}`;
  },
  'visit.announce': (e, n) => `announces a visit to ${n(e.to as string)}${e.on ? ` (${String(e.on)})` : ''}`,
  'visit.make': (e, n) => `visits ${n(e.to as string)}`,
  'monitoring.consent': () => 'consents to hosting the joint monitoring centre',
  'monitoring.openCentre': () => 'declares itself ready to open the joint monitoring centre',
  'monitoring.closeCentre': () => 'closes the joint monitoring centre',
  'access.request': () => 'asks for unfettered humanitarian access',
  'access.grant': () => 'grants humanitarian access',
  'access.restrict': () => 'restricts humanitarian access',
  'clock.dayElapsed': () => 'ends the day',
};

/** A name resolver over a world context. */
export function namer(ctx: WorldContext): Names {
  return (id) => (id === undefined ? 'nobody' : (ctx.actors[id]?.name ?? ctx.formats[id]?.name ?? id));
}

/** "the French Senate adopts a non-binding resolution ..." for a move. */
export function describeMove(move: WorldEvent, ctx: WorldContext): string {
  const n = namer(ctx);
  const template = templates[move.type];
  const what = template ? template(move as unknown as Record<string, unknown>, n) : move.type;
  return `${n(move.by)} ${what}`;
}
