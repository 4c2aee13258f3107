import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { readManifest } from '../../src/batch/manifest.js';
import { runCli } from '../../src/cli/main.js';
import { outputFormats, outputJsonSchemaFiles } from '../../src/outputs/output-schemas.js';
import { createPlaySession, resumePlay } from '../../src/play/play.js';
import { loadScenarioSync } from '../../src/scenario/read-file.js';

const flagship = 'scenarios/karabakh/format-week-2020.yaml';
const question = 'scenarios/karabakh/questions/cio-removes-france.yaml';
const tmp = mkdtempSync(join(tmpdir(), 'auspices-outputs-'));

/** `auspices ...argv` in this process: its exit code and what it printed. */
async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, {
    out: (t) => {
      out += t;
    },
    err: (t) => {
      err += t;
    },
  });
  return { code, out, err };
}

/** What a command printed as JSON; `explore` exits 1 when a file's question gets another answer. */
async function cliJson(...argv: string[]): Promise<unknown> {
  const r = await cli(...argv);
  expect(r.code, r.err).toBe(argv[0] === 'explore' && r.code === 1 ? 1 : 0);
  return JSON.parse(r.out);
}

const schemaOf = (name: string): z.ZodType => {
  const found = outputFormats.find((f) => f.name === name);
  if (!found) throw new Error(`no output format ${name}`);
  return found.schema;
};

type Json = Record<string, unknown>;
const isObject = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);

/** The object at `path` in `value`. */
function at(value: Json, path: readonly (string | number)[]): Json {
  const found = path.reduce<unknown>((x, key) => (x as Record<string | number, unknown>)[key], value);
  if (!isObject(found)) throw new Error(`no object at ${path.join('.')}`);
  return found;
}

/**
 * Check a real output against its format's schema, and that the schema is strict about it: the output
 * with an unknown field added, or a field removed, at the top or in the object at `nested`, fails.
 */
function expectConforms(name: string, output: unknown, nested: readonly (string | number)[]): void {
  const schema = schemaOf(name);
  const parsed = schema.safeParse(output);
  expect(parsed.success, JSON.stringify(parsed.error?.issues.slice(0, 3))).toBe(true);
  const key = (x: Json, i: number) => Object.keys(x)[i]!;
  const variants: [string, (x: Json) => unknown][] = [
    ['an unknown top-level field', (x) => Object.assign(x, { addedField: 1 })],
    ['a missing top-level field', (x) => delete x[key(x, 1)]],
    [`an unknown field in ${nested.join('.')}`, (x) => Object.assign(at(x, nested), { addedField: 1 })],
    [`a missing field in ${nested.join('.')}`, (x) => delete at(x, nested)[key(at(x, nested), 0)]],
  ];
  for (const [what, change] of variants) {
    const copy = structuredClone(output) as Json;
    change(copy);
    expect(schema.safeParse(copy).success, `${name} with ${what}`).toBe(false);
  }
}

describe('outputFormats', () => {
  it('should match the JSON Schemas published in docs/schemas', () => {
    const files = outputJsonSchemaFiles();
    const published = readdirSync('docs/schemas').filter((f) => f.endsWith('.schema.json'));
    expect(published.sort()).toEqual([...files.keys()].sort());
    for (const [name, text] of files)
      expect(
        readFileSync(join('docs/schemas', name), 'utf8'),
        `docs/schemas/${name} is stale: run \`npm run schema:outputs\` and commit the result`,
      ).toBe(text);
  });

  it('should describe what `auspices run --format json` prints, with each move and refusal code', async () => {
    const run = (await cliJson('run', flagship, '--what-if', 'france-recognises', '--format', 'json')) as {
      timeline: { move: { type: string }; refusal?: { code: string } }[];
    };
    expectConforms('auspices.run', run, ['timeline', 0]);
    expect(run.timeline.every((item) => item.move.type.length > 0)).toBe(true);
    expect(run.timeline.filter((item) => item.refusal).map((item) => item.refusal!.code)).toContain(
      'consent/mediator-not-accepted',
    );
  });

  it('should describe what `auspices compare --format json` prints', async () => {
    const args = ['compare', flagship, '-w', 'france-recognises', '-n', '1', '-j', '0', '--format', 'json'];
    expectConforms('auspices.compare', await cliJson(...args), ['branches', 0]);
  });

  it('should describe what `auspices explore --json` prints, with a question and with --timing', async () => {
    const args = ['explore', question, '--depth', '1', '--json', '--timing', '--out', join(tmp, 'explored')];
    const explored = (await cliJson(...args)) as Json;
    expect(explored.question).toBeDefined();
    expectConforms('auspices.explore', explored, ['outcomes', 0]);
    expectConforms('auspices.explore', explored, ['timing']);
    // Without --timing (the default) the output is the same with no `timing`, which the schema allows.
    const { timing: _, ...untimed } = explored;
    expect(schemaOf('auspices.explore').safeParse(untimed).success).toBe(true);
  });

  it('should describe what `auspices stability --json` prints, for a GMCR+ model and for a scenario', async () => {
    const model = await cliJson('stability', 'examples/stability/garrison.gmcr', '--json', '--coalitions');
    expectConforms('auspices.stability', model, ['states', 0]);
    const scenario = await cliJson('stability', flagship, '--json', '--depth', '1', '--from-status-quo');
    expectConforms('auspices.stability', scenario, ['explored']);
  });

  it("should describe a batch's manifest.json, summary.json and results.jsonl, and read older manifests", async () => {
    const dir = join(tmp, 'batch');
    const r = await cli('batch', flagship, '-n', '2', '-j', '0', '--out', dir);
    expect(r.code, r.err).toBe(0);
    const read = (file: string) => readFileSync(join(dir, file), 'utf8');
    const manifest = JSON.parse(read('manifest.json')) as Json;
    expectConforms('auspices.batch-manifest', manifest, ['scenario']);
    expectConforms('auspices.batch-summary', JSON.parse(read('summary.json')), ['keyEvents', 0]);
    const lines = read('results.jsonl').trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    for (const line of lines) expectConforms('auspices.batch-record', JSON.parse(line), ['moves']);
    // A run directory written before manifests had a formatVersion is still read (to resume or merge it).
    const { formatVersion: _, ...older }: Json = { ...manifest, format: 'auspices-batch/1' };
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(older));
    expectConforms('auspices.batch-manifest', readManifest(dir), ['scenario']);
  });

  it('should describe a game saved by play, and resume a game saved before saves were named so', () => {
    const scenario = loadScenarioSync(flagship);
    const game = createPlaySession(scenario, { as: 'france' });
    game.play(game.legalMoves().slice(0, 1)).play();
    const saved = JSON.parse(game.save()) as Json;
    expectConforms('auspices.play-save', saved, ['run', 'scenario']);
    const { format: _f, formatVersion: _v, ...rest } = saved;
    const older = JSON.stringify({ auspices: 'play', version: 1, ...rest });
    expect(resumePlay(scenario, older).day).toBe(game.day);
  });
});
