// Shared by the console and the seat pages: the token, fetch helpers, the error banner, the socket, and
// small DOM builders. Data is only ever put in the page as text (textContent), never as HTML.

/** @typedef {import('../../exercise/exercise-types.js').ExerciseHeader} ExerciseHeader */
/** @typedef {Record<string, unknown> & { type: string, by?: string }} Move */
/** @typedef {string | Node | null | undefined | false} Child */

/** The token in the page's fragment (`/seat#TOKEN`): the fragment never reaches the server or a log. */
export const token = decodeURIComponent(location.hash.replace(/^#/, ''));

/**
 * Builds an element. `props` sets attributes (`class`, `data-testid`, ...), `on*` functions become event
 * listeners, and `value`/`checked`/`disabled` are set as properties; children are nodes or text.
 * @param {string} tag
 * @param {Record<string, unknown>} [props]
 * @param {...(Child | Child[])} children
 * @returns {HTMLElement}
 */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      node.addEventListener(key.slice(2), /** @type {EventListener} */ (value));
    } else if (key === 'value' || key === 'checked' || key === 'disabled') {
      Object.assign(node, { [key]: value });
    } else {
      node.setAttribute(key, value === true ? '' : String(value));
    }
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return node;
}

/**
 * The element with this id, which the page's HTML must have.
 * @param {string} id
 * @returns {HTMLElement}
 */
export function byId(id) {
  const node = document.getElementById(id);
  if (!node) throw new Error(`The page has no element #${id}.`);
  return node;
}

/**
 * Replaces an element's children.
 * @param {HTMLElement} node
 * @param {...(Child | Child[])} children
 */
export function fill(node, ...children) {
  node.replaceChildren();
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

/**
 * Shows a message in the page's banner (the server's own sentence when it refused something).
 * @param {string} message
 */
export function showError(message) {
  const banner = byId('banner');
  fill(byId('banner-text'), message);
  banner.hidden = false;
}

/** Hides the banner. */
export function clearError() {
  byId('banner').hidden = true;
}

/** An error the server answered with: its code, status and sentence. */
export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {string} code
   * @param {string} message
   */
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

const unreachable = 'The server cannot be reached; check that `auspices serve` is still running.';

/**
 * Calls the API with the page's token. Answers the parsed JSON (or text for non-JSON answers); on a
 * refusal shows the server's message in the banner and throws an ApiError.
 * @param {string} path
 * @param {{ method?: string, body?: unknown }} [options]
 * @returns {Promise<any>}
 */
export async function api(path, options = {}) {
  /** @type {Record<string, string>} */
  const headers = { authorization: `Bearer ${token}` };
  /** @type {RequestInit} */
  const init = { method: options.method ?? (options.body === undefined ? 'GET' : 'POST'), headers };
  if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    init.body = JSON.stringify(options.body);
  }
  let res;
  try {
    res = await fetch(path, init);
  } catch {
    showError(unreachable);
    throw new ApiError(0, 'unreachable', unreachable);
  }
  const type = res.headers.get('content-type') ?? '';
  const body = type.includes('json') ? await res.json().catch(() => null) : await res.text();
  if (!res.ok) {
    const error = body && typeof body === 'object' && 'error' in body ? body.error : null;
    const message = error?.message ?? `The server answered ${res.status} ${res.statusText}.`;
    showError(message);
    throw new ApiError(res.status, error?.code ?? 'http', message);
  }
  return body;
}

/**
 * Downloads what a route answers as a file (the log, the messages, the review): fetched with the token,
 * since a plain link cannot send it.
 * @param {string} route
 * @param {string} name
 */
export async function download(route, name) {
  const res = await fetch(route, { headers: { authorization: `Bearer ${token}` } }).catch(() => null);
  if (!res?.ok) {
    const body = await res?.json().catch(() => null);
    showError(body?.error?.message ?? 'The download failed; check that `auspices serve` is still running.');
    return;
  }
  const url = URL.createObjectURL(await res.blob());
  const a = el('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Sends one command to an exercise. Answers true when it was accepted (a refusal is in the banner).
 * @param {string} exercise
 * @param {Record<string, unknown>} command
 * @returns {Promise<boolean>}
 */
export async function command(exercise, command) {
  try {
    // A fresh nonce with each command: the server refuses the same request replayed.
    const body = { ...command, nonce: crypto.randomUUID() };
    await api(`/api/exercises/${encodeURIComponent(exercise)}/commands`, { body });
    clearError();
    return true;
  } catch {
    return false;
  }
}

/**
 * Listens on the server's socket and calls `onChange` whenever the exercise changed (and once when the
 * socket is ready, so nothing missed while disconnected is lost). Reconnects with a growing delay.
 * @param {string | null} exercise the exercise to hear about, or null (the facilitator: all of them)
 * @param {(exercise: string | null) => void} onChange
 * @returns {{ close(): void }}
 */
export function listen(exercise, onChange) {
  let delay = 500;
  let closed = false;
  /** @type {WebSocket | null} */
  let socket = null;
  const open = () => {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    socket = new WebSocket(`${scheme}://${location.host}/api/socket`);
    socket.addEventListener('open', () => {
      socket?.send(JSON.stringify(exercise ? { type: 'auth', token, exercise } : { type: 'auth', token }));
    });
    socket.addEventListener('message', (event) => {
      /** @type {{ type?: string, exercise?: string }} */
      let message;
      try {
        message = JSON.parse(String(event.data));
      } catch {
        return;
      }
      if (message.type === 'ready') {
        delay = 500;
        setLive(true);
        // Back in touch: an earlier "cannot be reached" no longer holds.
        if (byId('banner-text').textContent === unreachable) clearError();
        onChange(null);
      } else if (message.type === 'changed') {
        onChange(message.exercise ?? null);
      }
    });
    socket.addEventListener('close', (event) => {
      setLive(false);
      if (closed) return;
      if (event.code === 4401) {
        showError('The server did not accept this link; ask the facilitator for a fresh one.');
        return;
      }
      setTimeout(open, delay);
      delay = Math.min(delay * 2, 10_000);
    });
  };
  open();
  return {
    close() {
      closed = true;
      socket?.close();
    },
  };
}

/**
 * Marks the page live or not (a dot in the header).
 * @param {boolean} live
 */
function setLive(live) {
  const dot = document.getElementById('live');
  if (!dot) return;
  dot.dataset.live = String(live);
  dot.title = live ? 'live: changes appear as they happen' : 'reconnecting...';
}

/**
 * Calls `load` now and again on every change, never two at once: changes that arrive during a load
 * cause exactly one more load after it.
 * @param {() => Promise<void>} load
 * @returns {() => void}
 */
export function coalesce(load) {
  let running = false;
  let again = false;
  const run = async () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        await load().catch(() => {});
      } while (again);
    } finally {
      running = false;
    }
  };
  return () => void run();
}

/**
 * A stable key for a move: its fields in sorted order.
 * @param {Move} move
 * @returns {string}
 */
export function moveKey(move) {
  return JSON.stringify(Object.entries(move).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * A move in one line: "actor: type (field value, ...)".
 * @param {Move} move
 * @returns {string}
 */
export function moveText(move) {
  const fields = Object.entries(move)
    .filter(([key]) => key !== 'type' && key !== 'by')
    .map(([key, value]) => `${key} ${String(value)}`);
  const what = `${move.type}${fields.length > 0 ? ` (${fields.join(', ')})` : ''}`;
  return move.by === undefined ? `a move of the kind ${what}` : `${move.by}: ${what}`;
}

/**
 * Fills the exercise header: title, phase, round, day and date, and the deadline's countdown.
 * @param {ExerciseHeader} header
 */
export function renderHeader(header) {
  fill(byId('title'), header.title);
  fill(byId('phase'), header.phase);
  byId('phase').dataset.phase = header.phase;
  const round =
    header.phase === 'round' ? `round ${header.round + 1} open` : `${header.round} rounds resolved`;
  fill(byId('round'), round);
  fill(byId('day'), `day ${header.day} · ${header.date}`);
  byId('deadline').dataset.deadline = header.deadline ?? '';
  tick();
}

/** Updates the deadline's countdown (called every second). */
function tick() {
  const node = document.getElementById('deadline');
  if (!node) return;
  const deadline = node.dataset.deadline;
  if (!deadline) {
    fill(node, '');
    return;
  }
  const left = Math.max(0, Math.round((Date.parse(deadline) - Date.now()) / 1000));
  const mm = Math.floor(left / 60);
  const ss = String(left % 60).padStart(2, '0');
  fill(node, left > 0 ? `deadline in ${mm}:${ss}` : 'deadline passed: resolving');
}
setInterval(tick, 1000);

/** Wires the banner's close button. */
export function wireBanner() {
  byId('banner-close').addEventListener('click', clearError);
}
