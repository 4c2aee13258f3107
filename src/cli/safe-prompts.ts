// The prompts `auspices play` draws with, their text made printable (see safe-output.ts). They live
// apart from `safeIo` so that only `play` loads `@clack/prompts`. Text may come in coloured pieces
// (`Span`): each piece is made printable first and coloured after, so the only escape codes that reach
// the terminal are the prompts' own and the colours named here.
import * as clack from '@clack/prompts';
import { createColors } from 'picocolors';
import { printable } from '../report/printable.js';

/** The colours a piece of text may be shown in. */
export type Paint = 'bold' | 'dim' | 'red' | 'green' | 'yellow' | 'cyan';

/** A piece of text, plain or with a colour. Callers give a colour only when the terminal wants colour. */
export type Span = string | { readonly text: string; readonly paint: Paint };

/** Text shown on one line or more: a string, or pieces joined. */
export type Rich = Span | readonly Span[];

// Colours are asked for only when the terminal wants them (`wantsColour`), so they are always on here.
const colours = createColors(true);

/** The text of `rich` made printable, its pieces coloured as they ask. */
function render(rich: Rich): string {
  const spans: readonly Span[] = typeof rich === 'string' || !Array.isArray(rich) ? [rich as Span] : rich;
  return spans
    .map((span) => (typeof span === 'string' ? printable(span) : colours[span.paint](printable(span.text))))
    .join('');
}

/** The text of `rich` without its colours (what a search matches). */
export function plain(rich: Rich): string {
  const spans: readonly Span[] = typeof rich === 'string' || !Array.isArray(rich) ? [rich as Span] : rich;
  return printable(spans.map((span) => (typeof span === 'string' ? span : span.text)).join(''));
}

type LogOptions = Parameters<typeof clack.log.info>[1];
/** Text of one line or more: a string, or lines, each a string or coloured pieces. */
export type Lines = string | readonly Rich[];
const joined = (lines: Lines) => (typeof lines === 'string' ? render(lines) : lines.map(render).join('\n'));
const line =
  (method: (message: string, options?: LogOptions) => void) => (message: Lines, options?: LogOptions) =>
    method(joined(message), options);

/** `@clack/prompts`' `log`, its messages made printable. */
export const log = {
  message: (lines: Lines, options?: LogOptions) =>
    clack.log.message(typeof lines === 'string' ? render(lines) : lines.map(render), options),
  info: line(clack.log.info),
  success: line(clack.log.success),
  step: line(clack.log.step),
  warn: line(clack.log.warn),
  error: line(clack.log.error),
};

/** `@clack/prompts`' `intro`, its title made printable. */
export const intro = (title?: string, options?: Parameters<typeof clack.intro>[1]) =>
  clack.intro(title === undefined ? undefined : printable(title), options);

/** An option of a menu: its value, and its label and hint as text that may be coloured. */
export interface MenuOption<Value> {
  readonly value: Value;
  readonly label: Rich;
  readonly hint?: string | undefined;
}

type Common = Omit<clack.CommonOptions, 'output'> & { readonly output?: clack.CommonOptions['output'] };

function shown<Value>(o: MenuOption<Value>): clack.Option<Value> {
  return {
    value: o.value,
    label: render(o.label),
    ...(o.hint === undefined ? {} : { hint: printable(o.hint) }),
  } as clack.Option<Value>;
}

/** `@clack/prompts`' `select`, its message, labels and hints made printable. */
export function select<Value>(
  options: Common & {
    readonly message: string;
    readonly options: readonly MenuOption<Value>[];
    readonly maxItems?: number;
  },
): Promise<Value | typeof clack.CANCEL_SYMBOL> {
  return clack.select<Value>({
    ...options,
    message: printable(options.message),
    options: options.options.map(shown),
  } as clack.SelectOptions<Value>);
}

/** Whether every word of `search` is in `text`, case aside: "visit rus" finds "Azerbaijan visits Russia". */
export function matches(search: string, text: string): boolean {
  const haystack = text.toLowerCase();
  return search
    .toLowerCase()
    .split(/\s+/)
    .every((word) => haystack.includes(word));
}

/**
 * `@clack/prompts`' `autocomplete`: a menu the user narrows by typing. `options(search)` gives the menu for
 * what is typed so far (the whole menu for an empty search); Enter with nothing left to choose does nothing.
 */
export function autocomplete<Value>(
  options: Common & {
    readonly message: string;
    readonly options: (search: string) => readonly MenuOption<Value>[];
    readonly maxItems?: number;
  },
): Promise<Value | typeof clack.CANCEL_SYMBOL> {
  let last: { search: string; shown: clack.Option<Value>[] } | undefined;
  const menu = (search: string) => {
    if (last?.search !== search) last = { search, shown: options.options(search).map(shown) };
    return last.shown;
  };
  return clack.autocomplete<Value>({
    ...options,
    message: printable(options.message),
    options(this: { userInput: string }) {
      return menu(this.userInput ?? '');
    },
    // The menu is already narrowed to the search.
    filter: () => true,
    validate: (value: unknown) =>
      value === undefined ? 'Nothing matches: Backspace to widen the search' : undefined,
  } as clack.AutocompleteOptions<Value>);
}

/** What a cancelled prompt resolves to. */
export type Cancelled = typeof clack.CANCEL_SYMBOL;

export const { isCancel } = clack;
