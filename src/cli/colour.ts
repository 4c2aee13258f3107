/**
 * Whether the command line colours what it writes to a stream, following the common conventions:
 * `NO_COLOR` (any non-empty value) turns colour off, `FORCE_COLOR` turns it on (`0` or `false` off), a
 * `TERM` of `dumb` turns it off, and otherwise only a terminal gets colour, never a pipe or a file.
 */
export function wantsColour(
  isTTY: boolean | undefined,
  env: Readonly<Record<string, string | undefined>>,
): boolean {
  if (env.NO_COLOR) return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false';
  if (env.TERM === 'dumb') return false;
  return isTTY === true;
}
