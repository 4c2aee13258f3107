// The console's injects: the scenario's and added ones with their status and controls, the pack's
// contingency injects, and the form for a custom inject.
import { byId, command, el, fill } from './common.js';

/** @typedef {import('../../exercise/exercise-types.js').ConsoleView} ConsoleView */
/** @typedef {import('../../exercise/exercise-types.js').InjectView} InjectView */

/** What the facilitator may do with an inject in each status. */
const actions = /** @type {const} */ ({
  pending: ['hold', 'release', 'skip'],
  held: ['release', 'skip'],
  released: [],
  skipped: [],
  fired: [],
});

/**
 * Fills the injects, the contingency injects and the custom form's actors.
 * @param {string} exercise
 * @param {ConsoleView} view
 */
export function renderInjects(exercise, view) {
  const ended = view.exercise.phase === 'ended';
  const ids = view.injects.map((i) => i.id);
  /**
   * Moves an inject up or down among the others and sends the new order.
   * @param {number} index
   * @param {number} by
   */
  const move = (index, by) => {
    const order = [...ids];
    const [id] = order.splice(index, 1);
    if (id === undefined) return;
    order.splice(index + by, 0, id);
    command(exercise, { type: 'inject.reorder', order });
  };
  fill(
    byId('injects'),
    view.injects.length === 0 ? el('li', { class: 'empty' }, 'The scenario has no injects.') : null,
    view.injects.map((inject, index) =>
      el(
        'li',
        { class: `inject ${inject.status}`, 'data-testid': 'inject', 'data-inject': inject.id },
        el(
          'div',
          { class: 'meta' },
          el('span', { class: 'badge', 'data-testid': 'inject-status' }, inject.status),
          ` ${inject.id} · ${inject.day === null ? 'conditional' : `day ${inject.day}`}`,
          inject.added ? ' · added' : '',
        ),
        el('div', {}, inject.text),
        inject.expect && inject.expect.length > 0
          ? el('div', { class: 'note' }, `Expect: ${inject.expect.join(' ')}`)
          : null,
        el(
          'div',
          { class: 'row' },
          actions[inject.status].map((action) =>
            el(
              'button',
              {
                type: 'button',
                class: 'small',
                'data-testid': `inject-${action}`,
                disabled: ended,
                onclick: () => command(exercise, { type: `inject.${action}`, inject: inject.id }),
              },
              action,
            ),
          ),
          el(
            'button',
            {
              type: 'button',
              class: 'small secondary',
              'aria-label': `Move ${inject.id} up`,
              'data-testid': 'inject-up',
              disabled: ended || index === 0,
              onclick: () => move(index, -1),
            },
            '↑',
          ),
          el(
            'button',
            {
              type: 'button',
              class: 'small secondary',
              'aria-label': `Move ${inject.id} down`,
              'data-testid': 'inject-down',
              disabled: ended || index === view.injects.length - 1,
              onclick: () => move(index, 1),
            },
            '↓',
          ),
        ),
      ),
    ),
  );
  fill(
    byId('contingency'),
    view.contingency.length === 0
      ? el('li', { class: 'empty' }, 'No contingency injects left to add.')
      : view.contingency.map((c) =>
          el(
            'li',
            { class: 'inject', 'data-testid': 'contingency-inject', 'data-inject': c.id },
            el('div', { class: 'meta' }, c.id),
            el('div', {}, c.text),
            el('div', { class: 'note' }, `Use: ${c.use}`),
            el(
              'button',
              {
                type: 'button',
                class: 'small',
                'data-testid': 'add-contingency',
                disabled: ended,
                onclick: () => command(exercise, { type: 'inject.add', contingency: c.id }),
              },
              'add',
            ),
          ),
        ),
  );
  const by = /** @type {HTMLSelectElement} */ (byId('custom-by'));
  const actors = [...new Set(view.seats.flatMap((s) => s.actors))].sort();
  if ([...by.options].map((o) => o.value).join(' ') !== actors.join(' ')) {
    const before = by.value;
    fill(
      by,
      actors.map((a) => el('option', { value: a }, a)),
    );
    if (actors.includes(before)) by.value = before;
  }
}

/**
 * A value typed in the custom form: a number, true, false, null, or else the text.
 * @param {string} text
 * @returns {string | number | boolean | null}
 */
function value(text) {
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (text === 'null') return null;
  if (text !== '' && Number.isFinite(Number(text))) return Number(text);
  return text;
}

/**
 * Wires the custom inject form to the selected exercise.
 * @param {() => string | null} exercise
 * @param {(message: string) => void} complain
 */
export function wireCustomInject(exercise, complain) {
  byId('custom-inject').addEventListener('submit', async (e) => {
    e.preventDefault();
    const id = exercise();
    if (!id) return;
    /** @param {string} name */
    const field = (name) => /** @type {HTMLInputElement} */ (byId(name)).value.trim();
    /** @type {Record<string, unknown>} */
    const move = { type: field('custom-type'), by: field('custom-by') };
    for (const line of field('custom-fields').split('\n')) {
      if (line.trim() === '') continue;
      const at = line.indexOf('=');
      if (at < 1) {
        complain(`Write each field as key=value, one per line; "${line.trim()}" has no "=".`);
        return;
      }
      move[line.slice(0, at).trim()] = value(line.slice(at + 1).trim());
    }
    const inject = { id: field('custom-id'), text: field('custom-text'), move };
    if (await command(id, { type: 'inject.add', inject })) {
      for (const name of ['custom-id', 'custom-text', 'custom-type', 'custom-fields']) {
        /** @type {HTMLInputElement} */ (byId(name)).value = '';
      }
    }
  });
}
