// The one place where the command line makes text safe for a terminal. Scenario files, saved games
// and shards are never trusted: any text they hold (names, injects, rules, framings, sources, and the
// error messages that quote them) is printed through `printable`, which removes escape sequences and
// control characters. The command line writes in two ways, and both pass here: `safeIo` wraps the
// output sink every command writes to, and the prompts below wrap the ones `auspices play` draws with
// (they draw with escape sequences of their own, so their output stream cannot be filtered; their
// text is).
import * as clack from '@clack/prompts';
import { printable } from '../report/printable.js';
import type { CliIo } from './io.js';

/** `io` with everything written to it made printable. */
export function safeIo(io: CliIo): CliIo {
  return { ...io, out: (text) => io.out(printable(text)), err: (text) => io.err(printable(text)) };
}

type LogOptions = Parameters<typeof clack.log.info>[1];
const line =
  (method: (message: string, options?: LogOptions) => void) => (message: string, options?: LogOptions) =>
    method(printable(message), options);

/** `@clack/prompts`' `log`, its messages made printable. */
export const log = {
  message: (message?: string | string[], options?: LogOptions) =>
    clack.log.message(
      Array.isArray(message)
        ? message.map(printable)
        : message === undefined
          ? undefined
          : printable(message),
      options,
    ),
  info: line(clack.log.info),
  success: line(clack.log.success),
  step: line(clack.log.step),
  warn: line(clack.log.warn),
  error: line(clack.log.error),
};

/** `@clack/prompts`' `intro`, its title made printable. */
export const intro = (title?: string, options?: Parameters<typeof clack.intro>[1]) =>
  clack.intro(title === undefined ? undefined : printable(title), options);

/** `@clack/prompts`' `select`, its message, labels and hints made printable. */
export const select: typeof clack.select = (options) =>
  clack.select({
    ...options,
    message: printable(options.message),
    options: options.options.map((o) => {
      const option = o as { label?: string; hint?: string };
      return {
        ...o,
        ...(option.label === undefined ? {} : { label: printable(option.label) }),
        ...(option.hint === undefined ? {} : { hint: printable(option.hint) }),
      };
    }) as typeof options.options,
  });

export const { isCancel } = clack;
