import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { briefKit } from '../../src/report/brief-kit.js';
import { parseScenario } from '../../src/scenario/parse.js';
import { runScenario } from '../../src/sim/run-scenario.js';

// The kit printed by a real Chromium, as a trainer would print it: A4, the page's own margins.
const executablePath = '/usr/bin/chromium';
const fixture = 'test/fixtures/briefs/format-week-kit.yaml';
/** The width the @page rule leaves for content on A4: 210 mm less two 16 mm margins, in CSS pixels. */
const contentWidth = Math.floor(((210 - 2 * 16) / 25.4) * 96);

// A word longer than a line, and a long source address, must wrap rather than run off the page.
const text = readFileSync(fixture, 'utf8')
  .replace('public: France co-chairs', `public: ${'Ceasefire'.repeat(40)} France co-chairs`)
  .replace(
    'source: https://tass.com/world/1228017',
    `source: https://tass.com/world/1228017?${'q=1&'.repeat(60)}`,
  );
const dir = mkdtempSync(join(tmpdir(), 'auspices-brief-print-'));
const files = briefKit(runScenario(parseScenario(text, fixture)));
for (const f of files) writeFileSync(join(dir, f.name), f.html);
const url = (name: string) => pathToFileURL(join(dir, name)).href;

/** The number of pages of a PDF as Chromium writes it: one page object each. */
const pageCount = (pdf: Buffer) => pdf.toString('latin1').match(/\/Type\s*\/Page\b(?!s)/g)?.length ?? 0;

// Scripts run in the page (as text: the project's types have no DOM).
/** How far the page scrolls sideways, and the elements whose right edge passes the page's. */
const OVERFLOWING = `(() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.body.querySelectorAll('*')]
    .filter((e) => e.getBoundingClientRect().right > width + 0.5)
    .map((e) => '<' + e.tagName.toLowerCase() + '> ' + (e.textContent || '').slice(0, 40));
  return { scroll: document.documentElement.scrollWidth - width, wide };
})()`;
/** What prints after the first tass.com link, and every background darker than light grey. */
const LINKS_AND_BACKGROUNDS = `(() => {
  const link = document.querySelector('a[href^="https://tass.com"]');
  const luminance = (colour) => {
    const [r = 255, g = 255, b = 255, a = 1] = (colour.match(/[\\d.]+/g) || []).map(Number);
    return a === 0 ? 1 : (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
  };
  return {
    after: getComputedStyle(link, '::after').content,
    dark: [document.documentElement, ...document.querySelectorAll('body *')]
      .map((e) => getComputedStyle(e).backgroundColor)
      .filter((c) => luminance(c) < 0.8),
  };
})()`;

let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await chromium.launch({
    headless: true,
    ...(existsSync(executablePath) ? { executablePath } : {}),
    args: ['--no-sandbox'],
  });
  page = await browser.newPage();
});

afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the printed kit', () => {
  it.each(files.map((f) => f.name))(
    'should print %s to A4 with nothing wider than the page',
    async (name) => {
      await page.setViewportSize({ width: contentWidth, height: 1000 });
      await page.goto(url(name));
      await page.emulateMedia({ media: 'print' });
      const pdf = await page.pdf({ format: 'A4' });
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(pageCount(pdf)).toBeGreaterThan(0);
      const overflowing = await page.evaluate(OVERFLOWING);
      expect(overflowing).toEqual({ scroll: 0, wide: [] });
      await page.emulateMedia({ media: 'screen' });
    },
  );

  it('should start the confidential brief on a page of its own', async () => {
    await page.goto(url('role-armenia.html'));
    await page.emulateMedia({ media: 'print' });
    const breakBefore = await page.evaluate(
      "getComputedStyle(document.querySelector('.confidential')).breakBefore",
    );
    expect(breakBefore).toBe('page');
    // Armenia's whole brief fits on one page: the second page is there only because of the break.
    expect(pageCount(await page.pdf({ format: 'A4' }))).toBe(2);
    await page.addStyleTag({ content: '.confidential,.part+.part{break-before:auto !important}' });
    expect(pageCount(await page.pdf({ format: 'A4' }))).toBe(1);
    await page.emulateMedia({ media: 'screen' });
  });

  it('should print the address of every source link, and no dark background', async () => {
    await page.goto(url('facilitator.html'));
    await page.emulateMedia({ media: 'print' });
    const { after, dark } = (await page.evaluate(LINKS_AND_BACKGROUNDS)) as { after: string; dark: string[] };
    expect(after).toMatch(/^" <" attr\(href\) ">"$|^" <https:\/\/tass\.com\/world\/1228017/);
    expect(dark).toEqual([]);
    await page.emulateMedia({ media: 'screen' });
  });
});
