import { pathsFrom, pathTo, type StabilityResult, statesIn } from '../stability/analyse.js';
import { type Concept, conceptNames } from '../stability/concepts.js';
import { explainStability, stateName } from '../stability/explain.js';
import type { Player } from '../stability/players.js';
import { wrapText } from './text-width.js';

/** The name and version of `auspices stability --json`'s output. */
export const stabilityFormat = { format: 'auspices.stability', formatVersion: 1 } as const;

/** States listed one by one in the text report; larger models list their equilibria only. */
const maxListedStates = 64;

export interface StabilityReportOptions {
  /** Add the shortest paths from the status quo to each equilibrium. */
  readonly fromStatusQuo?: boolean | undefined;
  /** The text report's width. */
  readonly width?: number | undefined;
}

interface StatusQuoPath {
  readonly to: number;
  /** Whether every step is an improvement for the one who moves. */
  readonly byImprovements: boolean;
  readonly steps: readonly { readonly mover: number; readonly state: number }[] | null;
}

/** The shortest path from the status quo to each equilibrium: by improvements if any, else by any moves. */
export function statusQuoPaths(result: StabilityResult): StatusQuoPath[] {
  const { model } = result;
  if (model.statusQuo === undefined) return [];
  const improving = pathsFrom(model, model.statusQuo, 'improving');
  const any = pathsFrom(model, model.statusQuo, 'moves');
  const targets = new Set<number>();
  for (const c of result.concepts)
    for (const s of statesIn(result.equilibria[c] as Uint8Array)) targets.add(s);
  return [...targets]
    .sort((a, b) => a - b)
    .map((to) => {
      const better = pathTo(improving, to);
      return { to, byImprovements: better !== null, steps: better ?? pathTo(any, to) };
    });
}

function stableFor(
  result: StabilityResult,
  players: readonly Player[],
  rows: StabilityResult['stable'],
  s: number,
) {
  return Object.fromEntries(
    players.map((p, i) => [
      p.name,
      Object.fromEntries(result.concepts.map((c) => [c, (rows[c] as Uint8Array[])[i]?.[s] === 1])),
    ]),
  );
}

/** The JSON of a stability analysis (`auspices.stability`, version 1). */
export function stabilityJson(
  result: StabilityResult,
  options: StabilityReportOptions = {},
): Record<string, unknown> {
  const { model } = result;
  const form = model.options;
  const coalition = result.coalition;
  const states = Array.from({ length: model.size }, (_, s) => ({
    state: s + 1,
    pattern: model.label(s),
    ...(model.unexpanded?.[s] ? { unexplored: true } : {}),
    ...Object.fromEntries(result.concepts.map((c) => [c, (result.equilibria[c] as Uint8Array)[s] === 1])),
    stableFor: stableFor(result, result.players, result.stable, s),
    ...(coalition
      ? {
          coalition: {
            ...Object.fromEntries(
              result.concepts.map((c) => [c, (coalition.equilibria[c] as Uint8Array)[s] === 1]),
            ),
            stableFor: stableFor(result, coalition.players, coalition.stable, s),
          },
        }
      : {}),
  }));
  const equilibria = Object.fromEntries(
    result.concepts.map((c) => [c, statesIn(result.equilibria[c] as Uint8Array).map((s) => model.label(s))]),
  );
  const out: Record<string, unknown> = {
    ...stabilityFormat,
    sanctions: result.sanctions,
    concepts: result.concepts,
    options: form ? [...form.names] : [...(model.facts ?? [])],
    decisionMakers: model.dms.map((d) => d.name),
    ...(result.coalition
      ? { coalitions: result.coalition.players.map((p) => p.members.map((m) => model.dms[m]?.name)) }
      : {}),
    states,
    equilibria,
  };
  if (options.fromStatusQuo && model.statusQuo !== undefined) {
    out.statusQuo = {
      state: model.statusQuo + 1,
      pattern: model.label(model.statusQuo),
      paths: statusQuoPaths(result).map((p) => ({
        to: model.label(p.to),
        byImprovements: p.byImprovements,
        steps: p.steps?.map((st) => ({ by: model.dms[st.mover]?.name, to: model.label(st.state) })) ?? null,
      })),
    };
  }
  return out;
}

const readings = {
  legal: 'any legal sequence of the opponents\u2019 moves (the textbook definition)',
  distinct: 'each opponent moving at most once',
  single: 'one move by one opponent (as GMCR+ computes)',
} as const;

function table(result: StabilityResult, states: readonly number[]): string[] {
  const { model } = result;
  const marks = (c: Concept, s: number) =>
    model.unexpanded?.[s]
      ? '?'.repeat(result.players.length).padEnd(result.players.length + 2)
      : `${(result.stable[c] as Uint8Array[]).map((r) => (r[s] ? '+' : '-')).join('')}${(result.equilibria[c] as Uint8Array)[s] ? ' E' : '  '}`;
  const cell = Math.max(result.players.length + 2, 7);
  const numberWidth = String(model.size).length;
  const labelWidth = Math.max(7, ...states.map((s) => model.label(s).length));
  const header = `${'#'.padStart(numberWidth)}  ${'state'.padEnd(labelWidth)}  ${result.concepts.map((c) => conceptNames[c].padEnd(cell)).join(' ')}`;
  return [
    header.trimEnd(),
    ...states.map((s) =>
      `${String(s + 1).padStart(numberWidth)}  ${model.label(s).padEnd(labelWidth)}  ${result.concepts.map((c) => marks(c, s).padEnd(cell)).join(' ')}`.trimEnd(),
    ),
  ];
}

/** The text report: the table of verdicts, the equilibria with their explanations, the status quo paths. */
export function renderStability(result: StabilityResult, options: StabilityReportOptions = {}): string {
  const { model } = result;
  const width = options.width ?? 80;
  const lines: string[] = [];
  const para = (text: string, indent = '') => lines.push(...wrapText(text, width, indent));
  para(
    `${model.size.toLocaleString('en-GB')} ${model.options ? 'feasible states' : 'states'}, ${model.dms.length} decision makers (${model.dms.map((d) => d.name).join(', ')}). Sanctions: ${readings[result.sanctions]}.`,
  );
  if (model.options) {
    lines.push('', 'Options (one letter per option in each state, Y taken, N not):');
    model.options.names.forEach((n, i) => {
      para(
        `${String(i + 1).padStart(3)}. ${n} (${model.dms[model.options?.owner[i] as number]?.name})`,
        '     ',
      );
    });
  } else if (model.facts) {
    lines.push('', 'Facts (one letter per fact in each state, Y holds, N not):');
    model.facts.forEach((n, i) => {
      para(`${String(i + 1).padStart(3)}. ${n}`, '     ');
    });
  }
  const unexpanded = model.unexpanded ? statesIn(model.unexpanded).length : 0;
  if (unexpanded > 0) {
    lines.push('');
    para(
      `${unexpanded} state${unexpanded > 1 ? 's were' : ' was'} seen only where the search stopped, so ${unexpanded > 1 ? 'their' : 'its'} moves are not known: marked ? below, and never counted as equilibria.`,
    );
  }
  const anyStable = (s: number) => result.concepts.some((c) => (result.equilibria[c] as Uint8Array)[s]);
  const all = Array.from({ length: model.size }, (_, s) => s);
  const listed = model.size <= maxListedStates ? all : all.filter(anyStable);
  lines.push('');
  para(
    `Each cell has one mark per decision maker in the order above (+ stable for it, - not), and E where the state is an equilibrium (stable for all).${model.size > maxListedStates ? ` Only the ${listed.length} states that are an equilibrium under some concept are listed.` : ''}`,
  );
  lines.push('', ...table(result, listed), '');
  lines.push('Equilibria:');
  for (const c of result.concepts) {
    const eq = statesIn(result.equilibria[c] as Uint8Array);
    para(
      `  ${conceptNames[c]}: ${eq.length === 0 ? 'none' : eq.map((s) => `${s + 1} ${model.label(s)}`).join(', ')}`,
      '      ',
    );
  }
  if (result.coalition) {
    lines.push('', `Coalitions: ${result.coalition.players.map((p) => p.name).join('; ')}`);
    for (const c of result.concepts) {
      const eq = statesIn(result.coalition.equilibria[c] as Uint8Array);
      const lost = statesIn(result.equilibria[c] as Uint8Array).filter((s) => !eq.includes(s));
      para(
        `  ${conceptNames[c]}: ${eq.length === 0 ? 'none' : eq.map((s) => `${s + 1} ${model.label(s)}`).join(', ')}${lost.length > 0 ? ` (broken by a coalition: ${lost.map((s) => s + 1).join(', ')})` : ''}`,
        '      ',
      );
    }
  }
  const explained = [...new Set(result.concepts.flatMap((c) => statesIn(result.equilibria[c] as Uint8Array)))]
    .sort((a, b) => a - b)
    .slice(0, 12);
  if (explained.length > 0) {
    lines.push('', 'Why:');
    for (const s of explained) {
      const strongest = result.concepts.filter((c) => (result.equilibria[c] as Uint8Array)[s]);
      const c = (['nash', 'seq', 'sim', 'smr', 'gmr', 'seqsim'] as const).find((k) =>
        strongest.includes(k),
      ) as Concept;
      lines.push('');
      para(
        `${stateName(model, s)}: an equilibrium under ${strongest.map((k) => conceptNames[k]).join(', ')}.`,
      );
      result.players.forEach((_, i) => {
        para(`- ${explainStability(result, s, i, c)}`, '  ');
      });
    }
  }
  if (options.fromStatusQuo) {
    lines.push('');
    if (model.statusQuo === undefined) para('The model names no status quo, so there are no paths from it.');
    else {
      para(`From the status quo, ${stateName(model, model.statusQuo)}:`);
      for (const p of statusQuoPaths(result)) {
        const steps = p.steps?.map(
          (st) => `${model.dms[st.mover]?.name} moves to ${st.state + 1} ${model.label(st.state)}`,
        );
        const how =
          p.steps === null
            ? 'cannot be reached'
            : steps?.length === 0
              ? 'is the status quo itself'
              : `${steps?.join(', then ')}${p.byImprovements ? '' : ' (not every step is an improvement for its mover)'}`;
        para(`- to ${p.to + 1} ${model.label(p.to)}: ${how}`, '  ');
      }
    }
  }
  return `${lines.join('\n')}\n`;
}
