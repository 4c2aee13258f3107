import { dayIndex } from '../sim/calendar.js';
import type { Exercise } from './exercise-state.js';
import type { InjectView } from './exercise-types.js';

/** Every inject of the exercise, the scenario's and the added ones, with its status. */
export function injectViews(ex: Exercise): InjectView[] {
  const data = ex.base.scenario.data;
  const c = ex.state.injects;
  const run = ex.state.run;
  const notes = data.facilitator?.injects ?? {};
  const status = (id: string, day: number | null, added: boolean): InjectView['status'] => {
    if (c.skipped.includes(id)) return 'skipped';
    if (c.held.includes(id)) return 'held';
    if (c.firedAt[id] !== undefined) return 'fired';
    if (c.released.includes(id)) return 'released';
    if (added) return 'pending';
    if (day === null) return run.firedInjects.includes(id) ? 'fired' : 'pending';
    return day < run.day ? 'fired' : 'pending';
  };
  const list: InjectView[] = data.injects.map((i) => {
    const day = i.date === undefined ? null : dayIndex(data.calendar.start, i.date);
    const expect = notes[i.id]?.expect;
    return {
      id: i.id,
      text: i.text,
      day,
      status: status(i.id, day, false),
      added: false,
      ...(expect ? { expect } : {}),
    };
  });
  for (const a of c.added)
    list.push({
      id: a.id,
      text: a.text,
      day: c.firedAt[a.id] ?? null,
      status: status(a.id, null, true),
      added: true,
    });
  const rank = (id: string) => {
    const i = c.order.indexOf(id);
    return i < 0 ? c.order.length : i;
  };
  return list
    .map((v, i) => ({ v, i }))
    .sort((a, b) => {
      const da = a.v.day ?? Number.MAX_SAFE_INTEGER;
      const db = b.v.day ?? Number.MAX_SAFE_INTEGER;
      return da - db || rank(a.v.id) - rank(b.v.id) || a.i - b.i;
    })
    .map((x) => x.v);
}
