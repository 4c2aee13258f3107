import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LineCounter, parseDocument } from 'yaml';
import {
  isScenarioIssueCode,
  renderIssues,
  type ScenarioIssue,
  scenarioIssueCodes,
} from '../../../src/scenario/issues.js';
import { createLocator } from '../../../src/scenario/locate.js';
import { loadScenarioSync } from '../../../src/scenario/read-file.js';
import { issuesOf } from '../../support/issues.js';

const dir = 'test/fixtures/invalid';
const fixtures = readdirSync(dir).filter((f) => f.endsWith('.yaml'));

/** The places a path can name in `file`: its value, and its last key. */
function placesOf(file: string, path: ScenarioIssue['path']): string[] {
  const lines = new LineCounter();
  const locator = createLocator(
    file,
    parseDocument(readFileSync(file, 'utf8'), { lineCounter: lines }),
    lines,
  );
  const at = locator.at(path);
  const places = [`${at.line}:${at.col}`];
  if (path.length > 0) {
    const key = locator.key(path.slice(0, -1), String(path.at(-1)));
    places.push(`${key.line}:${key.col}`);
  }
  return places;
}

describe('scenarioIssueCodes', () => {
  it('should list each code once, namespaced as area/kebab-case', () => {
    expect(new Set(scenarioIssueCodes).size).toBe(scenarioIssueCodes.length);
    for (const code of scenarioIssueCodes) expect(code).toMatch(/^[a-z]+\/[a-z]+(-[a-z]+)*$/);
  });

  it('should tell codes from other strings', () => {
    expect(isScenarioIssueCode('name/unknown-actor')).toBe(true);
    expect(isScenarioIssueCode('unknown actor')).toBe(false);
  });
});

describe('ScenarioIssue', () => {
  it.each(fixtures)('should give %s a declared code and a path that locates where it is reported', (name) => {
    const file = `${dir}/${name}`;
    const issues = issuesOf(() => loadScenarioSync(file));
    expect(issues.length).toBeGreaterThan(0);
    for (const issue of issues) {
      expect(scenarioIssueCodes).toContain(issue.code);
      expect(issue.file).toBe(file);
      // In these fixtures, only a problem of the YAML text itself has no place in the data.
      if (issue.path.length === 0) expect(issue.code).toMatch(/^yaml\//);
      else expect(placesOf(file, issue.path)).toContain(`${issue.line}:${issue.col}`);
    }
  });

  it('should render as file:line:col: message, without the code or the path', () => {
    const issue: ScenarioIssue = {
      file: 'tiny.yaml',
      line: 20,
      col: 9,
      code: 'name/unknown-actor',
      path: ['injects', 0, 'by'],
      message: 'unknown actor `azerbajan` (did you mean `azerbaijan`?)',
    };
    expect(renderIssues([issue, { ...issue, line: 21 }])).toMatchInlineSnapshot(`
      "tiny.yaml:20:9: unknown actor \`azerbajan\` (did you mean \`azerbaijan\`?)
      tiny.yaml:21:9: unknown actor \`azerbajan\` (did you mean \`azerbaijan\`?)"
    `);
  });
});
