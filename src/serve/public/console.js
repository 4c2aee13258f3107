// The facilitator's console: the exercises, their join links, the seats and what they submitted, the
// rounds, the injects, and everything said and done. The facilitator's token manages every exercise.
import {
  api,
  byId,
  clearError,
  coalesce,
  command,
  download,
  el,
  fill,
  listen,
  moveText,
  renderHeader,
  showError,
  token,
  wireBanner,
} from './common.js';
import { renderInjects, wireCustomInject } from './console-injects.js';
import { renderMessages, renderNews, renderSituation } from './render.js';

/** @typedef {import('../../exercise/exercise-types.js').ConsoleView} ConsoleView */
/** @typedef {import('../../exercise/exercise-types.js').SeatHolder} SeatHolder */
/** @typedef {{ id: string, title: string, scenario: string, whatIf: string | null, phase: string, round: number, day: number, date: string }} ExerciseSummary */
/** @typedef {{ console: string, seats: { seat: string, name: string, link: string }[] }} Links */
/** @typedef {import('./common.js').Move} Move */

/** The exercise shown, also kept in the address (`?exercise=ID`) so a reload shows it again. */
let selected = new URLSearchParams(location.search).get('exercise');
/** @type {ConsoleView | null} */
let view = null;
/** The exercise whose links are shown. */
let linksOf = '';

/** @param {string} id */
const path = (id) => `/api/exercises/${encodeURIComponent(id)}`;

/** @param {string | null} id */
function select(id) {
  selected = id;
  const url = new URL(location.href);
  if (id) url.searchParams.set('exercise', id);
  else url.searchParams.delete('exercise');
  history.replaceState(null, '', url);
}

async function load() {
  const list = /** @type {ExerciseSummary[]} */ (await api('/api/exercises'));
  if (!selected || !list.some((x) => x.id === selected)) select(list.at(-1)?.id ?? null);
  renderExercises(list);
  if (!selected) {
    fill(byId('title'), 'no exercise yet: create one');
    return;
  }
  const id = selected;
  if (linksOf !== id) {
    renderLinks(/** @type {Links} */ (await api(`${path(id)}/links`)));
    linksOf = id;
  }
  view = /** @type {ConsoleView} */ (await api(`${path(id)}/view`));
  if (id !== selected) return;
  render(id, view);
}
const refresh = coalesce(load);

/** @param {ExerciseSummary[]} list */
function renderExercises(list) {
  fill(
    byId('exercises'),
    list.length === 0 ? el('li', { class: 'empty' }, 'No exercise yet.') : null,
    list.map((x) =>
      el(
        'li',
        { class: x.id === selected ? 'current' : '', 'data-testid': 'exercise', 'data-exercise': x.id },
        el(
          'button',
          {
            type: 'button',
            class: 'link',
            onclick: () => {
              select(x.id);
              refresh();
            },
          },
          `${x.id}: ${x.title}`,
        ),
        el(
          'div',
          { class: 'note' },
          `${x.phase} · round ${x.round} · ${x.date}${x.whatIf ? ` · ${x.whatIf}` : ''}`,
        ),
      ),
    ),
  );
}

/** @param {Links} links */
function renderLinks(links) {
  fill(
    byId('links'),
    links.seats.map((s) => {
      const input = /** @type {HTMLInputElement} */ (
        el('input', { readonly: true, value: s.link, 'data-testid': 'join-link', 'data-seat': s.seat })
      );
      const copy = el(
        'button',
        {
          type: 'button',
          class: 'small secondary',
          'data-testid': 'copy-link',
          'data-seat': s.seat,
          onclick: async () => {
            try {
              await navigator.clipboard.writeText(s.link);
            } catch {
              input.select();
              document.execCommand('copy');
            }
            fill(copy, 'copied');
            setTimeout(() => fill(copy, 'copy'), 1500);
          },
        },
        'copy',
      );
      return el(
        'li',
        {},
        el('span', { class: 'seat-name' }, s.name),
        el('div', { class: 'row' }, input, copy),
      );
    }),
  );
}

/** @param {SeatHolder} holder */
const holderValue = (holder) => (holder.kind === 'policy' ? `policy:${holder.policy}` : holder.kind);

/**
 * @param {string} id
 * @param {ConsoleView} v
 */
function render(id, v) {
  renderHeader(v.exercise);
  document.title = `Console · ${v.exercise.title}`;
  const phase = v.exercise.phase;
  /** @param {string} name @param {boolean} disabled */
  const disable = (name, disabled) => {
    /** @type {HTMLButtonElement} */ (byId(name)).disabled = disabled;
  };
  disable('round-start', phase !== 'setup' && phase !== 'between');
  disable('round-resolve', phase !== 'round');
  disable('pause', phase !== 'round' && phase !== 'between');
  disable('resume', phase !== 'paused');
  disable('end', phase === 'ended');
  /** @type {HTMLAnchorElement} */ (byId('review-link')).href =
    `/assets/review.html?exercise=${encodeURIComponent(id)}#${encodeURIComponent(token)}`;
  fill(
    byId('seats'),
    v.seats.map((seat) => {
      const holder = /** @type {HTMLSelectElement} */ (
        el(
          'select',
          {
            'data-testid': 'holder',
            'data-seat': seat.id,
            'aria-label': `Who holds ${seat.name}`,
            disabled: phase === 'ended',
            onchange: (/** @type {Event} */ e) => {
              const value = /** @type {HTMLSelectElement} */ (e.target).value;
              const chosen = value.startsWith('policy:')
                ? { kind: 'policy', policy: value.slice('policy:'.length) }
                : { kind: value };
              command(id, { type: 'seat.assign', seat: seat.id, holder: chosen });
            },
          },
          el('option', { value: 'person' }, 'a person'),
          el('option', { value: 'agent' }, 'an agent (MCP)'),
          v.policies.map((p) => el('option', { value: `policy:${p}` }, `policy: ${p}`)),
        )
      );
      holder.value = holderValue(seat.holder);
      return el(
        'tr',
        { 'data-testid': 'seat-row', 'data-seat': seat.id },
        el(
          'td',
          {},
          el('strong', {}, seat.name),
          el('div', { class: 'note' }, `${seat.id} · moves for ${seat.actors.join(', ')}`),
        ),
        el('td', {}, holder),
        el('td', { 'data-testid': 'seat-joined' }, seat.joinedAs ?? '—'),
        el(
          'td',
          { 'data-testid': 'seat-submitted' },
          seat.submitted.length === 0
            ? el('span', { class: 'empty' }, phase === 'round' ? 'nothing yet' : '')
            : el(
                'ul',
                { class: 'plain' },
                seat.submitted.map((m) => el('li', {}, moveText(/** @type {Move} */ (m)))),
              ),
        ),
      );
    }),
  );
  renderInjects(id, v);
  renderSituation(byId('situation'), v.situation);
  fill(
    byId('objectives'),
    Object.entries(v.objectives).map(([key, text]) => el('li', {}, el('strong', {}, key), ` ${text}`)),
  );
  renderMessages(byId('messages'), v.messages, v.seats);
  renderNews(byId('news'), v.news);
}

function wire() {
  wireBanner();
  /** @param {string} name @param {Record<string, unknown>} cmd */
  const on = (name, cmd) =>
    byId(name).addEventListener('click', () => {
      if (selected) command(selected, cmd);
    });
  on('round-resolve', { type: 'round.resolve' });
  on('pause', { type: 'exercise.pause' });
  on('resume', { type: 'exercise.resume' });
  byId('end').addEventListener('click', () => {
    if (selected && confirm('End the exercise? Nobody can move or write after this.')) {
      command(selected, { type: 'exercise.end' });
    }
  });
  byId('round-form').addEventListener('submit', (e) => {
    e.preventDefault();
    if (!selected) return;
    const days = Number(/** @type {HTMLInputElement} */ (byId('round-days')).value);
    const minutes = /** @type {HTMLInputElement} */ (byId('round-deadline')).value;
    /** @type {Record<string, unknown>} */
    const cmd = { type: 'round.start', days };
    if (minutes !== '') cmd.deadlineSeconds = Math.round(Number(minutes) * 60);
    command(selected, cmd);
  });
  byId('new-exercise').addEventListener('submit', async (e) => {
    e.preventDefault();
    /** @param {string} name */
    const field = (name) => /** @type {HTMLInputElement} */ (byId(name)).value.trim();
    /** @type {Record<string, unknown>} */
    const body = {};
    if (field('new-title') !== '') body.title = field('new-title');
    if (field('new-what-if') !== '') body.whatIf = field('new-what-if');
    if (field('new-seed') !== '') body.seed = Number(field('new-seed'));
    const made = await api('/api/exercises', { body }).catch(() => null);
    if (!made) return;
    clearError();
    select(made.id);
    renderLinks(made);
    linksOf = made.id;
    refresh();
  });
  byId('export-log').addEventListener('click', () => {
    if (selected) download(`${path(selected)}/log`, `${selected}.log.jsonl`);
  });
  byId('export-messages').addEventListener('click', () => {
    if (selected) download(`${path(selected)}/messages`, `${selected}.messages.json`);
  });
  wireCustomInject(() => selected, showError);
}

async function start() {
  wire();
  if (token === '') {
    showError('This page needs the facilitator link that `auspices serve` printed (it ends in #...).');
    return;
  }
  const who = await api('/api/me').catch(() => null);
  if (!who) return;
  if (who.role !== 'facilitator') {
    showError('This link is a seat link; open /seat with it, or use the facilitator link.');
    return;
  }
  refresh();
  // Any exercise's change may change the list, so every change refetches.
  listen(null, refresh);
}

start();
