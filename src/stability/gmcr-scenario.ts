import { stringify } from 'yaml';
import type { Predicate } from '../model/predicate.js';
import { type Condition, feasibleCodes, type OptionModel, patternOf, toGraphModel } from './option-model.js';

/**
 * A GMCR model written as a scenario file, so that a model made in GMCR+ can be run, played, explored
 * and analysed as a statechart. Each decision maker gets a custom region whose states are the combinations
 * of its options (`sYN`: its first option taken, its second not), and one move per combination, which
 * it may make from any combination its options' permitted directions allow, when the state it leads to
 * is feasible. Each feasible state is an outcome, ranked as the model ranks it; `stability.options`
 * names the options in the model's order, so that `auspices stability` on the scenario derives the
 * model's own states and moves, and its verdicts on every state reachable from the status quo.
 */

/**
 * A scenario's stability analysis reads at most 256 facts: the options, and one outcome per feasible
 * state. A model that needs more is refused.
 */
const maxFacts = 256;
/** A decision maker with more options than this would need too many moves. */
const maxScenarioDmOptions = 6;

export class ModelNotWritableError extends Error {
  override readonly name = 'ModelNotWritableError';
}

/** A lower-case id from a name: letters and digits joined by "-", starting with a letter. */
function slug(name: string, fallback: string): string {
  const s = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return /^[a-z]/.test(s) ? s : `${fallback}${s ? `-${s}` : ''}`;
}

/** The ids made unique: a repeated id gets the first free `-2`, `-3`, ... */
function unique(ids: string[]): string[] {
  const taken = new Set<string>();
  return ids.map((id) => {
    let free = id;
    for (let n = 2; taken.has(free); n++) free = `${id}-${n}`;
    taken.add(free);
    return free;
  });
}

const either = (list: Predicate[]): Predicate => (list.length === 1 ? (list[0] as Predicate) : { any: list });
const both = (list: Predicate[]): Predicate => (list.length === 1 ? (list[0] as Predicate) : { all: list });

/** The scenario text of an option-form model. `name` (a file name, say) gives its title. */
export function gmcrScenario(model: OptionModel, name: string): string {
  // The title comes from a file name: printable characters only, and never empty.
  const title = name.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]+/gu, ' ').trim() || 'model';
  const codes = feasibleCodes(model);
  if (codes.length === 0) throw new ModelNotWritableError('the model has no feasible state');
  const wide = model.dms.find((dm) => dm.options.length > maxScenarioDmOptions);
  if (wide)
    throw new ModelNotWritableError(
      `"${wide.name}" controls ${wide.options.length} options; a scenario gives it one move per combination, and at most ${maxScenarioDmOptions} options per decision maker are written`,
    );
  if (codes.length + model.options.length > maxFacts)
    throw new ModelNotWritableError(
      `the model has ${codes.length} feasible states and ${model.options.length} options; a scenario lists each state as an outcome, and its analysis reads at most ${maxFacts} outcomes and options together`,
    );
  const graph = toGraphModel(model);
  const n = model.options.length;
  const actorIds = unique(model.dms.map((dm, d) => slug(dm.name, `dm${d + 1}`)));
  const regionIds = model.dms.map((_, d) => `dm${d + 1}`);
  const owner = new Int32Array(n).fill(-1);
  model.dms.forEach((dm, d) => {
    for (const o of dm.options) owner[o] = d;
  });
  // A decision maker's combination of its own options within a full code, as its region state.
  const local = (d: number, code: number) =>
    `s${(model.dms[d]?.options ?? []).map((o) => (((code >>> o) & 1) === 1 ? 'Y' : 'N')).join('')}`;
  const combos = (d: number) => {
    const k = model.dms[d]?.options.length ?? 0;
    return Array.from({ length: 2 ** k }, (_, c) =>
      (model.dms[d]?.options ?? []).reduce((code, o, j) => code | (((c >>> j) & 1) << o), 0),
    );
  };
  /** The predicate that option `o` is taken (or not). */
  const option = (o: number, taken: boolean): Predicate => {
    const d = owner[o] as number;
    const states = combos(d)
      .filter((c) => (((c >>> o) & 1) === 1) === taken)
      .map((c) => ({ in: { [regionIds[d] as string]: local(d, c) } }) as Predicate);
    return either(states);
  };
  const start = codes[(model.statusQuo ?? 1) - 1] ?? (codes[0] as number);
  const customRegions: Record<string, unknown> = {};
  model.dms.forEach((dm, d) => {
    const region = regionIds[d] as string;
    const mine = combos(d);
    const moves: Record<string, unknown> = {};
    const transitions: unknown[] = [];
    for (const target of mine) {
      // Where the move may start: every other combination the permitted directions allow leaving.
      const from = mine.filter(
        (c) =>
          c !== target &&
          dm.options.every((o) => {
            const before = ((c >>> o) & 1) === 1;
            const after = ((target >>> o) & 1) === 1;
            const direction = model.options[o]?.direction;
            return (
              before === after || (direction === 'forward' ? after : direction === 'backward' ? !after : true)
            );
          }),
      );
      // The infeasible conditions the target leaves open, as conditions on the others' options.
      const open: Condition[] = [];
      let impossible = false;
      for (const s of model.infeasibles)
        for (const condition of s.anyOf) {
          const own = condition.filter(([o]) => owner[o] === d);
          // A condition on the others' options alone does not hold now (the state is feasible), and
          // this move does not change it.
          if (own.length === 0) continue;
          if (own.some(([o, taken]) => (((target >>> o) & 1) === 1) !== taken)) continue;
          const rest = condition.filter(([o]) => owner[o] !== d);
          if (rest.length === 0) impossible = true;
          else open.push(rest);
        }
      if (impossible || from.length === 0) continue;
      const name = `${region}.to${local(d, target).slice(1)}`;
      moves[name] = {
        by: [actorIds[d]],
        rule: 'G1',
        text: `sets its options to ${local(d, target).slice(1)} (${dm.options.map((o) => `${model.options[o]?.name}: ${((target >>> o) & 1) === 1 ? 'yes' : 'no'}`).join('; ')})`,
      };
      transitions.push({
        on: name,
        from: from.map((c) => local(d, c)),
        to: local(d, target),
        ...(open.length > 0
          ? {
              if: { not: either(open.map((c) => both(c.map(([o, taken]) => option(o, taken))))) },
              why: 'the state it leads to is infeasible',
            }
          : {}),
        rule: 'G1',
      });
    }
    customRegions[region] = {
      label: `${dm.name}'s options`,
      states: mine.map((c) => local(d, c)),
      initial: local(d, start),
      ...(Object.keys(moves).length > 0 ? { moves } : {}),
      transitions,
    };
  });
  const outcomeIds = Array.from(codes, (c, s) => `state-${s + 1}-${patternOf(c, n).toLowerCase()}`);
  const outcomes = Object.fromEntries(
    Array.from(codes, (c, s) => [
      outcomeIds[s],
      {
        text: `State ${s + 1} (${patternOf(c, n)})`,
        when: both(model.dms.map((_, d) => ({ in: { [regionIds[d] as string]: local(d, c) } }) as Predicate)),
      },
    ]),
  );
  const ranking = (d: number) => {
    const payoff = graph.dms[d]?.payoff as Float64Array;
    const levels = [...new Set(payoff)].sort((a, b) => b - a);
    return levels.map((level) => {
      const tied = outcomeIds.filter((_, s) => payoff[s] === level);
      return tied.length === 1 ? tied[0] : tied;
    });
  };
  const optionIds = unique(model.options.map((o, i) => slug(o.name, `option${i + 1}`)));
  const scenario = {
    id: slug(title, 'model'),
    title,
    description:
      'A graph model written as a scenario by `auspices stability --write-scenario`: one region per decision maker, whose states are the combinations of its options; one outcome per feasible state. The dates mean nothing.',
    calendar: { start: '2030-01-01', end: '2030-01-02' },
    regions: [],
    rules: {
      G1: {
        text: 'A decision maker may change any of its own options at once, each in its permitted direction, to a feasible state.',
      },
    },
    customRegions,
    actors: Object.fromEntries(
      model.dms.map((dm, d) => [
        actorIds[d],
        { name: dm.name, kind: 'institution', preferences: { ranking: ranking(d) } },
      ]),
    ),
    formats: { conflict: { name: 'the conflict', parties: actorIds } },
    initial: { activeFormat: 'conflict' },
    outcomes,
    stability: {
      options: model.options.map((o, i) => ({
        id: optionIds[i],
        by: actorIds[owner[i] as number],
        when: option(i, true),
        text: o.name,
      })),
      ...(model.coalitions?.some((c) => c.length > 1)
        ? {
            coalitions: model.coalitions
              .filter((c) => c.length > 1)
              .map((c) => c.map((d) => actorIds[d] as string)),
          }
        : {}),
    },
  };
  return `# ${title}: a graph model written as a scenario by auspices.\n${stringify(scenario, { lineWidth: 0 })}`;
}
