import { parseScenario, type Scenario, ScenarioError, type ScenarioIssue } from '../core.js';

/** The shipped scenario files, bundled as text, by their path from the repository root. */
const files: Record<string, string> = Object.fromEntries(
  Object.entries(
    import.meta.glob<string>(['../../scenarios/**/*.yaml', '../../examples/worlds/*.yaml'], {
      query: '?raw',
      import: 'default',
      eager: true,
    }),
  ).map(([path, text]) => [path.replace(/^(\.\.\/)+/, ''), text]),
);

/** One scenario file shipped with the playground. */
export interface ShippedScenario {
  /** Its path, `scenarios/karabakh/format-week-2020.yaml`. */
  readonly file: string;
  readonly text: string;
}

/** The flagship first, then the others by path. */
export const shippedScenarios: readonly ShippedScenario[] = Object.entries(files)
  .map(([file, text]) => ({ file, text }))
  .sort((a, b) => rank(a.file) - rank(b.file) || (a.file < b.file ? -1 : 1));

function rank(file: string): number {
  return file.endsWith('format-week-2020.yaml') ? 0 : 1;
}

/** `a/b/../c.yaml` → `a/c.yaml`. */
function normalise(path: string): string {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '..') out.pop();
    else if (part !== '.' && part !== '') out.push(part);
  }
  return out.join('/');
}

/** Reads the base of an `extends:` file among the shipped files, relative to the extending file. */
function readBase(from: string, relative: string): { file: string; text: string } {
  const file = normalise(`${from.slice(0, from.lastIndexOf('/') + 1)}${relative}`);
  const text = files[file];
  if (text === undefined) throw new Error(`${relative}: no shipped scenario file ${file}`);
  return { file, text };
}

/** The outcome of validating the text in the editor. */
export type Validation =
  | { readonly ok: true; readonly scenario: Scenario }
  | { readonly ok: false; readonly issues: readonly ScenarioIssue[] };

/** Parse and validate scenario text as if it were the file `file`, following `extends:` among the shipped files. */
export function validate(text: string, file: string): Validation {
  try {
    return { ok: true, scenario: parseScenario(text, file, { readBase }) };
  } catch (error) {
    if (error instanceof ScenarioError) return { ok: false, issues: error.issues };
    return {
      ok: false,
      issues: [
        { file, line: 1, col: 1, code: 'file/unreadable', path: [], message: (error as Error).message },
      ],
    };
  }
}
