import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Locator, page, userEvent } from 'vitest/browser';
import { Playground } from '../../src/web/playground.js';
import { workKey } from '../../src/web/saved-work.js';
import '../../src/web/styles.css';

let root: Root | null = null;
let host: HTMLElement;

/** A storage of its own for each test of the first group: one visit each. */
function memoryStorage() {
  const items = new Map<string, string>();
  return {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
  };
}

/** Open the page; the tests of work kept across visits use the browser's own localStorage. */
function open(storage?: ReturnType<typeof memoryStorage>) {
  host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
  root.render(<Playground storage={storage} />);
}

function close() {
  root?.unmount();
  root = null;
  host.remove();
}

afterEach(close);

const lit = () =>
  [...document.querySelectorAll('[data-testid="statechart"] g.state.leaf.active')].map((g) =>
    g.getAttribute('data-state'),
  );

describe('the playground', () => {
  beforeEach(() => open(memoryStorage()));

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
    const box = editor.element() as HTMLTextAreaElement;
    const text = box.value;
    // Type over one letter, as a user would: `policy: rules` becomes `policy: rulez`. (Filling the whole
    // 80 KB text at once costs the test driver about 10 s.)
    const at = text.indexOf('policy: rules') + 'policy: rule'.length;
    const line = text.slice(0, at).split('\n').length;
    box.focus();
    box.setSelectionRange(at, at + 1);
    await userEvent.keyboard('z');
    const problems = page.getByRole('list', { name: 'Problems' });
    await expect.element(problems).toBeVisible();
    await expect.element(problems.getByText(new RegExp(`^${line}:\\d+: .*rulez`))).toBeVisible();
    box.setSelectionRange(at, at + 1);
    await userEvent.keyboard('s');
    await expect.element(page.getByText('✓ valid')).toBeVisible();
    expect(box.value).toBe(text);
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

const editor = () => page.getByRole('textbox', { name: 'Scenario YAML' });
const editorText = () => (editor().element() as HTMLTextAreaElement).value;
const fetched = async (link: Locator) => (await fetch(link.element().getAttribute('href')!)).text();
const notes = () => page.getByRole('alert', { name: 'Notes' });

/** Open the river dam (a small file) and retitle it in the editor. */
async function editRiverDam() {
  await userEvent.selectOptions(
    page.getByRole('combobox', { name: 'Shipped scenario' }),
    'examples/worlds/river-dam.yaml',
  );
  await userEvent.fill(editor(), editorText().replace(/^title: .*$/m, 'title: "Our river dam"'));
  await expect.element(page.getByText(/^Our river dam/)).toBeVisible();
}

describe('the playground across visits', () => {
  // A visit is a mount of the page; a reload unmounts it and mounts it again on the same storage.
  beforeEach(() => {
    localStorage.clear();
    history.replaceState(null, '', `${location.pathname}${location.search}`);
  });

  it('should download the edited YAML and its run, and keep the edits and a game across a reload', async () => {
    open();
    await editRiverDam();
    const yaml = page.getByRole('link', { name: 'Download the YAML' });
    await expect.element(yaml).toHaveAttribute('download', 'river-dam.yaml');
    await expect.poll(() => fetched(yaml)).toMatch(/^title: "Our river dam"$/m);
    const run = page.getByRole('link', { name: 'JSON' });
    await expect.element(run).toHaveAttribute('download', 'river-dam-seed7.json');
    await expect.poll(async () => JSON.parse(await fetched(run)).scenario.title).toBe('Our river dam');
    await userEvent.click(page.getByRole('tab', { name: 'Play an actor' }));
    await userEvent.click(page.getByRole('button', { name: 'Pass the day' }));
    await expect.element(page.getByText('Day 2: 2 Mar 2030')).toBeVisible();

    close();
    open();
    await expect.element(page.getByText(/^Our river dam/)).toBeVisible();
    expect(editorText()).toMatch(/^title: "Our river dam"$/m);
    await expect.element(page.getByText('Day 2: 2 Mar 2030')).toBeVisible();
    await expect.element(page.getByText('Your game from your last visit, where you left it.')).toBeVisible();
  });

  it('should open a shared link on the text, seed and what-if it was made from', async () => {
    open();
    await editRiverDam();
    await userEvent.click(page.getByRole('radio', { name: 'lowland-stays' }));
    await userEvent.click(page.getByRole('button', { name: 'Share as a link' }));
    const input = page.getByRole('textbox', { name: 'Share link' });
    await expect.element(input).toBeVisible();
    const link = new URL((input.element() as HTMLInputElement).value);
    expect(link.hash).toMatch(/^#scenario=1\.[\w-]+$/);
    close();

    localStorage.clear();
    location.hash = link.hash;
    open();
    await expect.element(notes()).toHaveTextContent(/Opened the scenario shared in the link/);
    await expect.element(page.getByRole('radio', { name: 'lowland-stays' })).toBeChecked();
    await expect.element(page.getByText(/^Lowland stays at the table/)).toBeVisible();
    expect(editorText()).toMatch(/^title: "Our river dam"$/m);
    expect(location.hash).toBe('');
  });

  it('should say why kept work or a link cannot be opened, and show the flagship', async () => {
    localStorage.setItem(workKey, JSON.stringify({ version: 0, text: 'an older layout' }));
    location.hash = `#scenario=1.${'A'.repeat(200_000)}`;
    open();
    await expect.element(notes()).toHaveTextContent(/another version of the playground/);
    await expect.element(notes()).toHaveTextContent(/This link is too long to open/);
    await expect.element(page.getByText('Day 1 of 20: 25 Nov 2020')).toBeVisible();
    // A link pasted into the address bar of the open page.
    location.hash = '#scenario=1.qwertyuiop';
    await expect.element(notes()).toHaveTextContent(/This link is broken/);
    await expect.element(page.getByText('Day 1 of 20: 25 Nov 2020')).toBeVisible();
  });
});
