import type { Check } from '../regions/check-types.js';
import { namer } from '../regions/queries.js';
import type { EventSpec, RegionTrack } from '../regions/region-module.js';

/** A pack's own words for moves, regions and refusals. */
export interface WorldWording {
  /** Move type to a sentence end about its actor; `{field}` inserts a payload field (names for ids). */
  readonly moves?: Readonly<Record<string, string>> | undefined;
  /** Region name (`access`) to the label reports show. */
  readonly regions?: Readonly<Record<string, string>> | undefined;
  /**
   * Refusal code (`consent/mediator-not-accepted`) to the reason a refusal gives, in the pack's words;
   * `{field}` inserts a field of the refused move (names for ids), `{reason}` the engine's own sentence.
   */
  readonly refusals?: Readonly<Record<string, string>> | undefined;
}

/**
 * A `{field}` template: a move's fields become names (for ids) or their text; `texts` are inserted as
 * they are. A placeholder that names nothing is left as written.
 */
function template(text: string) {
  return (
    e: Readonly<Record<string, unknown>>,
    n: (id: string) => string,
    texts: Readonly<Record<string, string>> = {},
  ) =>
    text.replace(/\{([A-Za-z][\w-]*)\}/g, (whole, key: string) => {
      if (texts[key] !== undefined) return texts[key];
      const v = e[key];
      if (v === undefined) return whole;
      return typeof v === 'string' ? n(v) : String(v);
    });
}

/**
 * Apply a pack's wording to a world's parts, in place: move sentences, refusal reasons (every check that
 * gives the code; its test is untouched), and region labels (returned).
 */
export function applyWording(
  wording: WorldWording | undefined,
  events: Map<string, EventSpec>,
  checks: Map<string, Check>,
  tracks: readonly RegionTrack[],
): RegionTrack[] {
  for (const [type, text] of Object.entries(wording?.moves ?? {})) {
    const spec = events.get(type);
    if (spec) events.set(type, { ...spec, describe: template(text) });
  }
  for (const [code, text] of Object.entries(wording?.refusals ?? {})) {
    const say = template(text);
    for (const [name, check] of checks)
      if (check.code === code)
        checks.set(name, { ...check, why: (ctx, ev) => say(ev, namer(ctx), { reason: check.why(ctx, ev) }) });
  }
  const labels = wording?.regions ?? {};
  return tracks.map((t) => (labels[t.alias] ? { ...t, label: labels[t.alias]! } : t));
}
