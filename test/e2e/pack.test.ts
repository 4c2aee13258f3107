import { execFileSync, spawnSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The package as npm publishes it: packed, unpacked into a fresh project's node_modules, with its
// dependencies linked from ours (nothing is downloaded), then used the three ways a user would.
const root = resolve('.');
const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as {
  name: string;
  version: string;
  dependencies: Record<string, string>;
};
let app: string;
let pkg: string;

const node = (args: string[], input?: string) =>
  spawnSync(process.execPath, args, {
    cwd: app,
    encoding: 'utf8',
    input,
    env: { ...process.env, COLUMNS: '80' },
  });

beforeAll(() => {
  app = mkdtempSync(join(tmpdir(), 'auspices-pack-'));
  // `dist/` is fresh (the global setup builds it), so the `prepare` build is skipped.
  const out = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', app], {
    encoding: 'utf8',
  });
  const [{ filename }] = JSON.parse(out) as [{ filename: string }];
  pkg = join(app, 'node_modules', manifest.name);
  mkdirSync(pkg, { recursive: true });
  execFileSync('tar', ['-xzf', join(app, filename), '-C', pkg, '--strip-components=1']);
  // The consumer's own dev dependency, for the Node entry's types.
  for (const dep of [...Object.keys(manifest.dependencies), '@types/node']) {
    const link = join(app, 'node_modules', dep);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(join(root, 'node_modules', dep), link, 'dir');
  }
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
}, 60_000);

afterAll(() => rmSync(app, { recursive: true, force: true }));

describe('the packed package', () => {
  it('should run its command line from the tarball, on a scenario the tarball ships', () => {
    const version = node([join(pkg, 'dist/cli/bin.js'), '-V']);
    expect(version.stdout.trim()).toBe(manifest.version);
    const run = node([
      join(pkg, 'dist/cli/bin.js'),
      'run',
      join(pkg, 'scenarios/karabakh/format-week-2020.yaml'),
    ]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Format Week');
  });

  it('should import both entries with import, and load the main one with require()', () => {
    writeFileSync(
      join(app, 'use.mjs'),
      `import { loadScenario, runScenario, narrate, writeBatch } from 'auspices';
import * as core from 'auspices/core';
const scenario = await loadScenario(process.argv[2]);
const text = narrate(runScenario(scenario, { seed: 7 }));
console.log(JSON.stringify({ lines: text.split('\\n').length, writeBatch: typeof writeBatch, coreRun: typeof core.runScenario, coreLoad: typeof core.loadScenario }));
`,
    );
    const esm = node(['use.mjs', join(pkg, 'scenarios/karabakh/format-week-2020.yaml')]);
    expect(esm.stderr).toBe('');
    const used = JSON.parse(esm.stdout) as Record<string, unknown>;
    expect(used).toMatchObject({ writeBatch: 'function', coreRun: 'function', coreLoad: 'undefined' });
    expect(used.lines).toBeGreaterThan(20);
    writeFileSync(
      join(app, 'use.cjs'),
      `const a = require('auspices'); const c = require('auspices/core');
console.log(typeof a.runScenario, typeof c.parseScenario);`,
    );
    const cjs = node(['use.cjs']);
    expect(cjs.stderr).toBe('');
    expect(cjs.stdout.trim()).toBe('function function');
  });

  it('should ship no file outside dist/, scenarios/ and the docs it names, and every source map with its sources', () => {
    const top = readdirSync(pkg).sort();
    expect(top).toEqual(['CHANGELOG.md', 'LICENSE', 'README.md', 'dist', 'package.json', 'scenarios']);
    const maps: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.name.endsWith('.js.map')) maps.push(p);
      }
    };
    walk(join(pkg, 'dist'));
    expect(maps.length).toBeGreaterThan(50);
    for (const map of maps) {
      const { sources, sourcesContent } = JSON.parse(readFileSync(map, 'utf8')) as {
        sources: string[];
        sourcesContent?: (string | null)[];
      };
      expect({ map, content: sourcesContent?.length }).toEqual({ map, content: sources.length });
      expect(sourcesContent?.every((s) => typeof s === 'string' && s.length > 0)).toBe(true);
    }
  });

  it("should type a strict TypeScript project's use of both entries, the region modules' context fields included", () => {
    writeFileSync(
      join(app, 'use.ts'),
      `import { runScenario, type WorldContext } from 'auspices';
import { parseScenario } from 'auspices/core';
export const ok: typeof runScenario = runScenario;
export const parse: typeof parseScenario = parseScenario;
export const facts = (c: WorldContext): number =>
  c.ceasefire.violations + c.talks.mediators.length + c.monitoring.peacekeepers.length + c.access.grants.length +
  c.proposals.length + c.statements.length + c.recognitions.length + c.signatures.length;
`,
    );
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'nodenext',
          moduleResolution: 'nodenext',
          target: 'es2022',
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          types: ['node'],
        },
        files: ['use.ts'],
      }),
    );
    const tsc = node([join(root, 'node_modules/typescript/bin/tsc'), '-p', '.']);
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  });

  it('should keep Observable Plot and d3 out of the declarations both entries reach', () => {
    // Walked as text: checking every declaration file with tsc (skipLibCheck: false) takes long, and
    // Plot's types are what broke it (they import d3, which has no types of its own).
    const seen = new Set<string>();
    const foreign = new Set<string>();
    const walk = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const [, spec] of readFileSync(file, 'utf8').matchAll(/(?:from|import\()\s*['"]([^'"]+)['"]/g)) {
        if (spec!.startsWith('.')) walk(resolve(dirname(file), spec!.replace(/\.js$/, '.d.ts')));
        else foreign.add(spec!);
      }
    };
    walk(join(pkg, 'dist/index.d.ts'));
    walk(join(pkg, 'dist/core.d.ts'));
    expect(seen.size).toBeGreaterThan(50);
    expect([...foreign].filter((m) => /plot|d3|linkedom|elkjs/.test(m))).toEqual([]);
  });
});
