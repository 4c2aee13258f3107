import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import { ScenarioError, type ScenarioIssueCode } from './issues.js';
import { type ParseOptions, parseScenario } from './parse.js';
import { limits } from './read-yaml.js';
import type { Scenario } from './scenario.js';

/** A file that cannot be read, with the issue code that says why. */
export class UnreadableFileError extends Error {
  readonly code: ScenarioIssueCode;
  constructor(code: ScenarioIssueCode, message: string) {
    super(message);
    this.name = 'UnreadableFileError';
    this.code = code;
  }
}

/** "4,194,304 bytes (4 MiB)". */
function bytesText(bytes: number): string {
  const mib = bytes / 2 ** 20;
  return `${bytes.toLocaleString('en-GB')} bytes${Number.isInteger(mib) ? ` (${mib} MiB)` : ''}`;
}

/** Options of `readTextFile`. */
export interface ReadTextOptions {
  /** The largest file read, in bytes. */
  readonly maxBytes: number;
  /** What the file is, for the message about its size ("scenario files"). */
  readonly what: string;
}

/**
 * Read a regular file as UTF-8 text, refusing anything else before reading a byte: a device such as
 * `/dev/zero` never ends, and a FIFO blocks until someone writes to it. The file is opened without
 * blocking and checked on the open descriptor (no race with a rename), its size is checked against
 * `maxBytes`, and no more than `maxBytes` bytes are ever read, even if the file grows meanwhile.
 * Throws an `UnreadableFileError` whose message reads well after `file: `.
 *
 * @example
 * ```ts
 * const text = readTextFile('game.play.json', { maxBytes: 16 * 2 ** 20, what: 'saved games' });
 * ```
 */
export function readTextFile(path: string, options: ReadTextOptions): string {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer, for ever.
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UnreadableFileError('file/not-found', 'no such file');
    if (code === 'EISDIR')
      throw new UnreadableFileError('file/is-directory', 'is a directory, not a scenario file');
    throw new UnreadableFileError('file/unreadable', `cannot read: ${code ?? 'read error'}`);
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory())
      throw new UnreadableFileError('file/is-directory', 'is a directory, not a scenario file');
    if (!stat.isFile())
      throw new UnreadableFileError(
        'file/not-regular',
        'not a regular file (a device, a pipe or a socket); auspices reads only regular files',
      );
    const tooLarge = (size: number) =>
      new UnreadableFileError(
        'file/too-large',
        `is ${size.toLocaleString('en-GB')} bytes, more than the limit of ${bytesText(options.maxBytes)} for ${options.what}`,
      );
    if (stat.size > options.maxBytes) throw tooLarge(stat.size);
    // Read until the end, but never past the limit: the size may be 0 for files such as those of /proc,
    // and a file may grow while it is read.
    const chunks: Buffer[] = [];
    let length = 0;
    for (;;) {
      const chunk = Buffer.alloc(
        Math.min(Math.max(stat.size - length, 64 * 1024), options.maxBytes + 1 - length),
      );
      const n = chunk.length === 0 ? 0 : readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      length += n;
      if (length > options.maxBytes) throw tooLarge(length);
    }
    return Buffer.concat(chunks, length).toString('utf8');
  } catch (error) {
    if (error instanceof UnreadableFileError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EISDIR')
      throw new UnreadableFileError('file/is-directory', 'is a directory, not a scenario file');
    throw new UnreadableFileError('file/unreadable', `cannot read: ${code ?? 'read error'}`);
  } finally {
    closeSync(fd);
  }
}

const read = (path: string) => readTextFile(path, { maxBytes: limits.maxBytes, what: 'scenario files' });

/**
 * Read and validate a scenario file, following `extends:` relative to the file. The only scenario
 * code that touches the filesystem.
 *
 * @example
 * ```ts
 * const scenario = await loadScenario('scenarios/karabakh/format-week-2020.yaml');
 * ```
 */
export async function loadScenario(
  path: string,
  options: Omit<ParseOptions, 'readBase'> = {},
): Promise<Scenario> {
  return loadScenarioSync(path, options);
}

/** `loadScenario` without the promise, for command-line tools and tests. */
export function loadScenarioSync(path: string, options: Omit<ParseOptions, 'readBase'> = {}): Scenario {
  let text: string;
  try {
    text = read(path);
  } catch (error) {
    const { code, message } = error as UnreadableFileError;
    throw new ScenarioError([{ file: path, line: 1, col: 1, code, path: [], message }]);
  }
  return parseScenario(text, path, {
    ...options,
    readBase: (from, relative) => {
      const file = resolve(dirname(from), relative);
      const cwd = `${process.cwd()}${sep}`;
      return { file: file.startsWith(cwd) ? file.slice(cwd.length) : file, text: read(file) };
    },
  });
}
