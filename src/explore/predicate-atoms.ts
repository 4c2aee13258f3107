import type { Predicate } from '../model/predicate.js';

/** What the scenario's predicates read of time and of the path. */
export interface PredicateAtoms {
  readonly reached: ReadonlySet<string>;
  readonly happened: readonly { readonly type: string; readonly by?: string; readonly accepted?: boolean }[];
  /** Days are told apart up to this one; later days are the same. */
  readonly dayCap: number;
  /** Actors whose consents `accepts` predicates read. */
  readonly consenters: readonly string[];
}

/** Collect the atoms of predicates that depend on time or on the path. */
export function predicateAtoms(predicates: readonly Predicate[]): PredicateAtoms {
  const reached = new Set<string>();
  const happened: { type: string; by?: string; accepted?: boolean }[] = [];
  let dayCap = 0;
  const consenters: string[] = [];
  const walk = (p: Predicate): void => {
    if ('all' in p) p.all.forEach(walk);
    else if ('any' in p) p.any.forEach(walk);
    else if ('not' in p) walk(p.not);
    else if ('reached' in p)
      for (const [alias, state] of Object.entries(p.reached)) reached.add(`${alias}:${state}`);
    else if ('happened' in p) happened.push(p.happened as (typeof happened)[number]);
    else if ('dayAtLeast' in p) dayCap = Math.max(dayCap, p.dayAtLeast);
    else if ('dayAtMost' in p) dayCap = Math.max(dayCap, p.dayAtMost + 1);
    else if ('accepts' in p) consenters.push(p.accepts.party);
  };
  predicates.forEach(walk);
  return { reached, happened, dayCap, consenters };
}
