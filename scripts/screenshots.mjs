// Builds the playground, serves the static build, drives headless chromium through it and writes the
// screenshots of docs/students.md into docs/img/. Run with `npm run screenshots`.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { chromium } from 'playwright';

const root = resolve('dist-web');
const out = resolve('docs/img');
const types = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};

if (!process.argv.includes('--no-build')) execFileSync('npx', ['vite', 'build'], { stdio: 'inherit' });
mkdirSync(out, { recursive: true });

/** Any file server will do; this one serves dist-web/ on a free port. */
const server = createServer((req, res) => {
  const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
  const file = join(root, path.endsWith('/') ? `${path}index.html` : path);
  if (!file.startsWith(root) || !existsSync(file)) {
    res.writeHead(404).end('not found');
    return;
  }
  res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
  res.end(readFileSync(file));
});
await new Promise((done) => server.listen(0, '127.0.0.1', done));
const url = `http://127.0.0.1:${server.address().port}/`;

const browser = await chromium.launch({
  headless: true,
  ...(existsSync('/usr/bin/chromium') ? { executablePath: '/usr/bin/chromium' } : {}),
  args: ['--no-sandbox'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, deviceScaleFactor: 1 });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  await page.locator('[data-testid="statechart"] svg').waitFor();

  // Overview: the flagship on 4 Dec 2020, when the UN urges talks.
  const forward = page.getByRole('button', { name: 'Day forward' });
  for (let i = 0; i < 9; i++) await forward.click();
  await page.getByText('Day 10 of 20').waitFor();
  await page.screenshot({ path: join(out, 'playground-overview.png') });
  console.log('wrote docs/img/playground-overview.png');

  // A what-if's refusal in the timeline: France recognises, and the co-chairs cannot convene.
  await page.getByRole('radio', { name: 'france-recognises' }).check();
  await page.getByRole('slider', { name: 'Day of the run' }).fill('19');
  await page.locator('.refusal').first().waitFor();
  await page.locator('.refusal').first().scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(out, 'playground-refusal.png') });
  console.log('wrote docs/img/playground-refusal.png');

  // A mistake in the editor, reported at its line.
  const editor = page.getByRole('textbox', { name: 'Scenario YAML' });
  const text = await editor.inputValue();
  await editor.fill(text.replace('policy: rules', 'policy: rulez'));
  await page.getByRole('list', { name: 'Problems' }).waitFor();
  await page.getByRole('list', { name: 'Problems' }).getByRole('button').first().click();
  await page.screenshot({
    path: join(out, 'playground-error.png'),
    clip: { x: 0, y: 0, width: 1400, height: 1000 },
  });
  console.log('wrote docs/img/playground-error.png');
  await editor.fill(text);

  // Playing Azerbaijan: a demand made on day 1, then the news and a refused move's rule on day 2.
  await page.getByRole('tab', { name: 'Play an actor' }).click();
  await page.getByRole('combobox', { name: 'Legal moves' }).selectOption({
    label: 'Azerbaijan demands that France be excluded as a mediator',
  });
  await page.getByRole('button', { name: 'Add move' }).click();
  await page.getByRole('button', { name: 'End the day with 1 move(s)' }).click();
  await page.getByText('Day 2: 26 Nov 2020').waitFor();
  await page.getByRole('combobox', { name: 'Moves the rules refuse now' }).selectOption({
    label: 'Azerbaijan convenes talks',
  });
  await page.getByRole('button', { name: 'Why not?' }).click();
  await page.getByRole('status', { name: 'Why not' }).waitFor();
  await page.screenshot({ path: join(out, 'playground-play.png') });
  console.log('wrote docs/img/playground-play.png');

  // A batch of 200 runs in a web worker, of the what-if where the co-chairs may convene.
  await page.getByRole('tab', { name: 'Watch the run' }).click();
  await page
    .getByRole('combobox', { name: 'Shipped scenario' })
    .selectOption('scenarios/karabakh/what-ifs/co-chairs-may-convene.yaml');
  await page.getByRole('button', { name: 'Run batch' }).click();
  await page.locator('[data-testid="batch-chart"] svg').waitFor({ timeout: 120_000 });
  const batch = page.locator('section.batch');
  await batch.scrollIntoViewIfNeeded();
  await batch.screenshot({ path: join(out, 'playground-batch.png') });
  console.log('wrote docs/img/playground-batch.png');

  if (errors.length) throw new Error(`the page reported errors:\n${errors.join('\n')}`);
} finally {
  await browser.close();
  server.close();
}
