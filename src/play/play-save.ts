import { z } from 'zod';
import type { WorldEvent } from '../regions/events.js';
import type { RunState } from '../sim/run-state.js';
import { parseSavedRun } from '../sim/saved-run.js';

const moveSchema = z.looseObject({ type: z.string().min(1), by: z.string().min(1) });

const savedGameSchema = z.strictObject({
  format: z.literal('auspices.play-save'),
  formatVersion: z.literal(1),
  scenario: z.strictObject({ id: z.string(), hash: z.string() }),
  as: z.string().min(1),
  whatIf: z.string().nullable(),
  seed: z.number().int(),
  engine: z.enum(['kernel', 'xstate']),
  turns: z.array(
    z.strictObject({
      day: z.number().int().nonnegative(),
      date: z.string(),
      moves: z.array(moveSchema),
    }),
  ),
  run: z.looseObject({}),
});

/**
 * A saved game: what it was played on (the scenario's id and hash with the what-if applied, the actor,
 * seed and engine), every day's moves, and the run's state as `saveRun` writes it.
 */
export interface SavedGame {
  readonly format: 'auspices.play-save';
  readonly formatVersion: 1;
  readonly scenario: { readonly id: string; readonly hash: string };
  readonly as: string;
  readonly whatIf: string | null;
  readonly seed: number;
  readonly engine: 'kernel' | 'xstate';
  readonly turns: readonly {
    readonly day: number;
    readonly date: string;
    readonly moves: readonly WorldEvent[];
  }[];
  readonly run: RunState;
}

/** A game as JSON text (indented: students open these files). */
export function encodeGame(
  game: Omit<SavedGame, 'format' | 'formatVersion' | 'run'>,
  runText: string,
): string {
  const header = { format: 'auspices.play-save', formatVersion: 1 };
  return `${JSON.stringify({ ...header, ...game, run: JSON.parse(runText) }, null, 1)}\n`;
}

/** A save written before saves were named like the other outputs (`"auspices": "play", "version": 1`), renamed. */
function withHeader(json: unknown): unknown {
  if (typeof json !== 'object' || json === null) return json;
  const { auspices, version, ...rest } = json as Record<string, unknown>;
  if (auspices !== 'play' || version !== 1 || 'format' in rest) return json;
  return { format: 'auspices.play-save', formatVersion: 1, ...rest };
}

/** The line and column of a character offset, from 1. */
function lineCol(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `${before.length}:${(before.at(-1)?.length ?? 0) + 1}`;
}

/**
 * Parse and check a saved game. Throws an `Error` whose message starts with `line:col: ` for text that is
 * not JSON, and otherwise names the field that is wrong.
 */
export function decodeGame(text: string): SavedGame {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const at = /position (\d+)/.exec(message);
    const where = at ? `${lineCol(text, Number(at[1]))}: ` : '';
    throw new Error(`${where}not JSON (${message.replace(/ in JSON at position \d+.*$/, '')})`);
  }
  json = withHeader(json);
  const result = savedGameSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const path = issue.path.join('.');
    throw new Error(
      `not a saved game of auspices play (${path || 'top level'}: ${issue.message}); save games with auspices play --save FILE`,
    );
  }
  let run: RunState;
  try {
    run = parseSavedRun(JSON.stringify(result.data.run));
  } catch (error) {
    throw new Error(`run: ${(error as Error).message.replace(/^auspices: resumeRun: /, '')}`);
  }
  // The checked JSON as written, not zod's output: zod would put the declared keys of each move first, and
  // the order of a move's fields is part of the trace that the replay must reproduce byte for byte.
  return { ...(json as Omit<SavedGame, 'run'>), run };
}
