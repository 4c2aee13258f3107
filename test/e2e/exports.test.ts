import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The names each entry of the built package exports, kept in a golden file: adding, renaming or dropping
 * a public name shows up here, to be made on purpose. After a deliberate change, rewrite the file with
 * `UPDATE_EXPORTS=1 npx vitest run test/e2e/exports.test.ts` and review the diff (docs/api.md).
 */
const file = 'test/golden/exports.json';
const entries = { auspices: 'dist/index.js', 'auspices/core': 'dist/core.js' } as const;

describe('the public entries', () => {
  it('should export exactly the names listed in test/golden/exports.json', async () => {
    const actual: Record<string, string[]> = {};
    for (const [name, path] of Object.entries(entries)) {
      const mod = (await import(pathToFileURL(resolve(path)).href)) as Record<string, unknown>;
      actual[name] = Object.keys(mod).sort();
    }
    if (process.env.UPDATE_EXPORTS === '1') writeFileSync(file, `${JSON.stringify(actual, null, 2)}\n`);
    if (!existsSync(file))
      throw new Error(`${file} is missing: write it with UPDATE_EXPORTS=1 and review it`);
    expect(actual).toEqual(JSON.parse(readFileSync(file, 'utf8')));
  });
});
