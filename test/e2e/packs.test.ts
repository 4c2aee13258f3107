import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { explore } from '../../src/explore/explore.js';
import { answerOf } from '../../src/explore/question.js';
import { createPlaySession } from '../../src/play/play.js';
import { loadScenarioSync } from '../../src/scenario/read-file.js';
import type { Scenario } from '../../src/scenario/scenario.js';
import { runScenario } from '../../src/sim/run-scenario.js';

// Every pack under scenarios/ is held to one bar: it validates, it is sourced, its what-ifs change
// something, its questions have the answers they state, and it has a teaching page.

const yamlIn = (dir: string): string[] =>
  existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.yaml'))
        .sort()
        .map((f) => join(dir, f))
    : [];

interface Pack {
  readonly name: string;
  readonly main: string;
  readonly whatIfFiles: readonly string[];
  readonly questionFiles: readonly string[];
}

const packs: Pack[] = readdirSync('scenarios', { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => {
    const dir = join('scenarios', e.name);
    const mains = yamlIn(dir).filter((f) => !('extends' in (parse(readFileSync(f, 'utf8')) ?? {})));
    expect(mains, `${dir} has one main file (a file without extends:)`).toHaveLength(1);
    return {
      name: e.name,
      main: mains[0]!,
      whatIfFiles: yamlIn(join(dir, 'what-ifs')),
      questionFiles: yamlIn(join(dir, 'questions')),
    };
  });

const allFiles = (p: Pack) => [p.main, ...p.whatIfFiles, ...p.questionFiles];

/** The replay's outcome in a form that shows any difference a what-if makes. */
const outcomeOf = (scenario: Scenario, whatIf?: string) => {
  const { outcome } = runScenario(scenario, { whatIf, engine: 'kernel' });
  return JSON.stringify({ regions: outcome.regions, story: outcome.story, outcomes: outcome.outcomes });
};

describe.each(packs)('the $name pack', (pack) => {
  const main = loadScenarioSync(pack.main);

  it('should validate every file, and declare the regions its world has', () => {
    for (const file of allFiles(pack)) expect(() => loadScenarioSync(file), file).not.toThrow();
    expect(parse(readFileSync(pack.main, 'utf8')).regions, `${pack.main} declares regions:`).toBeDefined();
  });

  it('should cite an http(s) source on every historical inject, in every file', () => {
    for (const file of allFiles(pack)) {
      for (const inject of loadScenarioSync(file).data.injects) {
        if (inject.hypothetical) continue;
        expect(inject.source, `${file}: inject ${inject.id}`).toMatch(/^https?:\/\//);
      }
    }
  });

  it('should have outcomes, invariants and at least three what-ifs that each change the outcome', () => {
    expect(Object.keys(main.data.outcomes).length).toBeGreaterThan(0);
    expect(main.data.invariants.length).toBeGreaterThan(0);
    const replay = outcomeOf(main);
    const named = Object.keys(main.data.whatIfs).map(
      (w) => [`${pack.main} --what-if ${w}`, main, w] as const,
    );
    const files = pack.whatIfFiles.map((f) => [f, loadScenarioSync(f), undefined] as const);
    const whatIfs = [...named, ...files];
    expect(whatIfs.length, 'what-ifs').toBeGreaterThanOrEqual(3);
    for (const [label, scenario, whatIf] of whatIfs)
      expect(outcomeOf(scenario, whatIf), `${label} changes the outcome of the replay`).not.toBe(replay);
  });

  it('should give every question the answer it states, within its depth', () => {
    expect(pack.questionFiles.length, 'question files').toBeGreaterThanOrEqual(2);
    for (const file of pack.questionFiles) {
      const scenario = loadScenarioSync(file);
      const question = scenario.data.question;
      expect(question, `${file} states its question in question:`).toBeDefined();
      if (!question) continue;
      const result = explore(scenario, { actors: question.actors, depth: question.depth, engine: 'kernel' });
      const answer = answerOf(question, result);
      expect(answer.answer, `${file}: ${answer.sentence}`).toBe(question.answer);
    }
  });

  it('should let a student play every actor that has a brief, with a move of its own on some day', () => {
    const roles = Object.keys((main.data as { briefs?: object }).briefs ?? {});
    expect(roles.length, `${pack.main} has briefs`).toBeGreaterThan(0);
    for (const as of roles) {
      let session = createPlaySession(main, { as });
      let moves = session.legalMoves().length;
      for (let day = 0; day < 400 && moves === 0 && !session.finished; day++) {
        session = session.play([]);
        moves = session.finished ? 0 : session.legalMoves().length;
      }
      expect(moves, `${as} in ${pack.main} has a legal move`).toBeGreaterThan(0);
    }
  });

  it('should have a teaching page linked from the trainers guide', () => {
    const page = join('docs', 'packs', `${pack.name === 'karabakh' ? 'karabakh-2020' : pack.name}.md`);
    expect(existsSync(page), page).toBe(true);
    expect(readFileSync('docs/trainers.md', 'utf8')).toContain(page.replace('docs/', ''));
  });
});
