import type { GraphModel, Moves } from './graph-model.js';
import { improves, type Player } from './players.js';
import { leastReachable, type SanctionReading, sanctionPath } from './reach.js';

/**
 * The stability concepts of the Graph Model for Conflict Resolution (Fang, Hipel and Kilgour 1993),
 * for any number of decision makers. A state is stable for a player when it has no unilateral
 * improvement worth taking:
 * - `nash`: it has none;
 * - `gmr` (general metarationality): every improvement can be sanctioned, the opponents reaching a state
 *   the player likes no better than where it started;
 * - `smr` (symmetric metarationality): likewise, and the player cannot escape the sanction by moving again;
 * - `seq` (sequential stability): every improvement can be sanctioned by the opponents' own improvements;
 * - `sim` (simultaneous stability): every improvement, made at the same time as some of the opponents'
 *   improvements, can leave the player no better off (needs an option form);
 * - `seqsim`: both `seq` and `sim`.
 */
export type Concept = 'nash' | 'gmr' | 'smr' | 'seq' | 'sim' | 'seqsim';
export const concepts: readonly Concept[] = ['nash', 'gmr', 'seq', 'sim', 'seqsim', 'smr'];

export const conceptNames: Readonly<Record<Concept, string>> = {
  nash: 'Nash',
  gmr: 'GMR',
  smr: 'SMR',
  seq: 'SEQ',
  sim: 'SIM',
  seqsim: 'SEQ+SIM',
};

/** Simultaneous moves examined for one state before SIM is refused as too large. */
const maxSimultaneous = 1_000_000;

export class StabilityLimitError extends Error {
  override readonly name = 'StabilityLimitError';
}

/** Whether `to` is no better than `from` for the player: for a coalition, for at least one member. */
export function sanctions(model: GraphModel, members: readonly number[], from: number, to: number): boolean {
  return !improves(model, members, from, to);
}

function row(moves: Moves, s: number): Int32Array {
  return moves.targets.subarray(moves.offsets[s], moves.offsets[s + 1]);
}

function payoffs(model: GraphModel, p: Player): Float64Array[] {
  return p.members.map((m) => (model.dms[m] as { payoff: Float64Array }).payoff);
}

/** Stable where every improvement leads to a state whose least reachable value is no better. */
function sanctioned(model: GraphModel, p: Player, least: readonly Float64Array[]): Uint8Array {
  const own = payoffs(model, p);
  const out = new Uint8Array(model.size);
  for (let s = 0; s < model.size; s++) {
    out[s] = 1;
    for (const x of row(p.improving, s)) {
      if (!own.some((pay, i) => ((least[i] as Float64Array)[x] as number) <= (pay[s] as number))) {
        out[s] = 0;
        break;
      }
    }
  }
  return out;
}

/** SMR for one decision maker: the worst of a state and every state it can move on to. */
function worstAfterReply(model: GraphModel, p: Player): Float64Array {
  const pay = payoffs(model, p)[0] as Float64Array;
  const w = new Float64Array(model.size);
  for (let s = 0; s < model.size; s++) {
    let best = pay[s] as number;
    for (const t of row(p.moves, s)) if ((pay[t] as number) > best) best = pay[t] as number;
    w[s] = best;
  }
  return w;
}

/** SMR for a coalition: whether some sanction leaves every reply of the coalition no better. */
function coalitionSmr(
  model: GraphModel,
  p: Player,
  opponents: readonly Player[],
  reading: SanctionReading,
): Uint8Array {
  const out = new Uint8Array(model.size);
  for (let s = 0; s < model.size; s++) {
    out[s] = 1;
    for (const x of row(p.improving, s)) {
      const safe = (t: number) =>
        sanctions(model, p.members, s, t) &&
        Array.from(row(p.moves, t)).every((u) => sanctions(model, p.members, s, u));
      if (sanctionPath(opponents, x, reading, 'moves', safe) === null) {
        out[s] = 0;
        break;
      }
    }
  }
  return out;
}

/** SIM: improvements made at once with some opponents' improvements (needs an option form). */
function simultaneous(model: GraphModel, p: Player, opponents: readonly Player[]): Uint8Array {
  const form = model.options;
  const out = new Uint8Array(model.size);
  if (!form)
    throw new StabilityLimitError('SIM needs a model in option form (options controlled by decision makers)');
  for (let s = 0; s < model.size; s++) {
    out[s] = 1;
    const here = form.code[s] as number;
    const replies = opponents.map((o) =>
      Array.from(row(o.improving, s), (t) => (here ^ (form.code[t] as number)) >>> 0),
    );
    const combos = replies.reduce((n, r) => n * (r.length + 1), 1);
    if (combos > maxSimultaneous)
      throw new StabilityLimitError(
        `SIM at state ${model.label(s)} would combine ${combos.toLocaleString('en-GB')} simultaneous moves, more than ${maxSimultaneous.toLocaleString('en-GB')}`,
      );
    for (const x of row(p.improving, s)) {
      const mine = form.code[x] as number;
      let found = false;
      const search = (j: number, diff: number, moved: boolean): void => {
        if (found) return;
        if (j === replies.length) {
          if (!moved) return;
          const t = form.stateOf((mine ^ diff) >>> 0);
          if (t >= 0 && sanctions(model, p.members, s, t)) found = true;
          return;
        }
        search(j + 1, diff, moved);
        for (const d of replies[j] as number[]) search(j + 1, (diff ^ d) >>> 0, true);
      };
      search(0, 0, false);
      if (!found) {
        out[s] = 0;
        break;
      }
    }
  }
  return out;
}

/** Which states are stable for player `focal` under each concept asked for. */
export function stabilityFor(
  model: GraphModel,
  players: readonly Player[],
  focal: number,
  wanted: readonly Concept[],
  reading: SanctionReading,
): Partial<Record<Concept, Uint8Array>> {
  const p = players[focal] as Player;
  const opponents = players.filter((_, i) => i !== focal);
  const out: Partial<Record<Concept, Uint8Array>> = {};
  const want = (c: Concept) => wanted.includes(c);
  if (want('nash')) {
    const nash = new Uint8Array(model.size);
    for (let s = 0; s < model.size; s++) nash[s] = row(p.improving, s).length === 0 ? 1 : 0;
    out.nash = nash;
  }
  if (want('gmr'))
    out.gmr = sanctioned(
      model,
      p,
      leastReachable(model.size, opponents, 'moves', payoffs(model, p), reading),
    );
  if (want('seq') || want('seqsim'))
    out.seq = sanctioned(
      model,
      p,
      leastReachable(model.size, opponents, 'improving', payoffs(model, p), reading),
    );
  if (want('smr')) {
    out.smr =
      p.members.length === 1
        ? sanctioned(
            model,
            p,
            leastReachable(model.size, opponents, 'moves', [worstAfterReply(model, p)], reading),
          )
        : coalitionSmr(model, p, opponents, reading);
  }
  if (want('sim') || want('seqsim')) out.sim = simultaneous(model, p, opponents);
  if (want('seqsim')) {
    const both = new Uint8Array(model.size);
    for (let s = 0; s < model.size; s++)
      both[s] = (out.seq as Uint8Array)[s] && (out.sim as Uint8Array)[s] ? 1 : 0;
    out.seqsim = both;
  }
  if (!want('seq')) delete out.seq;
  if (!want('sim')) delete out.sim;
  return out;
}
