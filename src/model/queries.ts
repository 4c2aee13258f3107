import type { WorldContext } from './context.js';
import type { Format } from './format.js';

/** The active format of a world. */
export function activeFormat(ctx: WorldContext): Format {
  return ctx.formats[ctx.activeFormat]!;
}

/** The actors at the negotiating table in a format. */
export function atTableOf(format: Format): string[] {
  const seats = [...format.mediators, ...format.parties, ...(format.membersAtTable ? format.members : [])];
  return [...new Set(seats)];
}
