import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sourceLink } from '../../../src/report/brief-html.js';
import { briefKit } from '../../../src/report/brief-kit.js';
import { parseScenario } from '../../../src/scenario/parse.js';
import { loadScenarioSync } from '../../../src/scenario/read-file.js';
import { runScenario } from '../../../src/sim/run-scenario.js';

const fixture = 'test/fixtures/briefs/format-week-kit.yaml';
/** Every scenario file under scenarios/, so that a new pack's kit is built without touching this test. */
const shipped = (readdirSync('scenarios', { recursive: true }) as string[])
  .filter((f) => /\.ya?ml$/.test(f))
  .map((f) => join('scenarios', f))
  .sort();
const kit = briefKit(runScenario(loadScenarioSync(fixture)));
const file = (name: string, files = kit) => {
  const found = files.find((f) => f.name === name);
  if (!found) throw new Error(`no ${name} in ${files.map((f) => f.name).join(', ')}`);
  return found.html;
};
/** The text a reader sees: tags dropped, entities decoded, white space collapsed. */
const text = (html: string) =>
  html
    .replace(/<style>[\s\S]*?<\/style>/, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');

describe('briefKit', () => {
  it('should give an index, a brief per role, the public sheet, the inject list and the debrief', () => {
    expect(kit.map((f) => f.name)).toEqual([
      'index.html',
      'role-azerbaijan.html',
      'role-armenia.html',
      'role-france.html',
      'public.html',
      'facilitator.html',
      'debrief.html',
    ]);
    const index = file('index.html');
    for (const f of kit.slice(1)) expect(index).toContain(`<a href="${f.name}">`);
  });

  it("should put a role's public brief first, and its confidential brief and objectives on a page of their own", () => {
    const role = file('role-azerbaijan.html');
    const shown = text(role);
    expect(shown).toContain('Azerbaijan won the autumn war');
    expect(shown).toContain('Confidential: for Azerbaijan only');
    expect(shown).toContain('Recognition of the de facto government by a mediator');
    expect(shown).toContain('“Turkey should be at the negotiating table” Ilham Aliyev, 14 Oct 2020');
    expect(shown).toContain('Do you back your parliament');
    expect(shown).toContain('Keep status off the agenda');
    expect(role.indexOf('Azerbaijan won')).toBeLessThan(role.indexOf('class="part confidential"'));
    expect(role).toMatch(/\.confidential\{break-before:page\}/);
    expect(role).toContain(
      'href="https://www.urdupoint.com/en/world/azerbaijani-leader-says-turkey-should-be-at-k-1056430.html"',
    );
  });

  it("should keep every role's confidential brief off the public sheet", () => {
    const sheet = text(file('public.html'));
    expect(sheet).toContain('Armenia signed the ceasefire');
    expect(sheet).toContain('France co-chairs the Minsk Group');
    expect(sheet).not.toContain('Turkey should be at the negotiating table');
    expect(sheet).not.toContain('Keep the format');
  });

  it('should list every inject in the order it fires, in words, with its source, expected actions and objectives', () => {
    const list = text(file('facilitator.html'));
    const order = [
      'senate-vote',
      'majlis-demand',
      'french-mfa-non-recognition',
      'co-chairs-joint-statement',
      'un-sg-statement',
      'osce-consults',
    ];
    const at = order.map((id) => list.indexOf(`( ${id} )`));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(list).toContain('1. 25 Nov 2020 · The French Senate');
    expect(list).toContain(
      "The Milli Majlis (Azerbaijan's parliament) demands that France be excluded as a mediator",
    );
    expect(list).toContain(
      "Expected player actions: Armenia backs the co-chairs' format The co-chairs answer together",
    );
    expect(list).toContain('LO2 : A party can demand that a mediator go, but cannot remove it.');
    expect(list).toContain('Conditional: on the first day that {in: {composition: exclusionDemanded}} holds');
    expect(list).toContain('Hypothetical: no source');
    expect(list).toContain('Release when: When no player raises Turkey');
    expect(list).toContain('Turkey proposes a new format: the Russia-Turkey-Armenia-Azerbaijan format');
    expect(list.indexOf('Contingency injects')).toBeGreaterThan(list.indexOf('(osce-consults)'));
  });

  it('should set the record beside what the run produced', () => {
    const debrief = text(file('debrief.html'));
    expect(debrief).toContain('Who decided whether France stayed a mediator, and how?');
    expect(debrief).toContain('The 9/10 Nov statement behind the ceasefire was brokered by Russia alone.');
    expect(debrief).toContain('Reached Talks urged under the co-chairs');
    expect(debrief).toMatch(/replay format-week-kit@[0-9a-f]{16}#seed=2020;engine=kernel/);
  });

  it("should build a what-if's kit from the branch: its notes, its hot wash, its run", () => {
    const branch = briefKit(runScenario(loadScenarioSync(fixture), { whatIf: 'france-recognises' }));
    const list = text(file('facilitator.html', branch));
    expect(list).toContain('France recognises the de facto Nagorno-Karabakh government');
    expect(list).toContain('Azerbaijan withdraws its consent to France as a mediator');
    const debrief = text(file('debrief.html', branch));
    expect(debrief).toContain(
      'Could the co-chairs still convene the parties once France had recognised Karabakh?',
    );
    expect(debrief).toContain("This run is the what-if France's government recognises Karabakh");
    expect(debrief).toContain('Recognitions France recognises the de facto Nagorno-Karabakh government');
  });

  it('should write one role only when asked, and refuse a role without a brief', () => {
    const one = briefKit(runScenario(loadScenarioSync(fixture)), { as: 'france' });
    expect(one.map((f) => f.name)).toEqual([
      'index.html',
      'role-france.html',
      'public.html',
      'facilitator.html',
      'debrief.html',
    ]);
    expect(() => briefKit(runScenario(loadScenarioSync(fixture)), { as: 'usa' })).toThrow(
      'briefKit: `usa` has no brief; roles with briefs: azerbaijan, armenia, france',
    );
  });

  it('should still give the inject list and the debrief for a pack without briefs, and say so', () => {
    const bare = briefKit(runScenario(loadScenarioSync('examples/worlds/river-dam.yaml')));
    expect(bare.map((f) => f.name)).toEqual(['index.html', 'facilitator.html', 'debrief.html']);
    expect(text(file('index.html', bare))).toContain('This pack has no role briefs');
    const list = text(file('facilitator.html', bare));
    expect(list).toContain('Upland starts filling the reservoir');
    expect(list).toContain('This pack declares no learning objectives');
    expect(text(file('debrief.html', bare))).toContain('This pack records no history for the debrief');
  });

  it('should escape every text from the scenario, and link only http(s) sources', () => {
    const hostile = readFileSync(fixture, 'utf8')
      .replace('id: format-week-kit', 'id: hostile')
      .replace(
        'title: "Format Week, trimmed: who may mediate after France\'s Senate vote"',
        'title: "<script>alert(1)</script>"',
      )
      .replace('public: France co-chairs', 'public: <img src=x onerror=alert(1)> France co-chairs')
      .replace(
        'text: Turkey proposes four-party talks, with itself and Russia as mediators.',
        `text: '" onmouseover="alert(1) Turkey proposes talks.'`,
      );
    const files = briefKit(runScenario(parseScenario(hostile, 'hostile.yaml')));
    for (const f of files) {
      expect(f.html).not.toContain('<script>');
      expect(f.html).not.toContain('<img');
      expect(f.html).not.toContain('" onmouseover="');
      expect(f.html).not.toContain('href="javascript:');
    }
    expect(file('public.html', files)).toContain('&lt;img src=x onerror=alert(1)&gt; France co-chairs');
    expect(file('facilitator.html', files)).toContain(
      '&quot; onmouseover=&quot;alert(1) Turkey proposes talks.',
    );
    // Scenario sources are checked as URLs; one that is not http(s) would still never become a link.
    expect(sourceLink('javascript:alert(1)')).toBe('<span>javascript:alert(1)</span>');
    expect(sourceLink('https://tass.com/world/1228017')).toBe(
      '<a href="https://tass.com/world/1228017">tass.com</a>',
    );
  });

  it.each(shipped)('should build the kit of %s, a brief for each role with one', (name) => {
    const run = runScenario(loadScenarioSync(name));
    const files = briefKit(run);
    const roles = Object.keys(run.scenario.data.briefs ?? {});
    expect(files.filter((f) => f.name.startsWith('role-'))).toHaveLength(roles.length);
    for (const f of files) expect(f.html).toMatch(/^<!doctype html>[\s\S]*<\/html>\n$/);
  });
});
