import type { CompiledMachine } from '../kernel/compile-machine.js';
import type { WorldContext, WorldState } from '../model/context.js';
import type { WorldEvent } from '../regions/events.js';

/**
 * Remembers which moves the statechart refuses, so that exploration does not judge the same move on
 * the same facts twice. Guards are pure functions of the configuration, the event and the context
 * fields they read. The first time a move meets a configuration and a set of field values, the oracle
 * asks the kernel which transitions the move selects, watching which top-level context fields the
 * guards read; it files the verdict under the ids of exactly those fields. Later worlds in the same
 * configuration whose fields read have the same ids get the same verdict without running a guard: the
 * same inputs, the same answer. A guard that reads the whole context (spreads it) files under every field.
 *
 * A taken move is `inert` when the transitions it selects have no target and write only fields the
 * abstraction drops (statements, visits, ...): it cannot change the abstract state, so exploration
 * skips it like a refusal. The fields the actions write are found by running their updates on the
 * watched context, so their reads count too.
 */
type MoveVerdict = 'refused' | 'inert' | 'taken';

export interface MoveOracle {
  /** What the move does in this world; `ids` are the world's interned ids (see the codec). */
  verdict(world: WorldState, ids: readonly number[], moveId: number, move: WorldEvent): MoveVerdict;
  /** Whether the last call had to ask the kernel. */
  readonly missed: boolean;
  readonly stats: { readonly hits: number; readonly misses: number };
}

/** Two ids below this pack into one number below 2^52, exactly. */
const PACK = 2 ** 26;

/** Verdicts kept before the cache starts afresh (about 100 bytes each). */
const MAX_ENTRIES = 1 << 19;

interface Group {
  /** Positions in `ids` of the fields read (the value's id, at 0, is always part of the key). */
  readonly at: readonly number[];
  readonly verdicts: Map<number | string, MoveVerdict>;
}

/** An oracle over a compiled world machine; `fields` are the codec's context fields in id order. */
export function createMoveOracle(
  kernel: CompiledMachine,
  fields: readonly (keyof WorldContext)[],
  dropped: ReadonlySet<string>,
): MoveOracle {
  const position = new Map<string | symbol, number>(fields.map((f, i) => [f, i + 1]));
  const every = fields.map((_, i) => i + 1);
  // A cache, not a record: when it holds too many verdicts it starts afresh, so memory stays bounded.
  let cache: Map<number, Group[]>[] = [];
  let entries = 0;
  // Most verdicts read two fields or fewer: their ids make one number, which costs no string to build
  // or hash. The others, and ids too large to pack, are joined into a string.
  const keyOf = (at: readonly number[], ids: readonly number[]): number | string => {
    if (at.length <= 2) {
      const a = at.length > 0 ? ids[at[0]!]! : 0;
      const b = at.length > 1 ? ids[at[1]!]! : 0;
      if (a < PACK && b < PACK) return a * PACK + b;
    }
    let k = '';
    for (const p of at) k += `${ids[p]},`;
    return k;
  };
  let missed = false;
  const stats = { hits: 0, misses: 0 };
  return {
    get missed() {
      return missed;
    },
    stats,
    verdict(world, ids, moveId, move) {
      let byValue = cache[moveId];
      if (!byValue) {
        byValue = new Map();
        cache[moveId] = byValue;
      }
      let groups = byValue.get(ids[0]!);
      if (groups) {
        for (const g of groups) {
          const v = g.verdicts.get(keyOf(g.at, ids));
          if (v !== undefined) {
            missed = false;
            stats.hits++;
            return v;
          }
        }
      } else {
        groups = [];
        byValue.set(ids[0]!, groups);
      }
      missed = true;
      stats.misses++;
      if (++entries > MAX_ENTRIES) {
        cache = [];
        entries = 0;
        byValue = new Map();
        cache[moveId] = byValue;
        groups = [];
        byValue.set(ids[0]!, groups);
      }
      const read = new Set<number>();
      let all = false;
      const watched = new Proxy(world.context as unknown as Record<string, unknown>, {
        get(target, prop) {
          const p = position.get(prop);
          if (p !== undefined) read.add(p);
          return target[prop as string];
        },
        has(target, prop) {
          const p = position.get(prop);
          if (p !== undefined) read.add(p);
          return prop in target;
        },
        getOwnPropertyDescriptor(target, prop) {
          const p = position.get(prop);
          if (p !== undefined) read.add(p);
          return Reflect.getOwnPropertyDescriptor(target, prop);
        },
        ownKeys(target) {
          all = true;
          return Reflect.ownKeys(target);
        },
      });
      const selected = kernel.select(world.value, watched, move);
      const verdict: MoveVerdict =
        selected.length === 0
          ? 'refused'
          : selected.every((t) => t.targetless && t.writes(watched, move)?.every((f) => dropped.has(f)))
            ? 'inert'
            : 'taken';
      const at = all ? every : [...read].sort((a, b) => a - b);
      let group = groups.find((g) => g.at.length === at.length && g.at.every((p, i) => p === at[i]));
      if (!group) {
        group = { at, verdicts: new Map() };
        groups.push(group);
      }
      group.verdicts.set(keyOf(at, ids), verdict);
      return verdict;
    },
  };
}
