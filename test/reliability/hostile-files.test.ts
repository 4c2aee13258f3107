import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runChunk } from '../../src/batch/worker.js';
import { runCli } from '../../src/cli/main.js';
import { parseScenario } from '../../src/scenario/parse.js';
import { loadScenarioSync } from '../../src/scenario/read-file.js';
import { applyWhatIf } from '../../src/scenario/what-if.js';
import { auspices, put, scratch, stackOrBug, tinyScenario } from './inputs-support.js';

const tmp = scratch('hostile');
const base = put(tmp, 'base.yaml', tinyScenario);
/** The fast-check seed: `FC_SEED` from the environment, else a constant, as in test/properties. */
const seed = process.env.FC_SEED === undefined ? 20201125 : Number(process.env.FC_SEED);

/** The command line in this process, with what it printed. */
async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join(''), err: err.join('') };
}

/** Every line of a refusal names a file, a line and a column, but the closing count. */
function expectLocated(err: string, files: readonly string[]): void {
  const lines = err.trimEnd().split('\n');
  expect(lines.at(-1)).toMatch(/^auspices: \d+ of \d+ file\(s\) invalid$/);
  for (const line of lines.slice(0, -1)) {
    const m = /^(.+?):(\d+):(\d+): \S/.exec(line);
    expect(m, `not located: ${line}`).not.toBeNull();
    expect(files).toContain(m![1]);
    expect(Number(m![2])).toBeGreaterThanOrEqual(1);
    expect(Number(m![3])).toBeGreaterThanOrEqual(1);
  }
}

/** What a batch worker does with a scenario: re-parse its resolved JSON and run it in every variant. */
function asBatchWorker(file: string): void {
  const scenario = loadScenarioSync(file);
  const text = JSON.stringify(scenario.data);
  expect(parseScenario(text, 'scenario.json').hash).toBe(scenario.hash);
  // Each what-if's branch is a whole scenario too.
  for (const name of Object.keys(scenario.data.whatIfs)) {
    const branch = applyWhatIf(scenario, name).data;
    parseScenario(JSON.stringify({ ...branch, whatIfs: {} }), `${name}.json`);
  }
  runChunk({
    scenarioText: text,
    hash: scenario.hash,
    variants: [null, ...Object.keys(scenario.data.whatIfs)],
    engine: 'kernel',
    seed: 1,
    from: 0,
    to: 1,
  });
}

describe('extends files and what-ifs are validated as whole scenarios', () => {
  const branch = (name: string, body: string) =>
    put(tmp, name, `extends: ./base.yaml\ntitle: A branch\n${body}`);

  it.each([
    [
      'a new actor without `kind`',
      'actors:\n  turkey: { name: Turkey }\n',
      4,
      11,
      /actors\.turkey\.kind is required/,
    ],
    [
      'a new format without `name`',
      'formats:\n  minsk: { mediators: [russia] }\n',
      4,
      10,
      /formats\.minsk\.name is required/,
    ],
    [
      'an actor id `toString`',
      'actors:\n  toString: { name: Evil, kind: state }\n',
      4,
      3,
      /the key `toString` is not allowed/,
    ],
    [
      'an actor id `valueOf`',
      'actors:\n  valueOf: { name: Evil, kind: state }\n',
      4,
      3,
      /the key `valueOf` is not allowed/,
    ],
    [
      'an actor id `__proto__`',
      'actors:\n  __proto__: { name: Evil, kind: state }\n',
      4,
      3,
      /the key `__proto__` is not allowed/,
    ],
    [
      'an actor id `constructor`',
      'actors:\n  constructor: { name: Evil, kind: state }\n',
      4,
      3,
      /the key `constructor` is not allowed/,
    ],
  ])(
    'an extends file with %s: validate exits 2, located in the extends file at the part it wrote',
    async (_what, body, line, col, message) => {
      const file = branch('branch.yaml', body);
      const result = await cli('validate', file);
      expect(result.code).toBe(2);
      expect(result.err).toMatch(new RegExp(`^${file}:${line}:${col}: ${message.source}`, 'm'));
      expectLocated(result.err, [file]);
    },
  );

  it('a what-if adding an actor without `kind`: validate exits 2, located in the what-if', async () => {
    const file = put(
      tmp,
      'what-if.yaml',
      `${tinyScenario}whatIfs:\n  turkey-joins:\n    title: Turkey joins\n    actors:\n      turkey: { name: Turkey }\n`,
    );
    const result = await cli('validate', file);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(
      new RegExp(`^${file}:27:15: what-if \`turkey-joins\`: actors\\.turkey\\.kind is required`, 'm'),
    );
  });

  it('batch of an extends file with a new actor without `kind`: exit 2 with the location, never 70', () => {
    const file = branch('batch-branch.yaml', 'actors:\n  turkey: { name: Turkey }\n');
    const result = auspices(['batch', file, '--runs', '2', '--workers', '1', '--out', join(tmp, 'out')], 60);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/batch-branch\.yaml:4:11: actors\.turkey\.kind is required/);
    expect(stackOrBug(result)).toBeNull();
  });
});

// Hostile what-if patches and extends files: mostly plausible, so that many pass validation and are run,
// with names that are JavaScript's own, missing fields and wrong values mixed in.
const rarely = <T>(usual: fc.Arbitrary<T>, odd: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 12, arbitrary: usual }, { weight: 1, arbitrary: odd });
const oddIds = fc.constantFrom(
  'toString',
  'valueOf',
  'hasOwnProperty',
  '__proto__',
  'constructor',
  'Bad Id',
  '',
);
/** Names of actors and formats where they are referred to: mostly ones the base has. */
const ids = rarely(
  fc.constantFrom('armenia', 'azerbaijan', 'russia', 'un'),
  fc.oneof(fc.constant('turkey'), oddIds),
);
const formatIds = rarely(fc.constant('trilateral'), fc.oneof(fc.constant('minsk'), oddIds));
/** Names of actors and formats where they are written: new ones, or changes to the base's. */
const actorKeys = rarely(fc.constantFrom('turkey', 'armenia', 'un'), oddIds);
const formatKeys = rarely(fc.constantFrom('minsk', 'trilateral'), oddIds);
const text = rarely(fc.constantFrom('A text', 'the Minsk Group'), fc.constantFrom('', 'x', '<b>'));
const map = <T>(key: fc.Arbitrary<string>, value: fc.Arbitrary<T>) =>
  fc.array(fc.tuple(key, value), { maxLength: 2 }).map((entries) => Object.fromEntries(entries));
const actor = fc.record(
  {
    name: text,
    kind: rarely(fc.constantFrom('state', 'institution'), fc.constantFrom('legislature', 'empire')),
    armed: fc.boolean(),
    territorial: fc.boolean(),
    policy: rarely(fc.constantFrom('scripted', 'random'), fc.constantFrom('rules', 'oracle')),
  },
  { requiredKeys: [] },
);
const format = fc.record(
  {
    name: text,
    mediators: fc.array(ids, { maxLength: 2 }),
    parties: fc.array(ids, { maxLength: 2 }),
    auspices: fc.option(ids, { nil: null }),
    quorum: rarely(fc.constant(1), fc.constantFrom(0, 2)),
  },
  { requiredKeys: [] },
);
const inject = fc.record(
  {
    id: fc.constantFrom('azerbaijan-welcomes-statement', 'new-one', 'another'),
    date: rarely(fc.constantFrom('2020-11-26', '2020-11-28'), fc.constantFrom('2020-12-25', '2020-02-30')),
    by: ids,
    do: fc.oneof(
      fc.record({ type: fc.constant('talks.urge'), format: formatIds }),
      fc.record({ type: rarely(fc.constant('statement.issue'), fc.constant('no.such')), topic: text }),
    ),
    text,
    hypothetical: fc.constant(true),
  },
  { requiredKeys: ['id', 'date', 'by', 'do', 'text', 'hypothetical'] },
);
const patch = fc.record(
  {
    actors: map(actorKeys, actor),
    formats: map(formatKeys, format),
    injects: fc.array(inject, { maxLength: 2 }),
    removeInjects: fc.array(rarely(fc.constant('azerbaijan-welcomes-statement'), fc.constant('no-such')), {
      maxLength: 1,
    }),
    initial: fc.record({ activeFormat: formatIds }, { requiredKeys: [] }),
    seed: fc.integer({ min: -5, max: 5 }),
  },
  { requiredKeys: [] },
);

describe('property: validate, run and a batch worker agree on hostile files', () => {
  let n = 0;
  const check = async (file: string, files: readonly string[]) => {
    const validated = await cli('validate', file);
    if (validated.code !== 0) {
      expect(validated.code, validated.err).toBe(2);
      expect(stackOrBug({ stdout: validated.out, stderr: validated.err })).toBeNull();
      expectLocated(validated.err, files);
      return;
    }
    for (const whatIf of [undefined, ...Object.keys(loadScenarioSync(file).data.whatIfs)]) {
      const run = await cli('run', file, ...(whatIf ? ['--what-if', whatIf] : []));
      expect([0, 1], run.err).toContain(run.code);
    }
    asBatchWorker(file);
  };

  it('an extends file: whatever validate accepts, run and a worker accept; whatever it refuses is exit 2, located', async () => {
    await fc.assert(
      fc.asyncProperty(patch, async (p) => {
        const file = put(
          tmp,
          `ext-${n++}.yaml`,
          JSON.stringify({ extends: './base.yaml', title: 'T', ...p }),
        );
        await check(file, [file, base]);
      }),
      { numRuns: 60, seed },
    );
  });

  it('a what-if: whatever validate accepts, run and a worker accept; whatever it refuses is exit 2, located', async () => {
    await fc.assert(
      fc.asyncProperty(patch, async (p) => {
        const file = put(
          tmp,
          `what-if-${n++}.yaml`,
          `${tinyScenario}whatIfs:\n  branch: ${JSON.stringify({ title: 'B', ...p })}\n`,
        );
        await check(file, [file]);
      }),
      { numRuns: 60, seed },
    );
  });
});
