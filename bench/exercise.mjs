// `npm run bench:exercise`: the exercise server under a class of 60 seats over loopback (5 exercises of
// 12 seats), each seat with a WebSocket open and submitting one move per round over HTTP (all at once in
// half the rounds, spread over 3 s in the others); several rounds resolved. Records the median and 95th percentile of a move's latency (request to
// answer, the append to SQLite with synchronous = FULL included) in bench/exercise-results.json.
// The server runs in its own process (`auspices serve`), as in a class; this process is the browsers.
// Needs Node's WebSocket client: run with `node --experimental-websocket` on Node 20.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const exercises = 5;
const rounds = Number(process.argv.find((a) => a.startsWith('--rounds='))?.slice(9) ?? 6);
const flagship = new URL('../scenarios/karabakh/format-week-2020.yaml', import.meta.url).pathname;
const bin = new URL('../dist/cli/bin.js', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'auspices-bench-serve-'));
const loadBefore = loadavg()[0];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const child = spawn(process.execPath, [bin, 'serve', flagship, '--port', '0', '--db', join(tmp, 'bench.db')]);
let printed = '';
await new Promise((resolve, reject) => {
  child.stdout.on('data', (d) => {
    printed += d;
    if (/^Ready\.$/m.test(printed)) resolve();
  });
  child.on('exit', (code) => reject(new Error(`serve exited ${code}`)));
});
const facilitatorLink = /^Facilitator console: (\S+)$/m.exec(printed)[1];
const url = new URL(facilitatorLink).origin;
const token = (link) => link.slice(link.indexOf('#') + 1);
const fac = token(facilitatorLink);

async function call(tok, method, path, body) {
  const started = performance.now();
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${tok}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const json = await res.json();
  const ms = performance.now() - started;
  if (res.status !== 200) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return { json, ms };
}

// Exercises ex2..ex5 beside ex1, and their seats.
const seats = [];
const firstLinks = (await call(fac, 'GET', '/api/exercises/ex1/links')).json;
for (const s of firstLinks.seats) seats.push({ exercise: 'ex1', seat: s.seat, token: token(s.link) });
for (let i = 2; i <= exercises; i++) {
  const made = (await call(fac, 'POST', '/api/exercises', { title: `Bench ${i}` })).json;
  for (const s of made.seats) seats.push({ exercise: made.id, seat: s.seat, token: token(s.link) });
}

// Every seat listens on a socket. Connections without a token share one address's limit (20/s), as a
// class behind one router would: open them at 15 a second.
let changes = 0;
const sockets = [];
for (const s of seats) {
  const ws = new WebSocket(`${url.replace('http', 'ws')}/api/socket`);
  await new Promise((resolve, reject) => {
    ws.addEventListener('open', () => ws.send(JSON.stringify({ type: 'auth', token: s.token })));
    ws.addEventListener('message', (e) => {
      if (JSON.parse(e.data).type === 'ready') resolve();
      else changes++;
    });
    ws.addEventListener('close', (e) => reject(new Error(`socket closed ${e.code}`)));
  });
  sockets.push(ws);
  await sleep(1000 / 15);
}
await Promise.all(
  seats.map((s) =>
    call(s.token, 'POST', `/api/exercises/${s.exercise}/commands`, {
      type: 'seat.join',
      name: `Player ${s.seat}`,
    }),
  ),
);

// Rounds alternate: in a "burst" round all 60 seats submit at the same instant (the worst case); in a
// "spread" round each submits at a random moment of a 3-second window (60 moves in 3 s, still more than
// a class makes).
const moveMs = { burst: [], spread: [] };
const resolveMs = [];
let resolved = 0;
const ids = [...new Set(seats.map((s) => s.exercise))];
for (let r = 0; r < rounds; r++) {
  const mode = r % 2 === 0 ? 'burst' : 'spread';
  for (const id of ids)
    await call(fac, 'POST', `/api/exercises/${id}/commands`, { type: 'round.start', days: 2 });
  // Each seat reads its view (its legal moves) first.
  const picks = await Promise.all(
    seats.map(async (s) => {
      const view = (await call(s.token, 'GET', `/api/exercises/${s.exercise}/view`)).json;
      const legal = view.moves.find((m) => m.refusal === null);
      return { s, moves: legal ? [legal.move] : [] };
    }),
  );
  const answers = await Promise.all(
    picks.map(async ({ s, moves }) => {
      if (mode === 'spread') await sleep(Math.random() * 3000);
      return call(s.token, 'POST', `/api/exercises/${s.exercise}/commands`, { type: 'moves.submit', moves });
    }),
  );
  moveMs[mode].push(...answers.map((a) => a.ms));
  for (const id of ids) {
    resolveMs.push((await call(fac, 'POST', `/api/exercises/${id}/commands`, { type: 'round.resolve' })).ms);
    resolved++;
  }
  // The facilitator's own limit (20 requests a second) is the pace of a real console, not a bottleneck.
  await sleep(600);
}
await sleep(200);

const quantile = (xs, q) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
};
const round1 = (x) => Math.round(x * 10) / 10;
const stats = (xs) => ({
  count: xs.length,
  median: round1(quantile(xs, 0.5)),
  p95: round1(quantile(xs, 0.95)),
  max: round1(Math.max(...xs)),
});
const results = {
  date: new Date().toISOString().slice(0, 10),
  node: process.version,
  cores: availableParallelism(),
  // The machine's load (1-minute average) before and after: other work on the cores lengthens latency.
  load_average: { before: Math.round(loadBefore * 10) / 10, after: Math.round(loadavg()[0] * 10) / 10 },
  command: `npm run bench:exercise${rounds === 6 ? '' : ` -- --rounds=${rounds}`}`,
  scenario: 'format-week-2020',
  exercises: ids.length,
  seats: seats.length,
  sockets: sockets.length,
  rounds_resolved: resolved,
  moves_submitted: moveMs.burst.length + moveMs.spread.length,
  // All 60 seats at the same instant: the figure the target is checked against.
  move_ms: stats(moveMs.burst),
  // Each seat at a random moment of a 3-second window.
  move_ms_spread: stats(moveMs.spread),
  resolve_ms: stats(resolveMs),
  socket_changes_heard: changes,
  target: 'move_ms.p95 < 250',
};
for (const ws of sockets) ws.close();
child.kill('SIGTERM');
await new Promise((resolve) => child.on('exit', resolve));
rmSync(tmp, { recursive: true, force: true });
writeFileSync(new URL('./exercise-results.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
console.log(JSON.stringify(results, null, 2));
if (results.move_ms.p95 >= 250) process.exitCode = 1;
