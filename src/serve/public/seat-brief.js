// A seat's brief: what every player may read about its actors, what only this seat reads, and its
// objectives. Every text goes in as text.
import { el, fill } from './common.js';
import { source } from './render.js';

/** @typedef {import('../../scenario/schema.js').Brief} Brief */

/**
 * Lines of text as a titled list, or nothing when there are none.
 * @param {string} title
 * @param {readonly string[] | undefined} items
 */
function list(title, items) {
  if (!items || items.length === 0) return null;
  return el(
    'div',
    {},
    el('h4', {}, title),
    el(
      'ul',
      {},
      items.map((item) => el('li', {}, item)),
    ),
  );
}

/**
 * Fills the seat's briefs: for each of its actors, the public part, the confidential part and the
 * objectives.
 * @param {HTMLElement} node
 * @param {Readonly<Record<string, Brief>>} briefs
 */
export function renderBrief(node, briefs) {
  const actors = Object.entries(briefs);
  if (actors.length === 0) {
    fill(node, el('p', { class: 'empty' }, 'The scenario gives no brief for your actors.'));
    return;
  }
  fill(
    node,
    actors.map(([actor, brief]) =>
      el(
        'article',
        { class: 'brief', 'data-testid': 'brief-actor', 'data-actor': actor },
        el('h3', {}, actor),
        el('p', { 'data-testid': 'brief-public' }, brief.public),
        brief.confidential
          ? el(
              'div',
              { class: 'confidential', 'data-testid': 'brief-confidential' },
              el('p', { class: 'label' }, 'Confidential: for your eyes only'),
              list('Interests', brief.confidential.interests),
              list('Red lines', brief.confidential.redLines),
              list('Levers', brief.confidential.levers),
              list('Decisions you will face', brief.confidential.decisions),
              brief.confidential.quotes && brief.confidential.quotes.length > 0
                ? el(
                    'div',
                    {},
                    el('h4', {}, 'Quotes'),
                    brief.confidential.quotes.map((q) =>
                      el('blockquote', {}, `“${q.text}” (${q.by}, ${q.date}) `, source(q.source)),
                    ),
                  )
                : null,
            )
          : null,
        el('div', { 'data-testid': 'brief-objectives' }, list('Objectives', brief.objectives)),
      ),
    ),
  );
}
