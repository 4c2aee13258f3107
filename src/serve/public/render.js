// The parts the console and the seat page share: the situation, the news and the messages, as text.
import { el, fill, moveText } from './common.js';

/** @typedef {import('../../exercise/exercise-types.js').MessageView} MessageView */
/** @typedef {import('../../report/play-news.js').NewsItem} NewsItem */
/** @typedef {import('./common.js').Move} Move */
/** @typedef {import('./common.js').Child} Child */

/**
 * The situation: one line per region.
 * @param {HTMLElement} node
 * @param {readonly string[]} lines
 */
export function renderSituation(node, lines) {
  fill(
    node,
    lines.map((line) => el('li', { 'data-testid': 'situation-line' }, line)),
  );
}

/**
 * The news, newest first: what happened, whether the rules let it, what it changed, and its sources.
 * @param {HTMLElement} node
 * @param {readonly NewsItem[]} news
 */
export function renderNews(node, news) {
  if (news.length === 0) {
    fill(node, el('li', { class: 'empty' }, 'Nothing has happened yet.'));
    return;
  }
  fill(
    node,
    [...news].reverse().map((item) =>
      el(
        'li',
        { 'data-testid': 'news-item', class: item.accepted ? 'accepted' : 'refused' },
        el('span', { class: 'when' }, item.date),
        ' ',
        el('span', { class: 'what' }, item.text),
        item.refusal
          ? el('div', { class: 'reason' }, `Refused (${item.refusal.rule}): ${item.refusal.reason}`)
          : null,
        item.changes.length > 0 ? el('div', { class: 'note' }, item.changes.join('; ')) : null,
        item.sources.length > 0
          ? el(
              'div',
              { class: 'note' },
              item.sources.map((s) => source(s)),
            )
          : null,
      ),
    ),
  );
}

/**
 * A link to a source, only for http(s) addresses (anything else stays text).
 * @param {string} href
 * @returns {HTMLElement}
 */
export function source(href) {
  if (!/^https?:\/\//.test(href)) return el('span', {}, href);
  return el(
    'a',
    { href, target: '_blank', rel: 'noopener noreferrer', class: 'source' },
    new URL(href).hostname,
  );
}

/**
 * Messages, newest first, with seats by name. `actions` may add buttons to a proposal (a seat's "take it
 * up").
 * @param {HTMLElement} node
 * @param {readonly MessageView[]} messages
 * @param {readonly { id: string, name: string }[]} seats
 * @param {(m: MessageView) => Child} [actions]
 */
export function renderMessages(node, messages, seats, actions) {
  const names = new Map(seats.map((s) => [s.id, s.name]));
  /** @param {string} id */
  const name = (id) => names.get(id) ?? id;
  if (messages.length === 0) {
    fill(node, el('li', { class: 'empty' }, 'No messages yet.'));
    return;
  }
  fill(
    node,
    [...messages].reverse().map((m) =>
      el(
        'li',
        {
          'data-testid': 'message',
          'data-seq': m.seq,
          class: m.to === 'all' ? 'message public' : 'message private',
        },
        el(
          'div',
          { class: 'meta' },
          el('strong', { 'data-testid': 'message-from' }, name(m.from)),
          ` to ${m.to === 'all' ? 'everyone' : m.to.map(name).join(', ')} · day ${m.day}`,
        ),
        el('div', { class: 'text', 'data-testid': 'message-text' }, m.text),
        m.proposal
          ? el(
              'div',
              { class: 'proposal', 'data-testid': 'proposal' },
              el('strong', {}, 'Proposal: '),
              m.proposal.text,
              m.proposal.move
                ? el('div', { class: 'note' }, `move: ${moveText(/** @type {Move} */ (m.proposal.move))}`)
                : null,
              actions ? actions(m) : null,
            )
          : null,
      ),
    ),
  );
}
