import type { World } from '../machines/compose-world.js';
import type { RegionModule } from '../regions/region-module.js';

/** One region module as `auspices regions` describes it. */
export interface RegionEntry {
  readonly id: string;
  readonly label: string;
  readonly description: string;
  readonly requires: readonly string[];
  /** Its regions, with their states; a module of moves only has none. */
  readonly regions: readonly {
    readonly name: string;
    readonly states: readonly string[];
    readonly initial: string;
  }[];
  /** Its moves, with their payload fields. */
  readonly moves: readonly { readonly type: string; readonly fields: readonly string[] }[];
  /** The rules its checks cite, each once, with their text and source. */
  readonly rules: readonly { readonly id: string; readonly text: string; readonly source: string | null }[];
  /** The refusal codes its checks give, each once with the rule it cites (`wording.refusals` keys). */
  readonly refusals: readonly { readonly code: string; readonly rule: string }[];
}

/** The region modules of a world, with their regions, moves and rules. */
export function regionEntries(world: World): RegionEntry[] {
  return world.modules.map((m: RegionModule) => {
    const ruleIds: string[] = [];
    for (const check of Object.values(m.checks)) if (!ruleIds.includes(check.rule)) ruleIds.push(check.rule);
    const refusals = new Map<string, string>();
    for (const check of Object.values(m.checks))
      if (!refusals.has(check.code)) refusals.set(check.code, check.rule);
    return {
      id: m.id,
      label: m.label,
      description: m.description,
      requires: [...m.requires],
      regions: m.tracks.map((t) => ({ name: t.alias, states: [...t.states], initial: t.initial })),
      moves: Object.entries(m.events).map(([type, spec]) => ({ type, fields: Object.keys(spec.payload) })),
      rules: ruleIds.map((id) => {
        const rule = world.rules.get(id);
        return { id, text: rule?.text ?? `rule ${id}`, source: rule?.source ?? null };
      }),
      refusals: [...refusals].map(([code, rule]) => ({ code, rule })),
    };
  });
}

/** The region modules of a world as text, for the terminal. */
export function renderRegions(entries: readonly RegionEntry[]): string {
  const out: string[] = [];
  for (const e of entries) {
    out.push(`${e.id} — ${e.label}${e.requires.length ? ` (needs ${e.requires.join(', ')})` : ''}`);
    out.push(`  ${e.description}`);
    for (const r of e.regions)
      out.push(
        `  region ${r.name}: ${r.states.map((s) => (s === r.initial ? `${s} (initial)` : s)).join(', ')}`,
      );
    if (e.moves.length)
      out.push(
        `  moves: ${e.moves.map((m) => (m.fields.length ? `${m.type} (${m.fields.join(', ')})` : m.type)).join(', ')}`,
      );
    for (const r of e.rules) out.push(`  ${r.id}: ${r.text}${r.source ? ` <${r.source}>` : ''}`);
    if (e.refusals.length)
      out.push(`  refusals: ${e.refusals.map((r) => `${r.code} (${r.rule})`).join(', ')}`);
    out.push('');
  }
  return out.join('\n');
}
