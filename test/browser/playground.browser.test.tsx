import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { Playground } from '../../src/web/playground.js';
import '../../src/web/styles.css';

let root: Root;
let host: HTMLElement;

beforeEach(() => {
  host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
  root.render(<Playground />);
});

afterEach(() => {
  root.unmount();
  host.remove();
});

const lit = () =>
  [...document.querySelectorAll('[data-testid="statechart"] g.state.leaf.active')].map((g) =>
    g.getAttribute('data-state'),
  );

describe('the playground', () => {
  it('should load the flagship and light its initial states for the first day', async () => {
    await expect
      .element(page.getByText(/^Format Week: the fight over the Karabakh mediation format/))
      .toBeVisible();
    await expect.element(page.getByText('Day 1 of 20: 25 Nov 2020')).toBeVisible();
    await expect.element(page.getByTestId('statechart')).toBeVisible();
    await expect.poll(lit).toContain('world.talks.dormant');
    expect(lit()).toContain('world.status.limbo');
    await expect.element(page.getByRole('link', { name: 'https://tass.com/world/1228017' })).toBeVisible();
  });

  it("should draw a composed world's own statechart: the river dam has a dam and no ceasefire", async () => {
    await userEvent.selectOptions(
      page.getByRole('combobox', { name: 'Shipped scenario' }),
      'examples/worlds/river-dam.yaml',
    );
    await expect.element(page.getByText(/^River dam: filling a reservoir/)).toBeVisible();
    await expect.poll(lit).toContain('world.dam.planned');
    const states = [...document.querySelectorAll('[data-testid="statechart"] g.state')].map((g) =>
      g.getAttribute('data-state'),
    );
    expect(states).toContain('world.notification.notified');
    expect(states.filter((s) => /hostilities|monitoring|access/.test(s ?? ''))).toEqual([]);
  });

  it('should step a day forward and back, with the statechart and timeline following', async () => {
    // On 3 Dec 2020 (day 9) the co-chair countries' joint statement urges talks under their format.
    await userEvent.fill(page.getByRole('slider', { name: 'Day of the run' }), '7');
    await expect.element(page.getByText('Day 8 of 20: 2 Dec 2020')).toBeVisible();
    await expect.poll(lit).toContain('world.talks.dormant');
    await userEvent.click(page.getByRole('button', { name: 'Day forward' }));
    await expect.element(page.getByText('Day 9 of 20: 3 Dec 2020')).toBeVisible();
    await expect.poll(lit).toContain('world.talks.urged');
    await expect.element(page.getByText('talks: dormant → urged').first()).toBeVisible();
    await userEvent.click(page.getByRole('button', { name: 'Day back' }));
    await expect.element(page.getByText('Day 8 of 20: 2 Dec 2020')).toBeVisible();
    await expect.poll(lit).toContain('world.talks.dormant');
  });

  it("should show a what-if's refused move with its rule", async () => {
    await userEvent.click(page.getByRole('radio', { name: 'france-recognises' }));
    await userEvent.fill(page.getByRole('slider', { name: 'Day of the run' }), '19');
    await expect.element(page.getByText('Day 20 of 20: 14 Dec 2020')).toBeVisible();
    const refusal = page
      .getByText(/refused under R4: Azerbaijan does not accept France as a mediator/)
      .first();
    await expect.element(refusal).toBeVisible();
  });

  it('should report a mistake in the edited YAML at its line', async () => {
    const editor = page.getByRole('textbox', { name: 'Scenario YAML' });
    await expect.element(editor).toBeVisible();
    const text = (editor.element() as HTMLTextAreaElement).value;
    const broken = text.replace('policy: rules', 'policy: rulez');
    const line = text.slice(0, text.indexOf('policy: rules')).split('\n').length;
    await userEvent.fill(editor, broken);
    const problems = page.getByRole('list', { name: 'Problems' });
    await expect.element(problems).toBeVisible();
    await expect.element(problems.getByText(new RegExp(`^${line}:\\d+: .*rulez`))).toBeVisible();
    await userEvent.fill(editor, text);
    await expect.element(page.getByText('✓ valid')).toBeVisible();
  });

  it('should run a batch in a web worker and chart it', async () => {
    await userEvent.fill(page.getByRole('spinbutton', { name: 'Runs' }), '40');
    await userEvent.click(page.getByRole('button', { name: 'Run batch' }));
    await expect.element(page.getByText(/^40 runs in/), { timeout: 30_000 }).toBeVisible();
    const chart = page.getByTestId('batch-chart');
    await expect.poll(() => chart.element().querySelector('svg')).not.toBeNull();
    // The outcome texts label the bars, wrapped over several lines of the y axis.
    const labels = () =>
      [...chart.element().querySelectorAll('[aria-label="y-axis tick label"] text')]
        .map((t) => [...t.querySelectorAll('tspan')].map((l) => l.textContent).join(' ') || t.textContent)
        .join('\n');
    await expect.poll(labels).toMatch(/talks under the co-chairs were urged\s+but never convened/);
  });

  it('should play Azerbaijan: make a legal move, see it in the news, ask why a move is refused, undo', async () => {
    await userEvent.click(page.getByRole('tab', { name: 'Play an actor' }));
    await expect.element(page.getByRole('heading', { name: 'Play as Azerbaijan' })).toBeVisible();
    await expect.element(page.getByText('Day 1: 25 Nov 2020')).toBeVisible();
    await userEvent.selectOptions(
      page.getByRole('combobox', { name: 'Legal moves' }),
      'Azerbaijan demands that France be excluded as a mediator',
    );
    await userEvent.click(page.getByRole('button', { name: 'Add move' }));
    await userEvent.click(page.getByRole('button', { name: 'End the day with 1 move(s)' }));
    await expect.element(page.getByText('Day 2: 26 Nov 2020')).toBeVisible();
    const news = page.getByRole('list', { name: 'News' });
    await expect
      .element(news.getByText('Azerbaijan demands that France be excluded as a mediator'))
      .toBeVisible();

    await userEvent.selectOptions(
      page.getByRole('combobox', { name: 'Moves the rules refuse now' }),
      'Azerbaijan convenes talks',
    );
    await userEvent.click(page.getByRole('button', { name: 'Why not?' }));
    await expect
      .element(page.getByRole('status', { name: 'Why not' }))
      .toHaveTextContent(/refused under R2 .*Azerbaijan is not a mediator of the OSCE Minsk Group co-chairs/);

    await userEvent.click(page.getByRole('button', { name: 'Try it anyway' }));
    await userEvent.click(page.getByRole('button', { name: 'End the day with 1 move(s)' }));
    await expect.element(page.getByText('Day 3: 27 Nov 2020')).toBeVisible();
    await expect.element(news.getByText(/refused under R2/)).toBeVisible();

    await userEvent.click(page.getByRole('button', { name: 'Undo the last day' }));
    await expect.element(page.getByText('Day 2: 26 Nov 2020')).toBeVisible();
    await expect.poll(lit).toContain('world.format.composition.exclusionDemanded');
  });
});
