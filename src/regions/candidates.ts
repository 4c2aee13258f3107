import type { WorldContext } from '../model/context.js';
import { activeFormat } from './queries.js';

/** The pools move candidates are drawn from: the world's actors and formats, seen from one actor. */
export interface CandidatePools {
  /** States other than the actor. */
  readonly states: readonly string[];
  /** De facto authorities. */
  readonly entities: readonly string[];
  readonly formats: readonly string[];
  /** The active format's mediators. */
  readonly mediators: readonly string[];
  /** Every actor but this one. */
  readonly others: readonly string[];
}

/** The candidate pools of a world for an actor. */
export function candidatePools(ctx: WorldContext, by: string): CandidatePools {
  const actors = Object.values(ctx.actors);
  return {
    states: actors.filter((a) => a.kind === 'state' && a.id !== by).map((a) => a.id),
    entities: actors.filter((a) => a.kind === 'de-facto-authority').map((a) => a.id),
    formats: Object.keys(ctx.formats),
    mediators: activeFormat(ctx).mediators,
    others: actors.filter((a) => a.id !== by).map((a) => a.id),
  };
}

/** One candidate per value of a pool, under the given field. */
export const each = (field: string, pool: readonly string[]) => pool.map((v) => ({ [field]: v }));
