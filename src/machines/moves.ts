import type { WorldContext } from '../model/context.js';
import { moveTypes, type WorldEvent } from '../model/events.js';
import { activeFormat } from './world-queries.js';

/**
 * Every move an actor could attempt in a world, legal or not: each move type with each sensible
 * payload drawn from the world's actors and formats. The stepper decides which are legal.
 */
export function candidateMoves(ctx: WorldContext, by: string): WorldEvent[] {
  const actors = Object.values(ctx.actors);
  const states = actors.filter((a) => a.kind === 'state' && a.id !== by).map((a) => a.id);
  const entities = actors.filter((a) => a.kind === 'de-facto-authority').map((a) => a.id);
  const formats = Object.keys(ctx.formats);
  const mediators = activeFormat(ctx).mediators;
  const others = actors.filter((a) => a.id !== by).map((a) => a.id);
  const out: Record<string, unknown>[] = [];
  for (const type of moveTypes) {
    const base = { type, by };
    switch (type) {
      case 'talks.urge':
      case 'format.propose':
      case 'format.endorse':
      case 'format.reject':
      case 'format.withdraw':
      case 'format.replace':
        for (const format of formats) out.push({ ...base, format });
        break;
      case 'settlement.sign':
        for (const status of ['interim', 'final'])
          out.push({ ...base, text: `${status} settlement`, status });
        break;
      case 'format.consult':
      case 'format.object':
        for (const m of states.filter((s) => !mediators.includes(s)))
          out.push({ ...base, action: 'appoint', mediator: m });
        for (const m of mediators) out.push({ ...base, action: 'exclude', mediator: m });
        out.push({ ...base, action: 'close' });
        break;
      case 'mediator.appoint':
      case 'consent.give':
      case 'consent.withdraw':
        for (const m of states) out.push({ ...base, mediator: m });
        break;
      case 'mediator.exclude':
      case 'mediator.demandExclusion':
      case 'mediator.withdrawDemand':
        for (const m of mediators) out.push({ ...base, mediator: m });
        break;
      case 'legislature.resolve':
        for (const entity of entities) out.push({ ...base, subject: 'recognition', entity });
        for (const m of mediators) out.push({ ...base, subject: 'exclusion', mediator: m });
        break;
      case 'recognition.grant':
      case 'recognition.decline':
        for (const entity of entities) out.push({ ...base, entity });
        break;
      case 'statement.issue':
        out.push({ ...base, topic: 'general' });
        for (const format of formats) out.push({ ...base, topic: 'format', supports: format });
        break;
      case 'visit.announce':
      case 'visit.make':
        for (const to of others) out.push({ ...base, to });
        break;
      default:
        out.push(base);
    }
  }
  return out as WorldEvent[];
}
