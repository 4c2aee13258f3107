import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { narrate } from '../../src/report/render.js';
import { loadScenarioSync } from '../../src/scenario/read-file.js';
import { runScenario } from '../../src/sim/run-scenario.js';

/**
 * The flagship's output, kept in golden files: any change to what a student reads (text) or a tool reads
 * (JSON) shows up here as a diff, to be made on purpose and listed in the CHANGELOG. After a deliberate
 * change, rewrite them with `UPDATE_GOLDEN=1 npx vitest run test/e2e/golden.test.ts` and review the diff.
 */
const flagship = 'scenarios/karabakh/format-week-2020.yaml';
const cases = [
  { name: 'format-week-2020', whatIf: undefined },
  ...Object.keys(loadScenarioSync(flagship).data.whatIfs).map((w) => ({
    name: `format-week-2020.${w}`,
    whatIf: w,
  })),
];

describe('the flagship output', () => {
  for (const { name, whatIf } of cases) {
    for (const format of ['text', 'json'] as const) {
      it(`should read as its golden file: ${name} (${format})`, () => {
        const result = runScenario(loadScenarioSync(flagship), { whatIf });
        const out = narrate(result, { format });
        const file = `test/golden/${name}.${format === 'text' ? 'txt' : 'json'}`;
        if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, out);
        if (!existsSync(file))
          throw new Error(`${file} is missing: write it with UPDATE_GOLDEN=1 and review it`);
        expect(out).toBe(readFileSync(file, 'utf8'));
      });
    }
  }
});
