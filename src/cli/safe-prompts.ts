// The prompts `auspices play` draws with, their text made printable (see safe-output.ts). They live
// apart from `safeIo` so that only `play` loads `@clack/prompts`.
import * as clack from '@clack/prompts';
import { printable } from '../report/printable.js';

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
