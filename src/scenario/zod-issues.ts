import type { z } from 'zod';
import { hint, type ScenarioIssue, type ScenarioIssueCode } from './issues.js';
import type { Locator, Path } from './locate.js';

const predicateKeys = [
  'in',
  'reached',
  'all',
  'any',
  'not',
  'dayAtLeast',
  'dayAtMost',
  'activeFormat',
  'mediates',
  'atTable',
  'excluded',
  'accepts',
  'recognised',
  'demanded',
  'happened',
  'always',
];

function valueAt(raw: unknown, path: Path): unknown {
  let v: unknown = raw;
  for (const k of path)
    v = v && typeof v === 'object' ? (v as Record<string | number, unknown>)[k] : undefined;
  return v;
}

function dotted(path: Path): string {
  return path
    .map((p) => (typeof p === 'number' ? `[${p}]` : p))
    .join('.')
    .replace(/\.\[/g, '[');
}

/** The keys an object schema allows, for "did you mean" on unknown keys. */
function knownKeys(schema: z.ZodType, path: Path): string[] {
  let s: unknown = schema;
  const unwrap = () => {
    for (let i = 0; i < 10; i++) {
      const def = (s as { def?: { type?: string; innerType?: unknown; getter?: () => unknown } }).def;
      if (!def) return;
      if (
        def.type === 'optional' ||
        def.type === 'default' ||
        def.type === 'nullable' ||
        def.type === 'prefault'
      )
        s = def.innerType;
      else if (def.type === 'lazy' && def.getter) s = def.getter();
      else return;
    }
  };
  for (const key of path) {
    unwrap();
    const def = (
      s as {
        def?: { type?: string; shape?: Record<string, unknown>; valueType?: unknown; element?: unknown };
      }
    ).def;
    if (def?.type === 'object') s = def.shape?.[key as string];
    else if (def?.type === 'record') s = def.valueType;
    else if (def?.type === 'array') s = def.element;
    else return [];
  }
  unwrap();
  const def = (s as { def?: { type?: string; shape?: Record<string, unknown> } }).def;
  return def?.type === 'object' ? Object.keys(def.shape ?? {}) : [];
}

const otherCodes: Partial<Record<z.core.$ZodIssue['code'], ScenarioIssueCode>> = {
  too_small: 'schema/too-small',
  too_big: 'schema/too-big',
  invalid_key: 'schema/invalid-key',
};

/**
 * Where an issue about `path` goes (with `key`, about that key of the mapping at `path`, placed at the
 * key): a file, line and column, and the path the issue reports.
 */
export type Place = (path: Path, key?: string) => { file: string; line: number; col: number; path: Path };

/** The places of one parsed document. */
function locatorPlace(locator: Locator): Place {
  return (path, key) => ({
    file: locator.file,
    ...(key !== undefined ? locator.key(path, key) : locator.at(path)),
    path: key !== undefined ? [...path, key] : path,
  });
}

/**
 * Turn zod issues into located scenario issues with hints. `where` is the document the data came from,
 * or a `Place` when the data was put together from several (a scenario resolved through `extends:` or a
 * what-if's branch).
 */
export function zodIssues(
  issues: readonly z.core.$ZodIssue[],
  raw: unknown,
  schema: z.ZodType,
  where: Locator | Place,
  base: Path = [],
): ScenarioIssue[] {
  const out: ScenarioIssue[] = [];
  const place = typeof where === 'function' ? where : locatorPlace(where);
  const push = (code: ScenarioIssueCode, path: Path, message: string, key?: string) => {
    const at = place(path, key);
    out.push({ file: at.file, line: at.line, col: at.col, code, path: at.path, message });
  };
  /** A missing field, placed at the mapping that lacks it. */
  const missing = (path: Path, message: string) => {
    const at = place(path.slice(0, -1));
    out.push({
      file: at.file,
      line: at.line,
      col: at.col,
      code: 'schema/missing-field',
      path: place(path).path,
      message,
    });
  };
  for (const issue of issues) {
    const path = [...base, ...(issue.path as (string | number)[])];
    const local = issue.path as (string | number)[];
    const value = valueAt(raw, path);
    const name = dotted(path) || 'the file';
    switch (issue.code) {
      case 'unrecognized_keys':
        for (const key of issue.keys) {
          const known = knownKeys(schema, local);
          push('schema/unrecognized-key', path, `unknown key \`${key}\` in ${name}${hint(key, known)}`, key);
        }
        break;
      case 'invalid_type':
        if (value === undefined) missing(path, `${name} is required (${issue.expected})`);
        else
          push(
            'schema/invalid-type',
            path,
            `${name} must be ${issue.expected === 'object' ? 'a mapping' : `a ${issue.expected}`}, not ${JSON.stringify(value)}`,
          );
        break;
      case 'invalid_union': {
        const keys = value && typeof value === 'object' && !Array.isArray(value) ? Object.keys(value) : [];
        const branches = issue.errors.filter((errs) => errs.every((e) => e.path.length > 0));
        if (keys.length === 1 && !predicateKeys.includes(keys[0]!) && branches.length === 0) {
          push(
            'schema/unknown-condition',
            path,
            `unknown condition \`${keys[0]}\` in ${name}${hint(keys[0]!, predicateKeys)}`,
            keys[0],
          );
        } else if (keys.length === 1 && branches.length > 0) {
          out.push(...zodIssues(branches[0]!, raw, schema, place, path));
        } else {
          push(
            'schema/invalid-condition',
            path,
            `${name} is not a valid condition: write one of ${predicateKeys.map((k) => `\`${k}\``).join(', ')}`,
          );
        }
        break;
      }
      case 'invalid_value':
        if (value === undefined) {
          missing(
            path,
            `${name} is required (one of ${issue.values.map((v) => `\`${String(v)}\``).join(', ')})`,
          );
          break;
        }
        push(
          'schema/invalid-value',
          path,
          `${name} is ${JSON.stringify(value)}; it must be one of ${issue.values.map((v) => `\`${String(v)}\``).join(', ')}${typeof value === 'string' ? hint(value, issue.values.map(String)).replace(/ \(known:.*$/, '') : ''}`,
        );
        break;
      case 'invalid_format':
        push(
          issue.format === 'date' ? 'date/invalid' : 'schema/invalid-format',
          path,
          issue.format === 'url'
            ? `${name} is ${JSON.stringify(value)}, not an http:// or https:// URL (a source is a public web page)`
            : `${name} is ${JSON.stringify(value)}, not a valid ${issue.format === 'date' ? 'date (write YYYY-MM-DD, e.g. 2020-11-25)' : issue.format}`,
        );
        break;
      case 'invalid_key': {
        // Placed at the key itself, with what the key's own schema says about it.
        const key = String(path.at(-1));
        const why = issue.issues.map((i) => i.message).join('; ') || issue.message;
        push(
          'schema/invalid-key',
          path.slice(0, -1),
          `\`${key}\` is not a valid name in ${dotted(path.slice(0, -1)) || 'the file'}: ${why}`,
          key,
        );
        break;
      }
      default:
        push(otherCodes[issue.code] ?? 'schema/invalid', path, `${name}: ${issue.message}`);
    }
  }
  return out;
}
