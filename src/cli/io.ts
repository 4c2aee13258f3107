import { InvalidArgumentError, Option } from '@commander-js/extra-typings';

/** Where the command line writes. Tests pass buffers; the binary passes the process streams. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Write text a renderer coloured, when `colour` is on (the command line's `safeIo` provides it). */
  outStyled?(text: string): void;
  /** Whether standard error is a terminal (progress bars are drawn only then). */
  readonly isTTY?: boolean;
  /** Aborted on Ctrl-C: long commands stop cleanly and say how to resume. */
  readonly signal?: AbortSignal;
  /** The width text output wraps to: `COLUMNS`, else the terminal's; 80 when neither says. */
  readonly columns?: number | undefined;
  /** Whether standard output gets colour (`wantsColour`: a terminal, unless `NO_COLOR` says otherwise). */
  readonly colour?: boolean | undefined;
}

/** A seed option: any safe integer. */
export function parseSeed(value: string): number {
  if (!/^-?\d+$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw new InvalidArgumentError(`"${value}" is not an integer seed (e.g. --seed 7)`);
  }
  return Number(value);
}

/** `--at`: a date (YYYY-MM-DD) or a number of days after the start date. */
export function parseAt(value: string): number | string {
  if (/^\d+$/.test(value)) return Number(value);
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  throw new InvalidArgumentError(
    `"${value}" is neither a date (2020-11-28) nor a number of days after the start (3)`,
  );
}

/** `--engine kernel|xstate`, shared by the commands that run scenarios. */
export function engineOption() {
  return new Option('-e, --engine <engine>', 'the engine that steps the world')
    .choices(['kernel', 'xstate'] as const)
    .default('kernel' as const);
}

/** `--format text|md|json`, shared by the commands that print a report. */
export function reportFormatOption() {
  return new Option('-f, --format <format>', 'output format')
    .choices(['text', 'md', 'json'] as const)
    .default('text' as const);
}
