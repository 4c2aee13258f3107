import type { WorldEvent } from '../regions/events.js';
import { replayPath } from './explore-path.js';
import type {
  ExploreGraph,
  ExploreOptions,
  ExploreOutcome,
  ExplorePath,
  ExploreResult,
  ExploreViolation,
} from './explore-types.js';
import type { Explorer, FoundViolation } from './explorer.js';

/** What a search found, in terms of paths (moves) rather than state numbers: the input of `exploreResult`. */
export interface SearchFindings {
  readonly states: number;
  readonly edges: number;
  readonly depth: number;
  readonly bound: ExploreResult['bound'];
  readonly maxStates: number;
  /** Each broken invariant with the moves of its shortest counterexample. */
  readonly violations: ReadonlyMap<string, Omit<FoundViolation, 'at' | 'move'> & { moves: WorldEvent[] }>;
  /** Each outcome reached, with the moves of a shortest path to it. */
  readonly outcomes: ReadonlyMap<string, WorldEvent[]>;
  readonly regionSeen: ReadonlySet<string>;
  readonly alphabet: number;
  readonly fieldValues: Readonly<Record<string, number>>;
  readonly verdicts: { readonly hits: number; readonly misses: number } | null;
  readonly graph: ExploreGraph | null;
  readonly facts: Uint32Array | null;
  readonly workers?: number | undefined;
  readonly shards?: number | undefined;
}

/**
 * The result of a search: what it found, with every path replayed as a scenario (unless `replay` is
 * false). Yields after each replay, so that a caller stays responsive.
 */
export function* exploreResult(
  explorer: Pick<
    Explorer,
    | 'resolved'
    | 'movers'
    | 'factWords'
    | 'invariantsChecked'
    | 'allRegionStates'
    | 'symmetry'
    | 'unfold'
    | 'recheck'
  >,
  found: SearchFindings,
  options: ExploreOptions,
): Generator<unknown, ExploreResult, undefined> {
  const { resolved } = explorer;
  const data = resolved.data;
  const replay = options.replay ?? true;
  const pathOf = (path: readonly WorldEvent[], label: string): ExplorePath => {
    const days = path.filter((m) => m.type === 'clock.dayElapsed').length;
    return { moves: path, days, replay: replay ? replayPath(resolved, path, label) : null };
  };
  const all = explorer.allRegionStates();
  const complete = found.bound === null;
  const broken: ExploreViolation[] = [];
  const symmetric = explorer.symmetry.length > 0;
  for (const [invariant, v] of found.violations) {
    const path = explorer.unfold(v.moves);
    broken.push({
      invariant,
      text: v.text,
      detail: symmetric && v.builtIn ? (explorer.recheck(invariant, path) ?? v.detail) : v.detail,
      builtIn: v.builtIn,
      path: pathOf(path, `breaks ${invariant}`),
    });
    yield;
  }
  const reached: ExploreOutcome[] = [];
  for (const [id, o] of Object.entries(data.outcomes)) {
    const path = found.outcomes.get(id);
    reached.push({
      id,
      text: o.text,
      reachable: path !== undefined ? true : complete ? false : null,
      path: path === undefined ? null : pathOf(explorer.unfold(path), `reaches ${id}`),
    });
    yield;
  }
  return {
    scenario: { id: data.id, title: data.title, whatIf: resolved.whatIf },
    states: found.states,
    edges: found.edges,
    depth: found.depth,
    bound: found.bound,
    limits: { maxStates: found.maxStates, depth: options.depth ?? null },
    movers: explorer.movers,
    alphabet: found.alphabet,
    regionStates: {
      reached: [...found.regionSeen].filter((k) => all.has(k)).sort(),
      unreached: [...all].filter((k) => !found.regionSeen.has(k)).sort(),
    },
    violations: broken,
    invariantsChecked: explorer.invariantsChecked,
    outcomes: reached,
    fieldValues: found.fieldValues,
    verdicts: found.verdicts ? { ...found.verdicts } : null,
    graph: found.graph,
    facts: found.facts,
    factWords: explorer.factWords,
    symmetry: explorer.symmetry,
    workers: found.workers ?? 1,
    shards: found.shards ?? 1,
  };
}
