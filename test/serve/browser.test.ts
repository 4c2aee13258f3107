import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Locator, type Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SeatView } from '../../src/exercise/exercise-types.js';
import { client, type ServeProcess, serve, tokenOf } from './serve-process.js';

// A class in real Chromium: the facilitator and three seats, each in its own browser context (its own
// storage, as on four machines), against `auspices serve` in a child process on a real SQLite file.
const executablePath = '/usr/bin/chromium';
const flagship = 'scenarios/karabakh/format-week-2020.yaml';
const tmp = mkdtempSync(join(tmpdir(), 'auspices-browser-'));
let server: ServeProcess;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([
    serve([flagship, '--port', '0', '--db', join(tmp, 'class.db')]),
    chromium.launch({
      headless: true,
      ...(existsSync(executablePath) ? { executablePath } : {}),
      args: ['--no-sandbox'],
    }),
  ]);
});

afterAll(async () => {
  await browser?.close();
  server?.child.kill('SIGKILL');
  rmSync(tmp, { recursive: true, force: true });
});

type Move = Record<string, unknown>;
/** A move without its actor, as a proposal carries it, in a stable form. */
const kind = (move: Move) =>
  JSON.stringify(
    Object.entries(move)
      .filter(([k]) => k !== 'by')
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  );
/** The page's key of a move (common.js's moveKey). */
const key = (move: Move) => JSON.stringify(Object.entries(move).sort(([a], [b]) => (a < b ? -1 : 1)));

/**
 * Three seats to play: A and B where B's rules allow a move of a kind A may make (so B can take up A's
 * proposal), and any third seat C; with that move.
 */
async function chooseSeats() {
  const views = await Promise.all(
    server.seats.map(async (s) => ({
      ...s,
      view: (await client(server.url, tokenOf(s.link)).get<SeatView>('/api/exercises/ex1/view')).json,
    })),
  );
  const legal = (v: SeatView) =>
    v.moves.filter((o) => o.refusal === null).map((o) => o.move as unknown as Move);
  for (const a of views)
    for (const b of views) {
      if (a === b) continue;
      const kinds = new Set(legal(b.view).map(kind));
      const proposal = legal(a.view).find((m) => kinds.has(kind(m)));
      const c = views.find((s) => s !== a && s !== b && legal(s.view).length > 0);
      if (proposal && c) return { a, b, c, proposal };
    }
  throw new Error('no two seats share a kind of legal move');
}

/** Opens a link in a fresh browser context, failing the test on any error the page throws. */
async function open(link: string, errors: string[]): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(link);
  return page;
}

const id = (testid: string) => `[data-testid="${testid}"]`;
const wait = { timeout: 10_000 };
/** Waits until the element's text is `text` (pages update when the server says something changed). */
const hasText = (loc: Locator, text: string) => expect.poll(() => loc.first().textContent(), wait).toBe(text);
const hasCount = (loc: Locator, n: number) => expect.poll(() => loc.count(), wait).toBe(n);
const visible = (loc: Locator) => loc.first().waitFor(wait);

describe('the console and three seats in Chromium', () => {
  it('plays two rounds with moves, messages, a proposal and injects, and ends in the review', async () => {
    const { a, b, c, proposal } = await chooseSeats();
    const errors: string[] = [];
    const [fac, pa, pb, pc] = await Promise.all([
      open(server.facilitator, errors),
      open(a.link, errors),
      open(b.link, errors),
      open(c.link, errors),
    ]);
    if (!fac || !pa || !pb || !pc) throw new Error('a page did not open');
    fac.on('dialog', (d) => void d.accept());

    // Each player joins under a name; the console sees them arrive.
    await Promise.all(
      (
        [
          [pa, 'Ana'],
          [pb, 'Ben'],
          [pc, 'Cem'],
        ] as const
      ).map(async ([page, name]) => {
        await page.locator(id('join-name')).fill(name);
        await page.locator(id('join-button')).click();
        await hasText(page.locator(id('joined-as')), `You sit as ${name}`);
      }),
    );
    await hasText(fac.locator(`${id('seat-row')}[data-seat="${c.seat}"] ${id('seat-joined')}`), 'Cem');

    // Round 1: two days.
    await fac.locator(id('round-days')).fill('2');
    await fac.locator(id('round-start')).click();
    await hasText(pa.locator(id('phase')), 'round');

    // A picks a legal move; the console sees it submitted.
    const firstA = pa.locator(id('move-checkbox')).first();
    await firstA.check();
    await pa.locator(id('submit-moves')).click();
    await hasCount(pa.locator(id('submitted-move')), 1);
    await hasCount(fac.locator(`${id('seat-row')}[data-seat="${a.seat}"] ${id('seat-submitted')} li`), 1);
    // A refused move shows its reason.
    expect(await pa.locator(id('move-reason')).first().textContent()).not.toBe('');

    // A writes to B alone, with a proposal; then a public statement.
    await pa.locator(id(`recipient-${b.seat}`)).check();
    expect(await pa.locator(id('to-all')).isChecked()).toBe(false);
    await pa.locator(id('message-input')).fill('Between us: a joint line on the ceasefire?');
    await pa.locator('#proposal-box summary').click();
    await pa.locator(id('proposal-input')).fill('We both say it today.');
    await pa.locator(id('proposal-move')).selectOption(key(proposal));
    await pa.locator(id('send-message')).click();
    await pa.locator(id('to-all')).check();
    await pa
      .locator(id('message-input'))
      .fill('We call on both sides to hold the ceasefire. <img src=x onerror="document.title=1">');
    await pa.locator(id('send-message')).click();

    // B sees both and takes the proposal up; C sees the statement and never the private message.
    await visible(pb.getByText('Between us: a joint line on the ceasefire?'));
    await visible(pc.getByText('We call on both sides to hold the ceasefire.'));
    // A message is text, never markup.
    await visible(pc.getByText('<img src=x onerror="document.title=1">'));
    expect(await pc.locator(`${id('messages')} img`).count()).toBe(0);
    await visible(pb.getByText('We call on both sides to hold the ceasefire.'));
    expect(await pc.getByText('Between us').count()).toBe(0);
    expect(await pc.getByText('We both say it today.').count()).toBe(0);
    await pb.locator(id('take-up')).click();
    await hasText(pb.locator(id('take-up')), 'taken up');
    await hasCount(pb.locator(id('submitted-move')), 1);
    await hasCount(fac.locator(`${id('seat-row')}[data-seat="${b.seat}"] ${id('seat-submitted')} li`), 1);
    // The console sees every message, the private one too.
    await visible(fac.locator(id('messages')).getByText('Between us: a joint line'));

    // Injects: hold the first pending one and release it; add a contingency inject.
    const pending = fac.locator(`${id('inject')}.pending`).first();
    const injectId = await pending.getAttribute('data-inject');
    const inject = fac.locator(`${id('inject')}[data-inject="${injectId}"]`);
    await inject.locator(id('inject-hold')).click();
    await hasText(inject.locator(id('inject-status')), 'held');
    await inject.locator(id('inject-release')).click();
    await hasText(inject.locator(id('inject-status')), 'released');
    const contingency = fac.locator(id('contingency-inject')).first();
    const contingencyId = await contingency.getAttribute('data-inject');
    await contingency.locator(id('add-contingency')).click();
    await hasCount(fac.locator(`${id('inject')}[data-inject="${contingencyId}"]`), 1);

    // Resolve round 1: the news reaches the seats.
    await fac.locator(id('round-resolve')).click();
    await hasText(fac.locator(id('round')), '1 rounds resolved');
    await hasText(pc.locator(id('phase')), 'between');
    await visible(pc.locator(id('news-item')));

    // Round 2: C moves; resolve it.
    await fac.locator(id('round-start')).click();
    await hasText(pc.locator(id('phase')), 'round');
    await pc.locator(id('move-checkbox')).first().check();
    await pc.locator(id('submit-moves')).click();
    await hasCount(pc.locator(id('submitted-move')), 1);
    await fac.locator(id('round-resolve')).click();
    await hasText(fac.locator(id('round')), '2 rounds resolved');

    // End the exercise and open the review from the console.
    await fac.locator(id('end')).click();
    await hasText(fac.locator(id('phase')), 'ended');
    const [review] = await Promise.all([fac.waitForEvent('popup'), fac.locator(id('review-link')).click()]);
    review.on('pageerror', (e) => errors.push(e.message));
    const frame = review.frameLocator(id('review-frame'));
    await visible(frame.getByText('We call on both sides to hold the ceasefire.'));
    await visible(frame.getByText('Between us: a joint line on the ceasefire?'));
    await visible(frame.getByText('Ana'));
    // A seat may open it too, now that the exercise has ended.
    await visible(pc.locator(id('review-link')));
    expect(errors).toEqual([]);
  });
});
