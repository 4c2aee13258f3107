import { resolveRegionIds } from '../machines/compose-world.js';
import type { Predicate } from '../model/predicate.js';
import { isRuleId } from '../model/rules.js';
import { selectorRoles } from '../regions/custom-region.js';
import { regionLibrary } from '../regions/library.js';
import { type Locate, locatedIssue } from './check.js';
import { hint, type ScenarioIssue, type ScenarioIssueCode } from './issues.js';
import type { Path } from './locate.js';
import type { ScenarioData } from './schema.js';

const kinds = ['state', 'legislature', 'de-facto-authority', 'institution'];

/** Predicates that read history, which a guard cannot see. */
function historyIn(p: Predicate, path: Path): Path | null {
  if ('reached' in p) return [...path, 'reached'];
  if ('happened' in p) return [...path, 'happened'];
  if ('all' in p) {
    for (const [i, q] of p.all.entries()) {
      const found = historyIn(q, [...path, 'all', i]);
      if (found) return found;
    }
  }
  if ('any' in p) {
    for (const [i, q] of p.any.entries()) {
      const found = historyIn(q, [...path, 'any', i]);
      if (found) return found;
    }
  }
  if ('not' in p) return historyIn(p.not, [...path, 'not']);
  return null;
}

/**
 * The checks on a scenario's world before it is composed: the region modules it names exist, and its
 * custom regions are coherent (states, moves, transitions, rules). Everything else is checked against the
 * composed world by `checkScenario`.
 */
export function checkRegions(data: ScenarioData, locate: Locate): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  const add = (code: ScenarioIssueCode, path: Path, message: string) =>
    issues.push(locatedIssue(locate(path), code, message));
  const addKey = (code: ScenarioIssueCode, path: Path, message: string) =>
    issues.push(locatedIssue(locate(path, true), code, message));
  const library = regionLibrary.map((m) => m.id);
  (data.regions ?? []).forEach((id, i) => {
    if (!library.includes(id as never))
      add(
        'region/unknown-module',
        ['regions', i],
        `unknown region module \`${id}\`${hint(id, library)}; \`auspices regions\` lists them`,
      );
  });
  if (issues.length > 0) return issues;
  const builtIn = resolveRegionIds(data.regions ?? library);
  const builtInEvents = new Set(
    regionLibrary.filter((m) => builtIn.includes(m.id)).flatMap((m) => Object.keys(m.events)),
  );
  const builtInAliases = new Set(regionLibrary.flatMap((m) => m.tracks.map((t) => t.alias)));
  const rules = Object.keys(data.rules ?? {});
  const rule = (id: string | undefined, path: Path) => {
    if (id === undefined || isRuleId(id) || rules.includes(id)) return;
    add(
      'rule/unknown',
      path,
      `unknown rule \`${id}\`${hint(id, rules)}: declare it under \`rules:\` with its text and source`,
    );
  };
  const customMoves = new Map<string, string>();
  for (const [rid, region] of Object.entries(data.customRegions ?? {}))
    for (const type of Object.keys(region.moves ?? {})) {
      if (builtInEvents.has(type) || customMoves.has(type))
        addKey(
          'custom/duplicate-move',
          ['customRegions', rid, 'moves', type],
          `the move \`${type}\` is already a move of this world; name it differently`,
        );
      else customMoves.set(type, rid);
    }
  for (const [rid, region] of Object.entries(data.customRegions ?? {})) {
    const base: Path = ['customRegions', rid];
    if (builtInAliases.has(rid) || library.includes(rid as never))
      addKey(
        'custom/reserved-name',
        base,
        `\`${rid}\` is the name of a built-in region; name the custom region differently`,
      );
    const states = region.states;
    const seen = new Set<string>();
    states.forEach((s, i) => {
      if (seen.has(s))
        add('custom/duplicate-state', [...base, 'states', i], `the state \`${s}\` is listed twice`);
      seen.add(s);
    });
    const state = (s: string, path: Path) => {
      if (!states.includes(s))
        add('region/unknown-state', path, `\`${rid}\` has no state \`${s}\`${hint(s, states)}`);
    };
    state(region.initial, [...base, 'initial']);
    (region.final ?? []).forEach((s, i) => state(s, [...base, 'final', i]));
    for (const [type, move] of Object.entries(region.moves ?? {})) {
      const mp: Path = [...base, 'moves', type];
      (move.by ?? []).forEach((sel, i) => {
        if (sel.startsWith('kind:')) {
          const k = sel.slice(5);
          if (!kinds.includes(k))
            add('name/unknown-actor-kind', [...mp, 'by', i], `unknown actor kind \`${k}\`${hint(k, kinds)}`);
        } else if (sel.startsWith('role:')) {
          const r = sel.slice(5);
          if (!(selectorRoles as readonly string[]).includes(r))
            add('name/unknown-role', [...mp, 'by', i], `unknown role \`${r}\`${hint(r, [...selectorRoles])}`);
        } else if (!Object.hasOwn(data.actors, sel))
          add(
            'name/unknown-actor',
            [...mp, 'by', i],
            `unknown actor \`${sel}\`${hint(sel, Object.keys(data.actors))}`,
          );
      });
      rule(move.rule, [...mp, 'rule']);
      for (const [name, field] of Object.entries(move.fields ?? {})) {
        const finite = field.values !== undefined || ['actor', 'format', 'boolean'].includes(field.type);
        if (!finite && !field.optional)
          add(
            'custom/unbounded-field',
            [...mp, 'fields', name],
            `the required ${field.type} field \`${name}\` has no \`values:\`; list the values it may take, or make it \`optional: true\``,
          );
      }
    }
    const eventless = new Map<string, string[]>();
    region.transitions.forEach((t, i) => {
      const tp: Path = [...base, 'transitions', i];
      const from = t.from === undefined ? undefined : typeof t.from === 'string' ? [t.from] : t.from;
      if (t.on !== undefined && !customMoves.has(t.on)) {
        const known = [...customMoves.keys()];
        add(
          builtInEvents.has(t.on) ? 'custom/builtin-move' : 'name/unknown-move',
          [...tp, 'on'],
          builtInEvents.has(t.on)
            ? `a custom region reacts only to custom moves, and \`${t.on}\` is a built-in move; declare a move of your own under \`moves:\``
            : `unknown move \`${t.on}\`${hint(t.on, known)}; declare it under \`moves:\``,
        );
      }
      from?.forEach((s, j) => state(s, typeof t.from === 'string' ? [...tp, 'from'] : [...tp, 'from', j]));
      if (t.to !== undefined) state(t.to, [...tp, 'to']);
      rule(t.rule, [...tp, 'rule']);
      if (t.if) {
        const h = historyIn(t.if, [...tp, 'if']);
        if (h)
          add(
            'custom/history-in-guard',
            h,
            'a transition cannot read the history of the run (`reached`, `happened`); use `in:` and facts of the world',
          );
      }
      if (t.on === undefined) {
        if (t.to === undefined || t.if === undefined)
          add(
            'custom/incomplete-eventless',
            tp,
            'an eventless transition (no `on:`) needs both `if:` and `to:`, or it would fire forever',
          );
        else {
          for (const s of from ?? states) {
            if (s === t.to)
              add(
                'custom/eventless-cycle',
                [...tp, 'to'],
                `an eventless transition from \`${s}\` back to \`${s}\` would fire forever`,
              );
            else eventless.set(s, [...(eventless.get(s) ?? []), t.to]);
          }
        }
      }
    });
    const cycle = findCycle(eventless);
    if (cycle)
      add(
        'custom/eventless-cycle',
        [...base, 'transitions'],
        `eventless transitions form a cycle (${cycle.join(' -> ')}), which could fire forever; give one of them an \`on:\` move`,
      );
  }
  return issues;
}

function findCycle(graph: ReadonlyMap<string, readonly string[]>): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (n: string): string[] | null => {
    state.set(n, 'open');
    stack.push(n);
    for (const m of graph.get(n) ?? []) {
      if (state.get(m) === 'open') return [...stack.slice(stack.indexOf(m)), m];
      if (!state.has(m)) {
        const found = visit(m);
        if (found) return found;
      }
    }
    stack.pop();
    state.set(n, 'done');
    return null;
  };
  for (const n of graph.keys()) {
    if (!state.has(n)) {
      const found = visit(n);
      if (found) return found;
    }
  }
  return null;
}
