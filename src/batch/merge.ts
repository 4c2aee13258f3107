import { closeSync, openSync, readFileSync, renameSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseScenario } from '../scenario/parse.js';
import type { Scenario } from '../scenario/scenario.js';
import { summaryAccumulator } from '../stats/batch.js';
import { BatchInputError, BatchWriteError } from './errors.js';
import { removeQuietly, writeAll } from './files.js';
import {
  dirEntries,
  json,
  type Manifest,
  makeRunDir,
  packageVersion,
  readManifest,
  type WriteBatchResult,
  writeReports,
  writeRunFile,
} from './manifest.js';
import { resultsDigest, scanResults } from './results-file.js';

/** Check that the shards make up one whole batch, each run once; throws a `BatchInputError` if not. */
function checkShards(shards: readonly { dir: string; manifest: Manifest }[]): void {
  const first = shards[0]!.manifest;
  for (const { dir, manifest } of shards) {
    if (manifest.status !== 'complete')
      throw new BatchInputError(
        `${dir}: this shard is not complete (${manifest.completed} of ${manifest.range[1] - manifest.range[0]} runs); finish it with auspices batch ... --resume --out ${dir}`,
      );
    for (const [name, a, b] of [
      ['scenario hash', manifest.scenario.hash, first.scenario.hash],
      ['what-if', manifest.whatIf, first.whatIf],
      ['seed', manifest.seed, first.seed],
      ['runs', manifest.runs, first.runs],
      ['engine', manifest.engine, first.engine],
    ] as const) {
      if (a !== b)
        throw new BatchInputError(
          `${dir}: belongs to another batch (${name} ${a}, where ${shards[0]!.dir} has ${b}); merge only the shards of one batch`,
        );
    }
  }
  let next = 0;
  for (const { dir, manifest } of shards) {
    const [from, to] = manifest.range;
    if (from < next) throw new BatchInputError(`${dir}: runs ${from} to ${to - 1} overlap another shard's`);
    if (from > next)
      throw new BatchInputError(
        `runs ${next} to ${from - 1} of ${first.runs} are in none of the directories; add the missing shard`,
      );
    next = to;
  }
  if (next !== first.runs)
    throw new BatchInputError(
      `runs ${next} to ${first.runs - 1} of ${first.runs} are in none of the directories; add the missing shard`,
    );
}

/** A shard's copy of the scenario, checked against the hash its manifest names. */
function shardScenario(dir: string, manifest: Manifest): { text: string; scenario: Scenario } {
  const file = join(dir, 'scenario.json');
  let text: string;
  let scenario: Scenario;
  try {
    text = readFileSync(file, 'utf8');
    scenario = parseScenario(text, file);
  } catch (error) {
    throw new BatchInputError(
      `${file}: cannot be read as a scenario (${(error as Error).message.split('\n')[0]})`,
    );
  }
  if (scenario.hash !== manifest.scenario.hash)
    throw new BatchInputError(
      `${file}: not the scenario its manifest.json names (it hashes to ${scenario.hash}, the manifest says ${manifest.scenario.hash}); copy the shard again from where it ran`,
    );
  return { text, scenario };
}

/**
 * Merge the run directories of a batch's shards into one. The result's `results.jsonl` and
 * `summary.json` are byte-identical to the same batch run on one machine. What the shards hold is
 * checked, not only what their manifests say: each copy of the scenario against the manifest's hash,
 * each line as a run record whose index and seed belong to the batch, and each `results.jsonl` against
 * the SHA-256 its manifest recorded. Anything amiss is a `BatchInputError` naming the file (and line),
 * and nothing is left in `out`.
 */
export async function mergeBatches(dirs: readonly string[], out: string): Promise<WriteBatchResult> {
  if (dirs.length === 0) throw new BatchInputError('merge: name at least one run directory to merge');
  const shards = dirs.map((dir) => ({ dir, manifest: readManifest(dir) }));
  checkShards([...shards].sort((a, b) => a.manifest.range[0] - b.manifest.range[0]));
  shards.sort((a, b) => a.manifest.range[0] - b.manifest.range[0]);
  const first = shards[0]!.manifest;
  const copies = shards.map(({ dir, manifest }) => shardScenario(dir, manifest));
  const { text: scenarioText, scenario } = copies[0]!;
  const created = makeRunDir(out);
  if (!created && dirEntries(out).length > 0)
    throw new BatchInputError(`${out}: the directory is not empty; choose another --out`);
  const accumulator = summaryAccumulator(scenario.data, {
    scenario: { id: first.scenario.id, title: first.scenario.title, hash: first.scenario.hash },
    whatIf: first.whatIf,
    seed: first.seed,
    engine: first.engine,
  });
  const results = join(out, 'results.jsonl');
  const temporary = `${results}.tmp-${process.pid}`;
  const merged = resultsDigest();
  const written: string[] = [];
  try {
    writeRunFile(join(out, 'scenario.json'), scenarioText);
    written.push(join(out, 'scenario.json'));
    let fd: number;
    try {
      fd = openSync(temporary, 'w');
    } catch (error) {
      throw new BatchWriteError(temporary, error);
    }
    written.push(temporary);
    try {
      for (const { dir, manifest } of shards) {
        const file = join(dir, 'results.jsonl');
        const digest = resultsDigest();
        const count = scanResults(
          file,
          { from: manifest.range[0], seed: manifest.seed, repair: false, digest },
          (record) => {
            const line = `${JSON.stringify(record)}\n`;
            try {
              writeAll(fd, line);
            } catch (error) {
              throw new BatchWriteError(results, error);
            }
            merged.update(line);
            accumulator.add(record);
          },
        );
        if (count !== manifest.range[1] - manifest.range[0])
          throw new BatchInputError(
            `${file}: holds ${count} runs, but the manifest says ${manifest.range[1] - manifest.range[0]}`,
          );
        if (manifest.resultsSha256 !== undefined && digest.digest('hex') !== manifest.resultsSha256)
          throw new BatchInputError(
            `${file}: does not match the SHA-256 its manifest.json recorded when the batch finished, so it was changed after the batch finished (a line edited by hand, or copied from another batch)`,
          );
      }
    } finally {
      closeSync(fd);
    }
    try {
      renameSync(temporary, results);
    } catch (error) {
      throw new BatchWriteError(results, error);
    }
    written.push(results);
    const summary = accumulator.summary();
    await writeReports(out, summary);
    const manifest: Manifest = {
      ...first,
      version: packageVersion(),
      shard: null,
      range: [0, first.runs],
      completed: first.runs,
      status: 'complete',
      resultsSha256: merged.digest('hex'),
    };
    writeRunFile(join(out, 'manifest.json'), json(manifest));
    return { manifest, summary, resumedAt: 0 };
  } catch (error) {
    // Refused or failed: leave no half-merged directory behind.
    for (const file of [
      ...written,
      join(out, 'summary.json'),
      join(out, 'report.md'),
      join(out, 'report.html'),
    ])
      removeQuietly(file);
    if (created)
      try {
        rmdirSync(out);
      } catch {}
    throw error;
  }
}
