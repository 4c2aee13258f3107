// The day's menu of `auspices play`: the actions first, then today's historical moves, then the other
// moves grouped by kind; typing searches every move, those the rules would refuse included.
import type { Readable, Writable } from 'node:stream';
import { ruleOf, type World } from '../machines/compose-world.js';
import type { PlaySession } from '../play/play.js';
import type { WorldEvent } from '../regions/events.js';
import { moveGroups } from '../report/move-groups.js';
import { moveText } from '../report/play-news.js';
import { wrapText } from '../report/text-width.js';
import { scenarioWorld } from '../scenario/world.js';
import {
  autocomplete,
  type Cancelled,
  isCancel,
  log,
  type MenuOption,
  matches,
  type Paint,
  plain,
  type Span,
  select,
} from './safe-prompts.js';

/** Colours a piece of text when the terminal wants colour; plain text otherwise. */
export type Tint = (paint: Paint, text: string) => Span;

/** The tint for a terminal that wants colour (`wantsColour`), or none. */
export function tinter(colour: boolean): Tint {
  return (paint, text) => (colour ? { text, paint } : text);
}

/** What the menu is drawn on, and what it needs besides the session. */
export interface MenuContext {
  readonly term: { readonly input: Readable; readonly output: Writable };
  readonly signal: AbortSignal | undefined;
  readonly tint: Tint;
  /** The width inside the prompts' frame. */
  readonly width: number;
  /** Where Save writes, for its label. */
  readonly savePath: string;
}

/** A move the menu offers: today's legal moves, the record's of today first. */
export interface Offered {
  readonly move: WorldEvent;
  readonly historical: boolean;
}

/** What the player chose: an action, or a move with its sentence (`tried` when the rules refuse it now). */
export type DayChoice =
  | { readonly action: 'end' | 'clear' | 'undo' | 'save' | 'quit' }
  | { readonly move: WorldEvent; readonly text: string; readonly tried: boolean };

type Value =
  | 'end'
  | 'clear'
  | 'why'
  | 'undo'
  | 'save'
  | 'quit'
  | `move:${number}`
  | `kind:${string}`
  | `refused:${number}`;

/** A move the rules would refuse today, with the rule that refuses it. */
interface Refused {
  readonly move: WorldEvent;
  readonly rule: string;
  readonly text: string;
}

/** Today's refused moves: those a rule of the real process forbids first (the instructive ones), mechanics after. */
function refusedMoves(session: PlaySession, world: World): Refused[] {
  const ctx = session.world.context;
  const judged = session.illegalMoves().map((move) => ({
    move,
    rule: session.whyNot(move)?.rule ?? 'M1',
    text: moveText(move, ctx, world),
  }));
  const isReference = (r: Refused) => ruleOf(r.rule, world).kind === 'reference';
  return [...judged.filter(isReference), ...judged.filter((r) => !isReference(r))];
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const ask = (m: MenuContext) => ({ ...m.term, ...(m.signal ? { signal: m.signal } : {}) });

/**
 * Ask for the day's next choice: an action, or a move picked from the menu, from a kind's list, by a
 * search, or among the refused moves (after seeing why, to try it anyway). Resolves to the choice, or to
 * the cancel symbol when the main menu is cancelled (Ctrl-C, Esc).
 */
export async function askDay(
  session: PlaySession,
  offered: readonly Offered[],
  queued: number,
  m: MenuContext,
): Promise<DayChoice | Cancelled> {
  const ctx = session.world.context;
  // The scenario's own words for moves (its `wording:`), as in the news.
  const world = scenarioWorld(session.played.data);
  const texts = offered.map((o) => moveText(o.move, ctx, world));
  const label = (i: number) => `${texts[i]}${offered[i]!.historical ? ' (as in history today)' : ''}`;
  const groups = moveGroups(
    offered.filter((o) => !o.historical).map((o) => o.move),
    ctx,
    world,
  );
  const indexOf = (move: WorldEvent) => offered.findIndex((o) => o.move === move);
  let refused: Refused[] | undefined;
  const refusedToday = () => {
    refused ??= refusedMoves(session, world);
    return refused;
  };
  const actions: MenuOption<Value>[] = [
    {
      value: 'end',
      label: queued ? `End the day with the ${queued === 1 ? 'move' : 'moves'} chosen` : 'Pass the day',
    },
    ...(queued ? [{ value: 'clear' as Value, label: "Take back today's moves" }] : []),
    { value: 'why', label: "Why can't I …? (see why a move is refused, or try it anyway)" },
    { value: 'undo', label: 'Undo: back one day' },
    { value: 'save', label: `Save to ${m.savePath}` },
    { value: 'quit', label: 'Quit (saves, then the summary)' },
  ];
  const menu = (search: string): MenuOption<Value>[] => {
    if (search.trim() === '')
      return [
        ...actions,
        ...offered.flatMap((o, i) =>
          o.historical ? [{ value: `move:${i}` as Value, label: label(i) }] : [],
        ),
        ...groups.map((g): MenuOption<Value> => {
          const only = g.moves.length === 1 ? g.moves[0] : undefined;
          return only
            ? { value: `move:${indexOf(only.move)}`, label: only.text }
            : {
                value: `kind:${g.type}`,
                label: [g.label, m.tint('dim', ` (${plural(g.moves.length, 'move')})`)],
              };
        }),
      ];
    return [
      ...actions.filter((a) => matches(search, plain(a.label))),
      ...offered.flatMap((_, i) =>
        matches(search, label(i)) ? [{ value: `move:${i}` as Value, label: label(i) }] : [],
      ),
      ...refusedToday().flatMap((r, i) =>
        matches(search, r.text)
          ? [
              {
                value: `refused:${i}` as Value,
                label: [
                  m.tint('red', `✗ ${r.text}`),
                  m.tint('dim', ` (refused now, ${r.rule}: see why, or try it)`),
                ],
              },
            ]
          : [],
      ),
    ];
  };
  for (;;) {
    const choice = await autocomplete<Value>({
      message: queued ? `Anything else today? (${plural(queued, 'move')} chosen)` : 'Your move',
      options: menu,
      maxItems: 20,
      ...ask(m),
    });
    if (isCancel(choice)) return choice;
    if (choice.startsWith('move:')) {
      const i = Number(choice.slice(5));
      return { move: offered[i]!.move, text: texts[i]!, tried: false };
    }
    if (choice.startsWith('kind:')) {
      const group = groups.find((g) => `kind:${g.type}` === choice)!;
      const picked = await pickMove(
        `${group.label} (${plural(group.moves.length, 'move')}; type to narrow, Esc to go back)`,
        group.moves.map((g) => g.text),
        m,
      );
      if (picked !== undefined) return { ...group.moves[picked]!, tried: false };
      continue;
    }
    if (choice === 'why' || choice.startsWith('refused:')) {
      const list = refusedToday();
      const index =
        choice === 'why'
          ? await pickMove(
              `Why can't I …? (${plural(list.length, 'move')} would be refused today; type to narrow, Esc to go back)`,
              list.map((r) => `${r.text} (${r.rule})`),
              m,
            )
          : Number(choice.slice(8));
      const picked = index === undefined ? undefined : list[index];
      if (picked && (await explain(session, picked, world, m)))
        return { move: picked.move, text: picked.text, tried: true };
      continue;
    }
    return { action: choice as 'end' | 'clear' | 'undo' | 'save' | 'quit' };
  }
}

/** Pick one of `labels`, narrowed by typing; its index, or undefined to go back. */
async function pickMove(
  message: string,
  labels: readonly string[],
  m: MenuContext,
): Promise<number | undefined> {
  const picked = await autocomplete<number>({
    message,
    options: (search) => [
      ...labels.flatMap((label, i) => (matches(search, label) ? [{ value: i, label }] : [])),
      ...(search.trim() === '' ? [{ value: -1, label: '← back' }] : []),
    ],
    maxItems: 12,
    ...ask(m),
  });
  return isCancel(picked) || picked < 0 ? undefined : picked;
}

/**
 * Show why the rules refuse `move` now (the specific reason, then the rule), and ask whether to try it
 * anyway. Resolves to true to try it.
 */
async function explain(
  session: PlaySession,
  picked: Refused,
  world: World,
  m: MenuContext,
): Promise<boolean> {
  const text = picked.text;
  const refusal = session.whyNot(picked.move);
  if (!refusal) {
    log.success(`${text}: allowed now`, { output: m.term.output });
    return false;
  }
  const rule = ruleOf(refusal.rule, world);
  // The specific reason first, then the rule it applies; the refusal's code is for programs, not players.
  log.warn(
    [
      ...wrapText(`✗ ${text}`, m.width, '  ').map((l) => m.tint('red', l)),
      ...wrapText(refusal.reason, m.width, ''),
      ...wrapText(`Rule ${refusal.rule}: ${rule.text}`, m.width, '  ').map((l) => m.tint('dim', l)),
    ],
    { output: m.term.output },
  );
  const next = await select<'back' | 'try'>({
    message: 'Try it anyway?',
    options: [
      { value: 'back', label: '← No, back to the menu' },
      { value: 'try', label: "Try it anyway: the rules refuse it, and tomorrow's news says why" },
    ],
    ...ask(m),
  });
  return next === 'try';
}
