// Starts `auspices serve` on the flagship, plays part of an exercise over the protocol, and takes the
// screenshots of docs/exercises.md with headless chromium: the facilitator's console, a seat and the
// after-action review, into docs/img/exercise-*.png. Run with `npm run screenshots:exercise` (it builds
// first).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright';

const out = resolve('docs/img');
const tmp = mkdtempSync(join(tmpdir(), 'auspices-shots-'));
mkdirSync(out, { recursive: true });

const child = spawn(process.execPath, [
  'dist/cli/bin.js',
  'serve',
  'scenarios/karabakh/format-week-2020.yaml',
  '--port',
  '0',
  '--db',
  join(tmp, 'class.db'),
]);
/** What the server printed before `Ready.`: the console link, then a line per seat ending in its link. */
const printed = await new Promise((done, fail) => {
  let text = '';
  child.stdout.on('data', (d) => {
    text += d;
    if (/^Ready\.$/m.test(text)) done(text);
  });
  child.stderr.on('data', (d) => process.stderr.write(d));
  child.on('exit', (code) => fail(new Error(`auspices serve exited ${code}:\n${text}`)));
});
const facilitator = /^Facilitator console: (\S+)$/m.exec(printed)?.[1];
if (!facilitator) throw new Error(`no console link in:\n${printed}`);
const origin = new URL(facilitator).origin;
const seats = printed
  .split('\n')
  .filter((l) => /\shttp:\/\/\S+#\S+$/.test(l) && !l.startsWith('Facilitator'))
  .map((l) => {
    const parts = l.trim().split(/\s+/);
    return { seat: parts[0], link: parts.at(-1) };
  });

/** Calls the API with the token of a link. */
async function call(link, path, body) {
  const token = link.slice(link.indexOf('#') + 1);
  const res = await fetch(`${origin}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${path}: ${json.error?.message ?? res.status}`);
  return json;
}
const command = (link, body) => call(link, '/api/exercises/ex1/commands', body);
/** A seat's legal moves, those that urge or accept first (they read better than a ceasefire violation). */
const legal = async (link) => {
  const options = (await call(link, '/api/exercises/ex1/view')).moves.filter((o) => o.refusal === null);
  const civil = (o) => (/urges|accepts|proposes/.test(o.label) ? 0 : 1);
  return options.sort((x, y) => civil(x) - civil(y)).map((o) => o.move);
};

const browser = await chromium.launch({
  headless: true,
  ...(existsSync('/usr/bin/chromium') ? { executablePath: '/usr/bin/chromium' } : {}),
  args: ['--no-sandbox'],
});
try {
  // A class of four at the table: they join, a round opens, they move and talk.
  const names = ['Ana', 'Ben', 'Cem', 'Dana'];
  const players = seats.slice(0, names.length);
  for (const [i, s] of players.entries()) await command(s.link, { type: 'seat.join', name: names[i] });
  await command(facilitator, { type: 'round.start', days: 3, deadlineSeconds: 1200 });
  for (const s of players.slice(0, 3)) {
    const [move] = await legal(s.link);
    if (move) await command(s.link, { type: 'moves.submit', moves: [move] });
  }
  const [a, b] = players;
  await command(a.link, {
    type: 'message.send',
    to: 'all',
    text: 'We call on both sides to hold the ceasefire.',
  });
  const [kind] = await legal(a.link);
  const { by: _by, ...proposal } = kind ?? {};
  await command(a.link, {
    type: 'message.send',
    to: [b.seat],
    text: 'Between us: can we agree a line before the co-chairs meet?',
    ...(kind ? { proposal: { text: 'We both say it today.', move: proposal } } : {}),
  });
  await command(b.link, {
    type: 'message.send',
    to: 'all',
    text: 'We will attend any meeting the co-chairs call.',
  });

  const page = await browser.newPage({ viewport: { width: 1280, height: 820 }, deviceScaleFactor: 1 });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const shot = async (name, clip) => {
    const path = join(out, `exercise-${name}.png`);
    await page.screenshot({ path, ...(clip ? { clip } : {}) });
    console.log(`wrote docs/img/exercise-${name}.png (${Math.round(statSync(path).size / 1024)} KB)`);
  };

  await page.goto(facilitator);
  await page.locator('[data-testid="seat-submitted"] li').first().waitFor();
  await shot('console');

  await page.goto(b.link);
  await page.locator('[data-testid="take-up"]').first().waitFor();
  await shot('seat', { x: 0, y: 0, width: 1280, height: 720 });

  // Resolve, play a second round, end, and open the review.
  await command(facilitator, { type: 'round.resolve' });
  await command(facilitator, { type: 'round.start', days: 3 });
  const [move] = await legal(b.link);
  if (move) await command(b.link, { type: 'moves.submit', moves: [move] });
  await command(facilitator, { type: 'round.resolve' });
  await command(facilitator, { type: 'exercise.end' });
  const token = facilitator.slice(facilitator.indexOf('#') + 1);
  await page.goto(`${origin}/assets/review.html?exercise=ex1#${token}`);
  await page.frameLocator('[data-testid="review-frame"]').locator('body *').first().waitFor();
  await shot('review');
  if (errors.length > 0) throw new Error(`the pages threw: ${errors.join('; ')}`);
} finally {
  await browser.close();
  child.kill('SIGTERM');
  rmSync(tmp, { recursive: true, force: true });
}
