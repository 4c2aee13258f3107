import { readFileSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import { ScenarioError, type ScenarioIssueCode } from './issues.js';
import { type ParseOptions, parseScenario } from './parse.js';
import type { Scenario } from './scenario.js';

/** A file that cannot be read, with the issue code that says why. */
class UnreadableFileError extends Error {
  readonly code: ScenarioIssueCode;
  constructor(code: ScenarioIssueCode, message: string) {
    super(message);
    this.name = 'UnreadableFileError';
    this.code = code;
  }
}

function read(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UnreadableFileError('file/not-found', 'no such file');
    if (code === 'EISDIR')
      throw new UnreadableFileError('file/is-directory', 'is a directory, not a scenario file');
    throw new UnreadableFileError('file/unreadable', `cannot read: ${code ?? 'read error'}`);
  }
}

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
