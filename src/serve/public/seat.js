// A seat's page: the brief, the world as public, the seat's own moves and messages. Everything shown
// comes from the seat's view, which the server filters for this seat.

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
  moveKey,
  moveText,
  renderHeader,
  showError,
  token,
  wireBanner,
} from './common.js';
import { renderMessages, renderNews, renderSituation, source } from './render.js';
import { renderBrief } from './seat-brief.js';

/** @typedef {import('../../exercise/exercise-types.js').SeatView} SeatView */
/** @typedef {import('../../exercise/exercise-types.js').MessageView} MessageView */
/** @typedef {import('../../scenario/schema.js').Brief} Brief */
/** @typedef {import('./common.js').Move} Move */

const MAX_MOVES = 8;

/** @type {{ exercise: string, seat: string } | null} */
let me = null;
/** @type {SeatView | null} */
let view = null;
/** The moves ticked, by key; follows the submission until the player changes it. */
let chosen = new Set();
/** Whether the player changed the ticks since the last submission. */
let dirty = false;
/** The seat's legal moves, by key. */
const legal = new Map();

/** @param {Move} move */
const key = (move) => moveKey(move);

/** @returns {Promise<void>} */
async function load() {
  if (!me) return;
  view = /** @type {SeatView} */ (await api(`/api/exercises/${encodeURIComponent(me.exercise)}/view`));
  render(view);
}

/** @param {SeatView} v */
function render(v) {
  renderHeader(v.exercise);
  document.title = `${v.seat.name} · ${v.exercise.title}`;
  fill(byId('seat-name'), v.seat.name);
  byId('join').hidden = v.seat.joinedAs !== null || v.exercise.phase === 'ended';
  const holder = v.seat.holder;
  fill(
    byId('joined'),
    v.seat.joinedAs ? `You sit as ${v.seat.joinedAs}` : '',
    holder.kind === 'policy' ? ` (the facilitator gave this seat to the policy "${holder.policy}")` : '',
  );
  const review = /** @type {HTMLAnchorElement} */ (byId('review-link'));
  review.hidden = v.exercise.phase !== 'ended';
  review.href = `/assets/review.html?exercise=${encodeURIComponent(v.exercise.id)}#${encodeURIComponent(token)}`;
  renderBrief(byId('brief'), v.briefs);
  fill(
    byId('table'),
    v.seats.map((s) =>
      el(
        'li',
        { 'data-testid': 'table-seat', 'data-seat': s.id, class: s.id === v.seat.id ? 'own' : '' },
        el('strong', {}, s.name),
        ` (${s.actors.join(', ')})`,
        el('span', { class: 'note' }, s.joinedAs ? ` · ${s.joinedAs}` : ' · nobody yet'),
      ),
    ),
  );
  renderSituation(byId('situation'), v.situation);
  renderRecord(v);
  renderNews(byId('news'), v.news);
  renderMoves(v);
  renderRecipients(v);
  /** @type {HTMLButtonElement} */ (byId('send-message')).disabled = v.exercise.phase === 'ended';
  renderMessages(byId('messages'), v.messages, v.seats, takeUpButton);
}

/** @param {SeatView} v */
function renderRecord(v) {
  if (v.recordToday.length === 0) {
    fill(byId('record'), el('li', { class: 'empty' }, 'The record has nothing for your actors today.'));
    return;
  }
  fill(
    byId('record'),
    v.recordToday.map((r) =>
      el(
        'li',
        { 'data-testid': 'record-item' },
        r.text,
        ' ',
        r.sources.map((s) => source(s)),
      ),
    ),
  );
}

/** @param {SeatView} v */
function renderMoves(v) {
  const open = v.exercise.phase === 'round';
  const submittedKeys = new Set(v.submitted.map((m) => key(/** @type {Move} */ (m))));
  if (!dirty) chosen = new Set(submittedKeys);
  legal.clear();
  for (const option of v.moves) {
    if (!option.refusal) legal.set(key(/** @type {Move} */ (option.move)), option.move);
  }
  for (const k of chosen) if (!legal.has(k)) chosen.delete(k);
  const full = chosen.size >= MAX_MOVES;
  fill(
    byId('moves'),
    v.moves.length === 0 ? el('li', { class: 'empty' }, 'Your actors have no moves in this scenario.') : null,
    v.moves.map((option) => {
      const k = key(/** @type {Move} */ (option.move));
      if (option.refusal) {
        return el(
          'li',
          { class: 'move refused', 'data-testid': 'move-refused', 'data-key': k },
          el('span', { class: 'label' }, option.label),
          el('span', { class: 'reason', 'data-testid': 'move-reason' }, option.refusal.reason),
        );
      }
      const box = el('input', {
        type: 'checkbox',
        'data-testid': 'move-checkbox',
        'data-key': k,
        checked: chosen.has(k),
        disabled: !open || (full && !chosen.has(k)),
        onchange: (/** @type {Event} */ e) => {
          const target = /** @type {HTMLInputElement} */ (e.target);
          if (target.checked) chosen.add(k);
          else chosen.delete(k);
          dirty = true;
          if (view) renderMoves(view);
        },
      });
      return el(
        'li',
        { class: 'move legal', 'data-testid': 'move-option', 'data-key': k },
        el('label', {}, box, ' ', option.label),
      );
    }),
  );
  fill(
    byId('submitted'),
    v.submitted.length === 0
      ? el('li', { class: 'empty' }, open ? 'Nothing submitted for this round yet.' : 'No round is open.')
      : v.submitted.map((m) =>
          el('li', { 'data-testid': 'submitted-move' }, labelOf(v, /** @type {Move} */ (m))),
        ),
  );
  /** @type {HTMLButtonElement} */ (byId('submit')).disabled = !open;
  /** @type {HTMLButtonElement} */ (byId('withdraw')).disabled = !open || v.submitted.length === 0;
  const select = /** @type {HTMLSelectElement} */ (byId('proposal-move'));
  const before = select.value;
  fill(
    select,
    el('option', { value: '' }, 'no move'),
    v.moves
      .filter((o) => !o.refusal)
      .map((o) => el('option', { value: key(/** @type {Move} */ (o.move)) }, o.label)),
  );
  select.value = legal.has(before) ? before : '';
}

/**
 * The label the server gave a move, or a wording of it.
 * @param {SeatView} v
 * @param {Move} move
 */
function labelOf(v, move) {
  const k = key(move);
  return v.moves.find((o) => key(/** @type {Move} */ (o.move)) === k)?.label ?? moveText(move);
}

/** The seats shown as recipients, so the picker is built once and keeps its ticks. */
let recipientSeats = '';

/** @param {SeatView} v */
function renderRecipients(v) {
  const others = v.seats.filter((s) => s.id !== v.seat.id);
  const ids = others.map((s) => s.id).join(' ');
  if (ids === recipientSeats) return;
  recipientSeats = ids;
  fill(
    byId('recipient-seats'),
    others.map((s) =>
      el(
        'label',
        {},
        el('input', {
          type: 'checkbox',
          name: 'to',
          value: s.id,
          'data-testid': `recipient-${s.id}`,
          onchange: () => {
            const any = document.querySelectorAll('input[name="to"]:checked').length > 0;
            /** @type {HTMLInputElement} */ (byId('to-all')).checked = !any;
          },
        }),
        ` ${s.name}`,
      ),
    ),
  );
}

/**
 * A move without its actor: the kind of move a proposal carries, for whoever takes it up.
 * @param {Move} move
 * @returns {Move}
 */
function kindOf(move) {
  const { by: _by, ...kind } = move;
  return kind;
}

/**
 * The move this seat would submit to take up a proposal: the proposal's own move when it names one of
 * the seat's actors, else the same kind of move by the first of the seat's actors whose rules allow it
 * (or by its first actor, and the server says why the rules refuse it).
 * @param {SeatView} v
 * @param {Move} move
 * @returns {Move | null}
 */
function takeUpMove(v, move) {
  if (move.by !== undefined) return v.seat.actors.includes(move.by) ? move : null;
  const kind = key(move);
  const option = v.moves.find((o) => !o.refusal && key(kindOf(/** @type {Move} */ (o.move))) === kind);
  return option ? /** @type {Move} */ (option.move) : { ...move, by: v.seat.actors[0] ?? '' };
}

/**
 * "Take it up" on a received proposal whose move this seat may make: adds it to the submission.
 * @param {MessageView} m
 */
function takeUpButton(m) {
  const v = view;
  const proposed = /** @type {Move | undefined} */ (m.proposal?.move);
  if (!v || !proposed || m.from === v.seat.id) return null;
  const move = takeUpMove(v, proposed);
  if (!move) return null;
  const taken = v.submitted.some((s) => key(/** @type {Move} */ (s)) === key(move));
  return el(
    'button',
    {
      type: 'button',
      class: 'small',
      'data-testid': 'take-up',
      disabled: taken || v.exercise.phase !== 'round',
      onclick: () => submit([...v.submitted.map((s) => /** @type {Move} */ (s)), move]),
    },
    taken ? 'taken up' : 'Take it up',
  );
}

/**
 * Submits moves for the round (an empty list withdraws), then shows the new submission.
 * @param {Move[]} moves
 */
async function submit(moves) {
  if (!me) return;
  if (moves.length > MAX_MOVES) {
    showError(`A seat may submit at most ${MAX_MOVES} moves a round; untick some first.`);
    return;
  }
  if (await command(me.exercise, { type: 'moves.submit', moves })) {
    dirty = false;
    await load().catch(() => {});
  }
}

function wire() {
  wireBanner();
  byId('join-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const name = /** @type {HTMLInputElement} */ (byId('join-name')).value.trim();
    if (!me || name === '') return;
    if (await command(me.exercise, { type: 'seat.join', name })) await load().catch(() => {});
  });
  byId('submit').addEventListener('click', () => {
    submit([...chosen].map((k) => /** @type {Move} */ (legal.get(k))).filter(Boolean));
  });
  byId('withdraw').addEventListener('click', () => submit([]));
  byId('export-messages').addEventListener('click', () => {
    if (me)
      download(`/api/exercises/${encodeURIComponent(me.exercise)}/messages`, `${me.seat}.messages.json`);
  });
  byId('to-all').addEventListener('change', (e) => {
    if (/** @type {HTMLInputElement} */ (e.target).checked) {
      for (const box of document.querySelectorAll('input[name="to"]')) {
        /** @type {HTMLInputElement} */ (box).checked = false;
      }
    }
  });
  byId('compose').addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!me) return;
    const text = /** @type {HTMLTextAreaElement} */ (byId('message-text'));
    const proposalText = /** @type {HTMLTextAreaElement} */ (byId('proposal-text'));
    const proposalMove = /** @type {HTMLSelectElement} */ (byId('proposal-move'));
    const seats = [...document.querySelectorAll('input[name="to"]:checked')].map(
      (b) => /** @type {HTMLInputElement} */ (b).value,
    );
    const toAll = /** @type {HTMLInputElement} */ (byId('to-all')).checked;
    if (!toAll && seats.length === 0) {
      showError('Choose who the message is for: everyone, or one or more seats.');
      return;
    }
    /** @type {Record<string, unknown>} */
    const message = { type: 'message.send', to: toAll ? 'all' : seats, text: text.value };
    const move = legal.get(proposalMove.value);
    if (proposalText.value.trim() !== '') {
      // The proposal carries the kind of move, without its actor: whoever takes it up makes it.
      message.proposal = move
        ? { text: proposalText.value, move: kindOf(move) }
        : { text: proposalText.value };
    } else if (move) {
      showError('A proposal needs a text: say what you propose, then attach the move.');
      return;
    }
    if (await command(me.exercise, message)) {
      text.value = '';
      proposalText.value = '';
      proposalMove.value = '';
      await load().catch(() => {});
    }
  });
}

async function start() {
  wire();
  if (token === '') {
    showError('This page needs the join link the facilitator gave you (it ends in #...).');
    return;
  }
  const who = await api('/api/me').catch(() => null);
  if (!who) return;
  if (who.role !== 'seat') {
    showError('This link is not a seat link; the facilitator opens /console with theirs.');
    return;
  }
  me = { exercise: who.exercise, seat: who.seat };
  clearError();
  const refresh = coalesce(load);
  refresh();
  listen(me.exercise, refresh);
}

start();
