// The after-action review, for whoever holds a token: the facilitator at any time, a seat once the
// exercise ended. The server renders the page; it is shown in a sandboxed frame (no scripts, its own
// origin), because a plain link cannot carry the token as a header.
import { byId, download, showError, token, wireBanner } from './common.js';

const exercise = new URLSearchParams(location.search).get('exercise') ?? '';
const base = `/api/exercises/${encodeURIComponent(exercise)}`;

/**
 * Fetches a route with the token; shows the server's message if it refuses.
 * @param {string} route
 * @returns {Promise<Response | null>}
 */
async function get(route) {
  const res = await fetch(route, { headers: { authorization: `Bearer ${token}` } }).catch(() => null);
  if (!res) {
    showError('The server cannot be reached; check that `auspices serve` is still running.');
    return null;
  }
  if (!res.ok) {
    const body = await res.json().catch(() => null);
    showError(body?.error?.message ?? `The server answered ${res.status} ${res.statusText}.`);
    return null;
  }
  return res;
}

async function start() {
  wireBanner();
  if (token === '' || exercise === '') {
    showError(
      'Open the review from the console or your seat page: this address lacks the exercise or the token.',
    );
    return;
  }
  const res = await get(`${base}/review.html`);
  if (!res) return;
  const html = await res.text();
  /** @type {HTMLIFrameElement} */ (byId('review')).srcdoc = html;
  const saveHtml = /** @type {HTMLButtonElement} */ (byId('save'));
  saveHtml.disabled = false;
  saveHtml.addEventListener('click', () => download(`${base}/review.html`, `${exercise}-review.html`));
  byId('save-json').addEventListener('click', () =>
    download(`${base}/review.json`, `${exercise}-review.json`),
  );
}

start();
