import { createHash, type Hash } from 'node:crypto';
import { closeSync, existsSync, ftruncateSync, openSync } from 'node:fs';
import { type BatchRecord, runSeed } from '../stats/batch.js';
import { BatchInputError } from './errors.js';
import { eachLine } from './files.js';

const isObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);
const isCount = (x: unknown) => Number.isSafeInteger(x) && (x as number) >= 0;
const values = (x: unknown, test: (v: unknown) => boolean) => isObject(x) && Object.values(x).every(test);

/** What is wrong with a line's shape as a run record, or null: the fields the summary reads, by type. */
function recordProblem(x: unknown): string | null {
  if (!isObject(x)) return 'not an object';
  if (!isCount(x.index)) return '"index" is not a whole number';
  if (!isCount(x.seed)) return '"seed" is not a whole number';
  if (typeof x.endedOn !== 'string') return '"endedOn" is not a date';
  if (!isCount(x.days)) return '"days" is not a whole number';
  if (!values(x.outcomes, (v) => typeof v === 'boolean')) return '"outcomes" is not a map of true or false';
  if (!values(x.regions, (v) => typeof v === 'string')) return '"regions" is not a map of states';
  if (!values(x.firstDay, isCount)) return '"firstDay" is not a map of days';
  const point = (p: unknown) =>
    Array.isArray(p) && p.length === 2 && isCount(p[0]) && typeof p[1] === 'string';
  if (!values(x.timeline, (line) => Array.isArray(line) && line.every(point)))
    return '"timeline" is not a map of [day, state] lists';
  const moves = x.moves;
  if (!(isObject(moves) && isCount(moves.total) && isCount(moves.accepted) && isCount(moves.refused)))
    return '"moves" is not { total, accepted, refused }';
  if (!(Array.isArray(x.violations) && x.violations.every((v) => typeof v === 'string')))
    return '"violations" is not a list of invariant ids';
  return null;
}

/** Options of `scanResults`. */
export interface ScanOptions {
  /** The index of the first run the file holds. */
  readonly from: number;
  /** The batch seed: each run's seed must be `runSeed(seed, index)`. */
  readonly seed: number;
  /** Cut a last line left half-written by a killed process from the file (otherwise it is only skipped). */
  readonly repair: boolean;
  /** Fed the bytes of each complete, accepted line with its newline. */
  readonly digest?: Hash | undefined;
}

/**
 * Read a `results.jsonl` line by line (memory stays flat) and hand each record to `fn`, checking that
 * each line is a run record, that the indices run on from `from`, and that each run's seed is the one
 * its index has in a batch with this seed: a line from another batch, or edited, is refused with a
 * `BatchInputError` naming the file and line. Returns the number of records.
 */
export function scanResults(file: string, options: ScanOptions, fn: (record: BatchRecord) => void): number {
  if (!existsSync(file)) return 0;
  let count = 0;
  let good = 0;
  let torn = false;
  const regular = eachLine(file, (line, raw, lineNo, complete) => {
    if (!complete) {
      torn = true; // the last line of an interrupted batch, cut short
      return;
    }
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      throw new BatchInputError(`${file}:${lineNo}: not a JSON line; the file has been edited or damaged`);
    }
    const problem = recordProblem(record);
    if (problem) throw new BatchInputError(`${file}:${lineNo}: not a run record (${problem})`);
    const { index, seed } = record as BatchRecord;
    const expected = options.from + count;
    if (index !== expected)
      throw new BatchInputError(`${file}:${lineNo}: run ${index} where run ${expected} was expected`);
    const seedOfRun = runSeed(options.seed, index);
    if (seed !== seedOfRun)
      throw new BatchInputError(
        `${file}:${lineNo}: run ${index} has seed ${seed}, but run ${index} of the batch with batch seed ${options.seed} has seed ${seedOfRun}: the line comes from another batch, or was edited`,
      );
    options.digest?.update(raw).update('\n');
    fn(record as BatchRecord);
    count++;
    good += raw.length + 1;
  });
  if (!regular) throw new BatchInputError(`${file}: not a regular file`);
  if (torn && options.repair) {
    const fd = openSync(file, 'r+');
    try {
      ftruncateSync(fd, good);
    } finally {
      closeSync(fd);
    }
  }
  return count;
}

/** A SHA-256 to feed with the lines of a results file. */
export const resultsDigest = (): Hash => createHash('sha256');
