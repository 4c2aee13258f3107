import type { Intent } from '../agents/policy.js';
import { ruleCycles } from '../scenario/check-cycles.js';
import type { ScenarioIssue } from '../scenario/issues.js';
import type { ScenarioData } from '../scenario/schema.js';
import type { PendingMove } from './run-state.js';

export { maxMovesPerDay } from '../scenario/check-cycles.js';

/** A rule named by a `ReactionLimitError`: whose, which, how many moves it made that day, and where it is written. */
export interface BusyRule {
  readonly actor: string;
  readonly rule: string;
  readonly moves: number;
  /** Where the rule is written, when validation located it (the rules of a cycle are). */
  readonly at?: { readonly file: string; readonly line: number; readonly col: number } | undefined;
}

/**
 * Thrown by `runScenario` (and `resumeRun`, and a game's day) when one simulated day would make more moves
 * than the limit (`maxMovesPerDay`, 1,000 by default): rules that answer each other, or themselves, with
 * more moves than they answer double their moves day after day, and the run would never end. Names the
 * rules of the cycle (or, if none is in a cycle, the busiest rules) with where they are written.
 */
export class ReactionLimitError extends Error {
  readonly day: number;
  readonly date: string;
  readonly limit: number;
  readonly moves: number;
  readonly rules: readonly BusyRule[];
  /** Whether `rules` are rules of a cycle that validation warns about. */
  readonly cycle: boolean;
  constructor(fields: Omit<ReactionLimitError, keyof Error>) {
    const n = (x: number) => x.toLocaleString('en-GB');
    const lines = fields.rules.map(
      (r) =>
        `  ${r.at ? `${r.at.file}:${r.at.line}:${r.at.col}: ` : ''}rule \`${r.rule}\` of ${r.actor} (${n(r.moves)} move${r.moves === 1 ? '' : 's'} that day)`,
    );
    super(
      [
        `auspices: the run stopped on day ${fields.day} (${fields.date}), which would make ${n(fields.moves)} moves, more than ${n(fields.limit)} moves in one day. ${
          fields.rules.length === 0
            ? 'Its injects alone make that many; spread them over more days.'
            : fields.cycle
              ? "These rules react to each other's moves (or to their own):"
              : 'The rules that made the most moves that day:'
        }`,
        ...lines,
        ...(fields.rules.length
          ? [
              'Narrow their `on:` (e.g. with `by:`), give one of them `once: true`, or make them answer with fewer moves.',
            ]
          : []),
      ].join('\n'),
    );
    this.name = 'ReactionLimitError';
    this.day = fields.day;
    this.date = fields.date;
    this.limit = fields.limit;
    this.moves = fields.moves;
    this.rules = fields.rules;
    this.cycle = fields.cycle;
  }
}

/** What one day would do: its injects' moves, the moves due from earlier days, each actor's intents. */
export interface MovesOfDay {
  readonly day: number;
  readonly date: string;
  readonly limit: number;
  readonly injected: number;
  readonly due: readonly PendingMove[];
  /** Each actor's policy name and intents, as the run decided them. */
  readonly decided: readonly (readonly [string, string, readonly Intent[]])[];
}

/**
 * Throw a `ReactionLimitError` if a day would make more moves than its limit: its injects' moves, the
 * moves due that day and the day's own moves of the policies (a delayed move counts on the day it is made).
 */
export function checkMovesOfDay(
  data: ScenarioData,
  whatIf: string | null,
  warnings: readonly ScenarioIssue[] | undefined,
  of: MovesOfDay,
): void {
  const today = of.decided.flatMap(([actor, , intents]) =>
    intents.filter((i) => i.after === 0).map((i) => ({ actor, because: i.because })),
  );
  const moves = of.injected + of.due.length + today.length;
  if (moves <= of.limit) return;
  const counts = new Map<string, Map<string, number>>();
  for (const { actor, because } of [
    ...of.due.map((p) => ({ actor: p.move.by, because: p.because })),
    ...today,
  ]) {
    if (because === undefined) continue;
    const rules = counts.get(actor) ?? new Map<string, number>();
    rules.set(because, (rules.get(because) ?? 0) + 1);
    counts.set(actor, rules);
  }
  throw reactionLimitError(
    data,
    { day: of.day, date: of.date, moves, limit: of.limit },
    counts,
    warnings,
    whatIf,
  );
}

/**
 * The error for a day over the limit, from the number of moves each policy rule made that day
 * (`actor` → rule id → moves). `warnings` are the scenario's validation warnings, which locate the rules
 * of each cycle; `whatIf` is the what-if the run applies, whose own rules are located under it.
 */
function reactionLimitError(
  data: ScenarioData,
  at: { day: number; date: string; moves: number; limit: number },
  counts: ReadonlyMap<string, ReadonlyMap<string, number>>,
  warnings: readonly ScenarioIssue[] | undefined,
  whatIf: string | null,
): ReactionLimitError {
  const busy = [...counts].flatMap(([actor, rules]) =>
    [...rules].map(([rule, moves]) => {
      const index = data.actors[actor]?.rules?.findIndex((r) => r.id === rule) ?? -1;
      return { actor, rule, moves, index };
    }),
  );
  const inCycle = new Set(ruleCycles(data).flatMap((c) => c.map((r) => `${r.actor}\n${r.index}`)));
  const cyclic = busy.filter((b) => inCycle.has(`${b.actor}\n${b.index}`));
  const named = cyclic.length > 0 ? cyclic : [...busy].sort((a, b) => b.moves - a.moves).slice(0, 5);
  const siteOf = (actor: string, index: number) => {
    const paths = [
      ...(whatIf ? [JSON.stringify(['whatIfs', whatIf, 'actors', actor, 'rules', index])] : []),
      JSON.stringify(['actors', actor, 'rules', index]),
    ];
    for (const path of paths) {
      const w = warnings?.find((i) => JSON.stringify(i.path) === path);
      if (w) return { file: w.file, line: w.line, col: w.col };
    }
    return undefined;
  };
  return new ReactionLimitError({
    ...at,
    cycle: cyclic.length > 0,
    rules: named.map(({ actor, rule, moves, index }) => ({ actor, rule, moves, at: siteOf(actor, index) })),
  });
}
