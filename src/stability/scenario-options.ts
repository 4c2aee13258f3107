import type { Predicate } from '../model/predicate.js';
import type { WorldEvent } from '../regions/events.js';
import type { Preferences } from '../scenario/preferences.js';
import type { StabilityOption } from '../scenario/stability-spec.js';
import type { OptionForm } from './graph-model.js';

/**
 * The parts of a scenario's graph model that its stability section and its actors' preferences give:
 * each decision maker's payoff over facts, the option form of declared options, and the coalitions.
 */

/**
 * A scenario's graph model cannot be built as asked: its options do not tell apart worlds a decision
 * maker ranks differently, or its preferences and options read more facts than can be tracked.
 */
export class ScenarioModelError extends Error {
  override readonly name = 'ScenarioModelError';
}

/** A short name for a predicate: `activeFormat=minsk-group`, `in talks=convened`, `mediates actor=turkey`. */
export function factName(p: unknown): string {
  if (p === null || typeof p !== 'object') return String(p);
  if (Array.isArray(p)) return `(${p.map(factName).join(', ')})`;
  return Object.entries(p)
    .map(([k, v]) => (v !== null && typeof v === 'object' ? `${k} ${factName(v)}` : `${k}=${String(v)}`))
    .join(', ');
}

/** A statement's fact and whether the statement holds when the fact does not (`not:` is read as such). */
function literal(p: Predicate): { readonly fact: Predicate; readonly negated: boolean } {
  const inner = (p as { not?: Predicate }).not;
  return inner !== undefined && Object.keys(p).length === 1
    ? { fact: inner, negated: true }
    : { fact: p, negated: false };
}

/**
 * A decision maker's payoff as a function of the facts that hold in a world (`has(i)`: fact `i` holds):
 * prioritised statements weigh 2^(n-1-i), so a higher one outweighs all the lower ones together; a
 * ranking scores the best level whose outcome holds. `fact` gives a predicate's bit.
 */
export function preferenceScore(
  prefs: Preferences,
  outcomes: Readonly<Record<string, { readonly when: Predicate }>>,
  fact: (p: Predicate) => number,
): (has: (fact: number) => boolean) => number {
  if ('statements' in prefs) {
    const lits = prefs.statements.map((st) => {
      const l = literal(st.when);
      return { bit: fact(l.fact), negated: l.negated };
    });
    return (has) =>
      lits.reduce((sum, l, i) => sum + (has(l.bit) !== l.negated ? 2 ** (lits.length - 1 - i) : 0), 0);
  }
  const levels = prefs.ranking.map((entry) =>
    (typeof entry === 'string' ? [entry] : entry).map((o) => fact((outcomes[o] as { when: Predicate }).when)),
  );
  return (has) => {
    const at = levels.findIndex((level) => level.some((b) => has(b)));
    return at < 0 ? 0 : levels.length - at;
  };
}

const sentence = (move: WorldEvent) => `${move.by}'s ${move.type}`;

/**
 * The option form of a scenario's projected states (`patterns`: each state's options as bits), when
 * it is one: every move of a decision maker changes only options it owns. Otherwise no form, and why
 * not, since simultaneous stability would then combine moves no one can make.
 */
export function optionForm(
  options: readonly StabilityOption[],
  dmIndex: ReadonlyMap<string, number>,
  patterns: readonly number[],
  index: ReadonlyMap<number, number>,
  edges: readonly { readonly move: WorldEvent; readonly from: number; readonly to: number }[],
): { form: OptionForm | undefined; issue: string | null } {
  const owner = Int32Array.from(options, (o) => dmIndex.get(o.by) as number);
  const owned = new Map<number, number>();
  owner.forEach((d, i) => {
    owned.set(d, ((owned.get(d) ?? 0) | (1 << i)) >>> 0);
  });
  for (const e of edges) {
    const d = dmIndex.get(e.move.by);
    if (d === undefined || e.from === e.to) continue;
    const changed = ((patterns[e.from] as number) ^ (patterns[e.to] as number)) >>> 0;
    const foreign = changed & ~(owned.get(d) ?? 0);
    if (foreign === 0) continue;
    const o = options[Math.log2(foreign & -foreign)] as StabilityOption;
    return {
      form: undefined,
      issue: `simultaneous stability combines each decision maker's moves over its own options, but a move (${sentence(e.move)}) changes \`${o.id}\`, an option of ${o.by}; give that option to ${e.move.by}, or leave SIM and SEQ+SIM out`,
    };
  }
  return {
    form: {
      names: options.map((o) => o.id),
      owner,
      forwardOnly: 0,
      backwardOnly: 0,
      code: Uint32Array.from(patterns),
      stateOf: (code) => index.get(code >>> 0) ?? -1,
    },
    issue: null,
  };
}

/** The scenario's coalitions as groups of decision makers; one not in any acts alone. */
export function coalitionGroups(
  coalitions: readonly (readonly string[])[] | undefined,
  dmIndex: ReadonlyMap<string, number>,
): number[][] | undefined {
  if (!coalitions) return undefined;
  const groupOf = new Map<number, number[]>();
  for (const c of coalitions) {
    const group = c.map((a) => dmIndex.get(a) as number);
    for (const d of group) groupOf.set(d, group);
  }
  const out: number[][] = [];
  for (const d of dmIndex.values()) {
    const group = groupOf.get(d) ?? [d];
    if (group[0] === d || !groupOf.has(d)) out.push(group);
  }
  return out;
}
