// Where the command line makes text safe for a terminal. Scenario files, saved games and shards are
// never trusted: any text they hold (names, injects, rules, framings, sources, and the error messages
// that quote them) is printed through `printable`, which removes escape sequences and control
// characters. The command line writes in two ways: `safeIo` here wraps the output sink every command
// writes to, and `safe-prompts.ts` wraps the prompts `auspices play` draws with (they draw with escape
// sequences of their own, so their output stream cannot be filtered; their text is).
import { printable, printableStyled } from '../report/printable.js';
import type { CliIo } from './io.js';

/**
 * `io` with everything written to it made printable. Text a renderer coloured (`outStyled`, when
 * `io.colour` is on) keeps the renderer's colour codes only.
 */
export function safeIo(io: CliIo): CliIo {
  const out = (text: string) => io.out(printable(text));
  return {
    ...io,
    out,
    outStyled: (text) => (io.colour ? io.out(printableStyled(text)) : out(text)),
    err: (text) => io.err(printable(text)),
  };
}
