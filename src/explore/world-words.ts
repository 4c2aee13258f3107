import { z } from 'zod';
import type { World } from '../machines/compose-world.js';
import type { WorldContext } from '../model/context.js';
import { CLOCK } from '../regions/events.js';
import { scenarioJsonSchema } from '../scenario/json-schema.js';
import type { Scenario } from '../scenario/scenario.js';
import { keyedByActor } from './symmetry.js';

/**
 * The words of a world that are not actors: symmetry never swaps an actor whose id is one of them,
 * since renaming strings could then rename the word too (see `symmetry.ts`).
 */

/** The keys of the records in `x` (but those of the fields keyed by actor): words of the world. */
function recordKeys(x: unknown, into: Set<string>, top = true): void {
  if (Array.isArray(x)) for (const v of x) recordKeys(v, into, false);
  else if (typeof x === 'object' && x !== null)
    for (const [k, v] of Object.entries(x)) {
      into.add(k);
      if (top && keyedByActor.has(k) && typeof v === 'object' && v !== null)
        for (const inner of Object.values(v)) recordKeys(inner, into, false);
      else recordKeys(v, into, false);
    }
}

/** Every string of plain data, keys included. */
function strings(x: unknown, into: Set<string>): Set<string> {
  if (typeof x === 'string') into.add(x);
  else if (Array.isArray(x)) for (const v of x) strings(v, into);
  else if (typeof x === 'object' && x !== null)
    for (const [k, v] of Object.entries(x)) {
      into.add(k);
      strings(v, into);
    }
  return into;
}

/** The words of a world that are not actors, as `SymmetryInput.vocabulary` wants them. */
function vocabularyOf(parts: {
  /** The world's regions: their names, paths and states. */
  readonly tracks: readonly {
    readonly alias: string;
    readonly path: string;
    readonly states: readonly string[];
  }[];
  /** Move types, with the JSON Schema of each one's payload (its enums and field names are words). */
  readonly moves: ReadonlyMap<string, unknown>;
  /** Any other names: formats, outcomes, invariants, checks, rules, custom regions, ... */
  readonly names: Iterable<string>;
}): Set<string> {
  // The clock's id (the day's end is its move), the fields of every move, actor kinds and roles.
  const out = new Set<string>([
    CLOCK,
    'type',
    'by',
    'state',
    'legislature',
    'de-facto-authority',
    'institution',
  ]);
  for (const role of ['mediator', 'party', 'member', 'observer', 'host', 'auspices']) out.add(role);
  for (const t of parts.tracks) {
    out.add(t.alias);
    for (const s of [t.path, ...t.states]) for (const w of s.split('.')) out.add(w);
  }
  for (const [type, schema] of parts.moves) {
    out.add(type);
    strings(schema, out);
  }
  for (const n of parts.names) out.add(n);
  return out;
}

const vocabularies = new WeakMap<World, Set<string> | null>();

/**
 * The words of a world that are not actors (see `symmetry.ts`); `null` when a move's payload has no
 * JSON Schema to read them from, and symmetry is then not used.
 */
export function vocabulary(world: World, data: Scenario['data'], start: WorldContext): Set<string> | null {
  let words = vocabularies.get(world);
  if (words === undefined) {
    try {
      const moves = new Map(
        [...world.events].map(([type, spec]) => [
          type,
          z.toJSONSchema(z.object(spec.payload), { unrepresentable: 'throw' }) as unknown,
        ]),
      );
      words = vocabularyOf({
        tracks: world.tracks,
        moves,
        names: [...world.checks.keys(), ...world.composites.keys(), ...world.rules.keys()],
      });
    } catch {
      words = null;
    }
    vocabularies.set(world, words);
  }
  if (words === null) return null;
  fileWords ??= strings(scenarioJsonSchema(), new Set());
  const out = new Set([
    ...words,
    ...fileWords,
    ...Object.keys(data.formats),
    ...Object.keys(data.outcomes),
    ...data.invariants.map((i) => i.id),
    ...Object.keys(data.customRegions ?? {}),
  ]);
  recordKeys(start, out);
  return out;
}

/** The words of scenario files: every key and value their JSON Schema names. */
let fileWords: Set<string> | undefined;
