import { describe, expect, it } from 'vitest';
import { compare } from '../../../src/batch/compare.js';
import { renderComparison } from '../../../src/report/compare-report.js';
import { narrate } from '../../../src/report/render.js';
import { labelled, textWidth, wrapText } from '../../../src/report/text-width.js';
import { loadScenarioSync } from '../../../src/scenario/read-file.js';
import { runScenario } from '../../../src/sim/run-scenario.js';

const flagship = loadScenarioSync('scenarios/karabakh/format-week-2020.yaml');
const words = (text: string) => text.split(/\s+/).filter((w) => w !== '');
/** Lines wider than `width`, but for one unbreakable word (a source URL, the replay token). */
const tooWide = (text: string, width: number) =>
  text.split('\n').filter((l) => l.length > width && !/^ *(source: )?\S+$/.test(l));

describe('text output that fits the width', () => {
  const result = runScenario(flagship);

  it('should narrate a run within any width from 40 to 160, losing and breaking no word', () => {
    const wide = narrate(result, { width: 160 });
    for (const width of [40, 60, 80, 100, 160]) {
      const text = narrate(result, { width });
      expect(tooWide(text, width), `width ${width}`).toEqual([]);
      expect(words(text)).toEqual(words(wide));
    }
    // 80 columns unless told otherwise, as a pipe or a file gets.
    expect(narrate(result)).toBe(narrate(result, { width: 80 }));
    // Some line of the flagship uses the room a wide terminal gives.
    expect(
      Math.max(
        ...narrate(result, { width: 160 })
          .split('\n')
          .filter((l) => !l.includes('source:'))
          .map((l) => l.length),
      ),
    ).toBeGreaterThan(100);
  });

  it('should hold absurd widths to between 40 and 160 columns', () => {
    expect([
      textWidth(undefined),
      textWidth(Number.NaN),
      textWidth(3),
      textWidth(10_000),
      textWidth(99.7),
    ]).toEqual([80, 80, 40, 160, 99]);
  });

  it('should put a label on a line of its own when the labels leave no room for the text', () => {
    expect(labelled([['A very long label indeed', 'one two three four five six']], 40)).toEqual([
      '  A very long label indeed',
      '      one two three four five six',
    ]);
    expect(labelled([['Short', 'one two three four five six seven eight nine']], 40)).toEqual([
      '  Short  one two three four five six',
      '         seven eight nine',
    ]);
  });

  it('should never break a word longer than the line', () => {
    const url = `https://example.org/${'x'.repeat(60)}`;
    expect(wrapText(`    source: ${url} and more`, 40, '    ')).toEqual([
      '    source:',
      `    ${url}`,
      '    and more',
    ]);
  });

  it('should fit a comparison to the width, its tables becoming one row per outcome when narrow', async () => {
    const c = await compare(flagship, { whatIfs: ['france-recognises'], runs: 6, workers: 0 });
    const narrow = renderComparison(c, 'text', 60);
    expect(tooWide(narrow, 60)).toEqual([]);
    expect(narrow).toContain(
      '\n  Outcome\n  - In this run, the parties sat in talks under the Minsk\n    Group co-chairs\n',
    );
    expect(narrow).toMatch(
      /\n {6}base: 0\.0% · france-recognises: 100\.0% ·\n {6}change \(95% CI\): \+100\.0 pts/,
    );
    // In colour, every wrapped line of a row whose change holds is bold, and the words are the same.
    const coloured = renderComparison(c, 'text', 60, { colour: true });
    const sgr = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');
    expect(coloured.replace(sgr, '')).toBe(narrow);
    expect(coloured).toContain(
      '\u001b[1m      base: 0.0% · france-recognises: 100.0% ·\u001b[22m\n\u001b[1m      change (95% CI): +100.0 pts',
    );
    const wide = renderComparison(c, 'text', 160);
    expect(tooWide(wide, 160)).toEqual([]);
    expect(wide).toMatch(
      /\n {2}In this run, a demand to exclude France stands at the end +0\.0% +100\.0% +\+100\.0 pts/,
    );
  });
});
