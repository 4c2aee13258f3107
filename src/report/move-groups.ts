import type { World } from '../machines/compose-world.js';
import type { WorldContext } from '../model/context.js';
import type { WorldEvent } from '../regions/events.js';
import { namer } from '../regions/queries.js';
import { moveText } from './play-news.js';

/** The moves of one kind (one event type, such as `visit.make`), for a menu that shows kinds first. */
export interface MoveGroup {
  /** The event type the moves share (`visit.make`). */
  readonly type: string;
  /**
   * What the moves have in common, as a player reads it: the words their sentences share around `…`
   * ("Azerbaijan visits …", "Azerbaijan accepts … as a mediator"); a group of one move is its sentence.
   */
  readonly label: string;
  /** The moves, in the order given, each with its sentence. */
  readonly moves: readonly { readonly move: WorldEvent; readonly text: string }[];
}

/** The number of words every sentence starts with. */
function sharedStart(texts: readonly (readonly string[])[]): number {
  const [first = [], ...rest] = texts;
  let n = 0;
  while (n < first.length && rest.every((words) => words[n] === first[n])) n++;
  return n;
}

/** The words of a group's sentences around what differs: "Azerbaijan accepts … as a mediator". */
function sharedWords(texts: readonly string[]): { start: string[]; end: string[] } {
  const words = texts.map((t) => t.split(' '));
  const start = sharedStart(words);
  const shortest = Math.min(...words.map((w) => w.length));
  // The end shared, within what is left after the start in the shortest sentence.
  const end = Math.min(sharedStart(words.map((w) => [...w].reverse())), shortest - start);
  const first = words[0]!;
  return { start: first.slice(0, start), end: end > 0 ? first.slice(first.length - end) : [] };
}

/**
 * Moves grouped by their event type, the groups in the order their first move comes, the moves in theirs,
 * each in the words of `world` (the scenario's, for its `wording:`; the built-in words when none is given).
 * The label of a group of several moves is the words their sentences share, with `…` for what differs
 * ("Azerbaijan accepts … as a mediator"); when they share only the actor's name, the event type stands
 * for the rest ("Azerbaijan visit.make …").
 *
 * @example
 * ```ts
 * moveGroups(session.legalMoves(), session.world.context).map((g) => `${g.label} (${g.moves.length})`);
 * // ['Azerbaijan violates the ceasefire (1)', …, 'Azerbaijan visits … (14)', …]
 * ```
 */
export function moveGroups(moves: readonly WorldEvent[], ctx: WorldContext, world?: World): MoveGroup[] {
  const byType = new Map<string, { move: WorldEvent; text: string }[]>();
  for (const move of moves) {
    const list = byType.get(move.type) ?? [];
    list.push({ move, text: moveText(move, ctx, world) });
    byType.set(move.type, list);
  }
  return [...byType].map(([type, list]) => {
    if (list.length === 1) return { type, label: list[0]!.text, moves: list };
    const { start, end } = sharedWords(list.map((m) => m.text));
    const actorWords = namer(ctx)(list[0]!.move.by).split(' ').length;
    const label =
      start.length > actorWords
        ? [...start, '…', ...end].join(' ')
        : `${list[0]!.text.split(' ').slice(0, actorWords).join(' ')} ${type} …`;
    return { type, label, moves: list };
  });
}
