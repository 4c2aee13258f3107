import { LineCounter, parseDocument } from 'yaml';
import { ScenarioError, type ScenarioIssue, type ScenarioIssueCode } from './issues.js';
import { createLocator, type Locator, type Path } from './locate.js';

/**
 * Limits that keep hostile files from hanging the parser: the size of a scenario file (4 MiB, in bytes
 * when read from a file and in characters when text is given), nesting, YAML aliases, `extends:` chains.
 */
export const limits = { maxBytes: 4 * 2 ** 20, maxDepth: 48, maxAliases: 100, maxExtends: 8 } as const;

/** A YAML document read into plain data, with the locator that places paths in it. */
export interface Parsed {
  readonly raw: unknown;
  readonly locator: Locator;
}

/** A located issue in `file`. */
export function issueAt(
  file: string,
  where: { line: number; col: number },
  code: ScenarioIssueCode,
  path: Path,
  message: string,
): ScenarioIssue {
  return { file, ...where, code, path, message };
}

/** The start of a file, where issues about the whole file are placed. */
const start = { line: 1, col: 1 };

/**
 * Read YAML text into plain data, refusing what would hang or mislead the parser: too large a text,
 * syntax errors, duplicate keys, too many aliases, too deep nesting, keys every JavaScript object has,
 * and a top level that is not a mapping. Each refusal is a located `ScenarioError`.
 */
export function parseYaml(text: string, file: string): Parsed {
  if (text.length > limits.maxBytes) {
    throw new ScenarioError([
      issueAt(
        file,
        start,
        'file/too-large',
        [],
        `the text is ${text.length.toLocaleString('en-GB')} characters; scenarios are limited to ${limits.maxBytes.toLocaleString('en-GB')} (4 MiB)`,
      ),
    ]);
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ScenarioError(
      doc.errors.map((e) => {
        const code = e.code === 'DUPLICATE_KEY' ? 'yaml/duplicate-key' : 'yaml/syntax';
        return issueAt(
          file,
          lines.linePos(e.pos[0]),
          code,
          [],
          `YAML syntax error: ${e.message.split('\n')[0]}`,
        );
      }),
    );
  }
  const locator = createLocator(file, doc, lines);
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: limits.maxAliases });
  } catch (error) {
    throw new ScenarioError([
      issueAt(
        file,
        start,
        'yaml/too-many-aliases',
        [],
        `${(error as Error).message} (too many aliases; write the values out)`,
      ),
    ]);
  }
  const bad = hostile(raw, []);
  if (bad) {
    const where = bad.key === undefined ? locator.at(bad.path) : locator.key(bad.path, bad.key);
    const path = bad.key === undefined ? bad.path : [...bad.path, bad.key];
    throw new ScenarioError([issueAt(file, where, bad.code, path, bad.message)]);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ScenarioError([
      issueAt(
        file,
        start,
        'schema/invalid-type',
        [],
        'a scenario file must be a mapping (key: value pairs) at the top level',
      ),
    ]);
  }
  return { raw, locator };
}

/**
 * Keys no mapping of a scenario may have: the names every JavaScript object already has
 * (`__proto__`, `constructor`, `toString`, `valueOf`, `hasOwnProperty`, ...) and `prototype`. As ids they
 * would be mistaken for the object's own, and `__proto__` could pollute prototypes.
 */
const forbiddenKeys: ReadonlySet<string> = new Set([
  ...Object.getOwnPropertyNames(Object.prototype),
  'prototype',
]);

function hostile(
  value: unknown,
  path: (string | number)[],
): { path: Path; key?: string; code: ScenarioIssueCode; message: string } | null {
  if (path.length > limits.maxDepth)
    return { path, code: 'yaml/too-deep', message: `nesting deeper than ${limits.maxDepth} levels` };
  if (value && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      if (forbiddenKeys.has(key)) {
        return {
          path,
          key,
          code: 'yaml/forbidden-key',
          message: `the key \`${key}\` is not allowed (every JavaScript object has a \`${key}\`); rename it`,
        };
      }
      const found = hostile((value as Record<string, unknown>)[key], [
        ...path,
        Array.isArray(value) ? Number(key) : key,
      ]);
      if (found) return found;
    }
  }
  return null;
}
