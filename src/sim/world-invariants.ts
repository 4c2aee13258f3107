import { defaultWorld, type World } from '../machines/compose-world.js';
import { byInvariantId, type WorldInvariant, type WorldStep } from '../regions/invariant.js';

export type { WorldInvariant, WorldStep } from '../regions/invariant.js';

/**
 * The invariants of every world, whatever its regions: a refused move changes nothing (I11). The others
 * (I1-I7) belong to the region modules whose facts they guard; I8-I10 concern traces and runs.
 */
const genericInvariants: readonly WorldInvariant[] = [
  {
    id: 'I11',
    text: 'a refused move leaves the world unchanged',
    kind: 'step',
    check: ({ before, after, accepted, changes }) => {
      if (accepted) return null;
      if (after !== before) return 'a refused move returned a different world';
      return changes.length > 0 ? 'a refused move reported region changes' : null;
    },
  },
];

const ofWorld = new WeakMap<World, readonly WorldInvariant[]>();

/** The invariants a world's runs and explorations check: its modules' and the generic ones, by id. */
export function invariantsOf(world: World): readonly WorldInvariant[] {
  let list = ofWorld.get(world);
  if (!list) {
    list = [...world.invariants, ...genericInvariants].sort(byInvariantId);
    ofWorld.set(world, list);
  }
  return list;
}

/** The invariants of the default world (every built-in module): I1-I7 and I11. */
export const worldInvariants: readonly WorldInvariant[] = invariantsOf(defaultWorld());

const NONE: { id: string; text: string; detail: string }[] = [];

/** The invariants a step breaks (state invariants judged on the world after it); usually none. */
export function brokenInvariants(
  step: WorldStep,
  invariants: readonly WorldInvariant[] = worldInvariants,
): { id: string; text: string; detail: string }[] {
  let out: { id: string; text: string; detail: string }[] | undefined;
  for (const inv of invariants) {
    const detail = inv.kind === 'state' ? inv.check(step.after) : inv.check(step);
    if (detail === null) continue;
    out ??= [];
    out.push({ id: inv.id, text: inv.text, detail });
  }
  return out ?? NONE;
}
