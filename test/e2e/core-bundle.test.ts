import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Rolldown } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';

// A page that only parses, runs and narrates, bundled from the built `auspices/core` by a real bundler
// for the browser: what a developer embedding the engine ships.
const page = mkdtempSync(join(tmpdir(), 'auspices-page-'));
afterAll(() => rmSync(page, { recursive: true, force: true }));

/** What the reports and the diagram need, and a page that narrates must not ship. */
const heavy =
  /@observablehq|linkedom|elkjs|\/d3-|report\/(batch-report|compare-html|region-chart|html|diagram|outcome-chart)/;

describe('auspices/core in a bundle', () => {
  it('should ship only what a page that parses, runs and narrates uses, and stay small', async () => {
    const entry = join(page, 'page.js');
    writeFileSync(
      entry,
      `import { narrate, parseScenario, runScenario } from ${JSON.stringify(resolve('dist/core.js'))};
export const tell = (text) => narrate(runScenario(parseScenario(text, 'page.yaml'), { seed: 1 }));
`,
    );
    const out = (await build({
      root: page,
      configFile: false,
      logLevel: 'silent',
      build: { write: false, minify: true, lib: { entry, formats: ['es'], fileName: 'page' } },
    })) as Rolldown.RolldownOutput | Rolldown.RolldownOutput[];
    const chunks = (Array.isArray(out) ? out : [out]).flatMap((o) => o.output);
    const code = chunks.map((c) => ('code' in c ? c.code : String(c.source))).join('\n');
    const modules = chunks.flatMap((c) => ('modules' in c ? Object.keys(c.modules) : []));
    expect(modules.some((m) => m.includes('dist/scenario/parse.js'))).toBe(true);
    expect(modules.filter((m) => heavy.test(m))).toEqual([]);
    // 133 KB gzipped on 7 Dec 2026; the limit leaves room to grow, not to pull in a report.
    expect(gzipSync(code).length / 1024).toBeLessThan(160);
  });
});
