import { describe, expect, it } from 'vitest';
import { narrate, replayToken } from '../../../src/report/render.js';
import { loadScenarioSync } from '../../../src/scenario/read-file.js';
import { runScenario } from '../../../src/sim/run-scenario.js';

const flagship = loadScenarioSync('scenarios/karabakh/format-week-2020.yaml');
const historical = runScenario(flagship);
const recognition = runScenario(flagship, { whatIf: 'france-recognises' });

interface JsonReport {
  scenario: { id: string; title: string; hash: string; whatIf: string | null };
  seed: number;
  engine: string;
  replay: string;
  timeline: {
    date: string;
    actor: string;
    actorName: string;
    text: string;
    accepted: boolean;
    refusal?: { rule: string; ruleText: string; reason: string };
    sources: string[];
    changes: string[];
  }[];
  outcome: { outcomes: { id: string; text: string; reached: boolean }[]; regions: Record<string, string> };
  world: unknown;
}

describe('narrate', () => {
  describe('text', () => {
    const text = narrate(historical);
    /** On a wide terminal, where a header or an outcome line is one line. */
    const wide = narrate(historical, { width: 160 });
    /** The text with line breaks and padding collapsed, so checks do not depend on the layout. */
    const flat = (s: string) => s.replace(/\s+/g, ' ');

    it('should be the default format', () => {
      expect(narrate(historical, { format: 'text' })).toBe(text);
    });

    it('should open with the title, the dates, the seed and the replay token', () => {
      const [title, meta] = wide.split('\n');
      expect(title).toBe(flagship.data.title);
      expect(meta).toBe(
        `25 Nov 2020 to 14 Dec 2020 · seed ${flagship.data.seed} · replay ${replayToken(historical)}`,
      );
    });

    it('should date the timeline, name the actors and cite the sources', () => {
      const body = text.slice(0, text.indexOf('\nOutcome\n'));
      expect(body).toMatch(/^25 Nov 2020\b/m);
      expect(body).toMatch(/^4 Dec 2020\b/m);
      expect(body).toMatch(/^ *source: https:\/\/tass\.com\/world\/1228017$/m);
      expect(flat(body)).toContain('the French Senate');
      expect(flat(body)).toContain('The French Senate adopts a non-binding resolution');
      expect(flat(body)).toContain('the UN Secretary-General');
      expect(body).toContain('→ talks: dormant → urged');
      expect(flat(body)).toContain(
        'Armenia calls it the first breach of point 1 of the trilateral statement.',
      );
    });

    it('should show each date once', () => {
      expect(text.match(/^(?:.*\s)?26 Nov 2020\b/gm)).toHaveLength(1);
    });

    it('should end with the outcome lines', () => {
      const outcome = wide.slice(wide.indexOf('\nOutcome\n'));
      expect(outcome).toMatch(
        /^ +Minsk Group talks +urged \(urged by Russia, the United States, France, the UN Secretary-General under the OSCE Minsk Group co-chairs\); never convened$/m,
      );
      expect(outcome).toMatch(/^ +Status \(model\) +limbo$/m);
      expect(outcome).toMatch(
        /^ +Reached +In this run, talks under the co-chairs were urged but never convened$/m,
      );
      expect(outcome).toMatch(/^ +Reached +In this run, the ceasefire holds at the end$/m);
      expect(outcome).toMatch(/^ +Not reached +In this run, France was excluded from the co-chairs$/m);
      expect(outcome).toMatch(/^ +Moves +\d+ attempted, \d+ accepted, \d+ refused/m);
      expect(text.endsWith('\n')).toBe(true);
      // At 80 columns, the same lines wrap their text under itself.
      expect(text).toMatch(/^ {2}Minsk Group talks {4}urged \(urged by Russia, .*\n {23}\S/m);
    });

    it('should mark a refused move and show the rule that refused it', () => {
      const out = narrate(recognition, { width: 160 });
      expect(out.split('\n')[0]).toBe(
        `${flagship.data.title} — what if: ${flagship.data.whatIfs['france-recognises']?.title}`,
      );
      expect(out).toMatch(/^.*✗.*the United States: The co-chairs try to convene the parties\./m);
      expect(flat(out)).toContain('refused under R4: Azerbaijan does not accept France as a mediator');
      expect(out).toMatch(/^ +Recognitions +France recognises the de facto Nagorno-Karabakh government$/m);
      // The three co-chairs' calls are each refused (R4, R14: they act jointly).
      expect(out).toMatch(/^ +Moves +.*refused \(R4×3\)$/m);
    });

    it('should give every refused move, and only those, a refusal line', () => {
      for (const result of [historical, recognition]) {
        const out = narrate(result);
        const refused = result.trace.filter((e) => !e.accepted).length;
        expect(out.match(/✗/g)?.length ?? 0).toBe(refused);
        expect(out.match(/refused under R\d+:/g)?.length ?? 0).toBe(refused);
      }
    });
  });

  describe('md', () => {
    const md = narrate(historical, { format: 'md' });

    it('should render a titled table with linked sources', () => {
      expect(md.startsWith(`# ${flagship.data.title}\n`)).toBe(true);
      expect(md).toContain('| date | actor | what happened | effect | source |');
      expect(md).toMatch(
        /^\| 25 Nov 2020 \| the French Senate \| The French Senate adopts .* \| {2}\| \[1\]\(https:\/\/tass\.com\/world\/1228017\) \[2\]\(https:\/\/jam-news\.net\/[^)]+\) \|$/m,
      );
      expect(md).toContain('| 4 Dec 2020 | the UN Secretary-General |');
    });

    it('should end with the outcome as a list', () => {
      expect(md).toContain('\n## Outcome\n');
      expect(md).toContain(
        '- **Minsk Group talks**: urged (urged by Russia, the United States, France, the UN Secretary-General under the OSCE Minsk Group co-chairs); never convened',
      );
      expect(md).toContain(
        '- **Reached**: In this run, talks under the co-chairs were urged but never convened',
      );
      expect(md).toContain('- **Not reached**: In this run, France was excluded from the co-chairs');
    });

    it('should strike through a refused move and name its rule', () => {
      const out = narrate(recognition, { format: 'md' });
      expect(out).toContain(
        '~~The co-chairs try to convene the parties.~~ **refused under R4**: Azerbaijan does not accept France as a mediator',
      );
    });

    it('should escape pipes inside cells', () => {
      const rows = md.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| date'));
      for (const row of rows) expect(row.replace(/\\\|/g, '').split('|')).toHaveLength(7);
    });
  });

  describe('json', () => {
    const report = JSON.parse(narrate(historical, { format: 'json' })) as JsonReport;

    it('should describe the scenario, the seed and the replay token', () => {
      expect(report.scenario).toEqual({
        id: 'format-week-2020',
        title: flagship.data.title,
        hash: flagship.hash,
        whatIf: null,
      });
      expect(report.seed).toBe(flagship.data.seed);
      expect(report.engine).toBe('kernel');
      expect(report.replay).toBe(replayToken(historical));
    });

    it('should carry the timeline with dates, actor names and sources', () => {
      const senate = report.timeline[0];
      expect(senate).toMatchObject({
        date: '2020-11-25',
        actor: 'france.senate',
        actorName: 'the French Senate',
        accepted: true,
      });
      expect(senate?.sources).toContain('https://tass.com/world/1228017');
      // The co-chair countries' joint statement of 3 Dec is the first to urge talks, before the UN.
      expect(report.timeline.find((i) => i.changes.length > 0)?.changes).toEqual(['talks: dormant → urged']);
    });

    it('should carry the named outcomes and the final region states', () => {
      const byId = Object.fromEntries(report.outcome.outcomes.map((o) => [o.id, o.reached]));
      expect(byId['talks-urged']).toBe(true);
      expect(byId['format-contested']).toBe(true);
      expect(byId['france-excluded']).toBe(false);
      expect(byId['status-limbo']).toBe(true);
      expect(report.outcome.regions.status).toBe('limbo');
      expect(report.world).toEqual(historical.world.value);
    });

    it('should carry a refusal with its rule, its code, the rule text and the reason, and the move refused', () => {
      const out = JSON.parse(narrate(recognition, { format: 'json' })) as JsonReport & {
        format: string;
        formatVersion: number;
      };
      expect([out.format, out.formatVersion]).toEqual(['auspices.run', 1]);
      expect(out.scenario.whatIf).toBe('france-recognises');
      const refused = out.timeline.filter((i) => !i.accepted);
      expect(refused).toHaveLength(3);
      expect((refused[0] as unknown as { move: object }).move).toEqual({ type: 'talks.convene', by: 'usa' });
      expect(refused[0]?.refusal).toEqual({
        rule: 'R4',
        code: 'consent/mediator-not-accepted',
        ruleText:
          'Mediation and monitoring need the consent of the states concerned: talks convene only under mediators both parties accept.',
        reason: 'Azerbaijan does not accept France as a mediator',
      });
    });
  });
});

describe('replayToken', () => {
  it('should name the scenario, its hash, the seed and the engine', () => {
    expect(replayToken(historical)).toBe(
      `format-week-2020@${flagship.hash}#seed=${flagship.data.seed};engine=kernel`,
    );
  });

  it('should name the what-if of a branch and the seed given', () => {
    const branch = runScenario(flagship, { whatIf: 'france-recognises', seed: 7 });
    expect(replayToken(branch)).toBe(
      `format-week-2020@${branch.scenario.hash}+france-recognises#seed=7;engine=kernel`,
    );
    expect(branch.scenario.hash).not.toBe(flagship.hash);
  });
});
