import { type Command, InvalidArgumentError } from '@commander-js/extra-typings';
import type { SingleBar } from 'cli-progress';
import { compareVariants } from '../batch/compare.js';
import { prepareCompareDir, writeCompareReport } from '../batch/compare-dir.js';
import { MAX_RUNS, maxWorkers, type Shard } from '../batch/run-batch.js';
import { BatchWriteError, mergeBatches, writeBatch } from '../batch/run-dir.js';
import { renderComparison } from '../report/compare-report.js';
import { loadScenarioSync } from '../scenario/read-file.js';
import { CliError } from './cli-error.js';
import { type CliIo, engineOption, parseSeed, reportFormatOption } from './io.js';
import { policiesFrom, policiesOption } from './policies-option.js';

/** A whole number of at least `min`, for `--runs` and `--workers`. */
function wholeNumber(flag: string, min: number) {
  return (value: string): number => {
    if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value)) || Number(value) < min)
      throw new InvalidArgumentError(
        `"${value}" is not a whole number of at least ${min} (e.g. ${flag} 100)`,
      );
    return Number(value);
  };
}

/** `--runs`: a whole number from 1 to `MAX_RUNS`. */
function runCount(value: string): number {
  const runs = wholeNumber('--runs', 1)(value);
  if (runs > MAX_RUNS)
    throw new InvalidArgumentError(
      `"${value}" is more runs than a batch holds: at most ${MAX_RUNS} (2^32), since run seeds are 32-bit; split the study into batches with different --seed`,
    );
  return runs;
}

/** `--workers`, lowered to one per CPU with a message: more threads only cost memory. */
export function workerCount(io: CliIo, workers: number | undefined): number | undefined {
  const max = maxWorkers();
  if (workers === undefined || workers <= max) return workers;
  io.err(
    `auspices: --workers ${workers} is more than this machine's ${max} CPU(s), and threads beyond them only use memory; using ${max}\n`,
  );
  return max;
}

export function parseShard(value: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(value);
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || index >= count)
    throw new InvalidArgumentError(
      `"${value}" is not a shard; write i/n with 0 <= i < n (e.g. --shard 0/4 to --shard 3/4)`,
    );
  return { index, count };
}

/** Progress on a terminal: a bar with runs done, runs per second and time left (loaded only for one). */
async function progress(io: CliIo, label: string) {
  const cliProgress = io.isTTY ? (await import('cli-progress')).default : undefined;
  const started = performance.now();
  let bar: SingleBar | undefined;
  let last = 0;
  let first = 0;
  return {
    update(done: number, total: number) {
      last = done;
      if (!cliProgress) return;
      if (!bar) {
        bar = new cliProgress.SingleBar(
          {
            format: `${label} [{bar}] {value}/{total} runs · {rate} runs/s · {left}`,
            stream: process.stderr,
            hideCursor: true,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, done, { rate: '0', left: 'starting' });
        first = done;
      }
      const seconds = (performance.now() - started) / 1000;
      const rate = seconds > 0 ? (done - first) / seconds : 0;
      const left = rate > 0 ? `${Math.ceil((total - done) / rate)} s left` : 'starting';
      bar.update(done, { rate: rate.toFixed(0), left });
    },
    stop(): { seconds: number; done: number } {
      bar?.stop();
      return { seconds: (performance.now() - started) / 1000, done: last };
    },
  };
}

/** `auspices batch` and `auspices merge`. */
export function batchCommands(cmd: Command, io: CliIo): void {
  cmd
    .command('batch')
    .description('run a scenario many times with derived seeds, in worker threads, into a run directory')
    .argument('<file>', 'scenario file (YAML or JSON)')
    .requiredOption('-n, --runs <n>', `runs in the whole batch (at most ${MAX_RUNS})`, runCount)
    .requiredOption('-o, --out <dir>', 'run directory to write (must be new or empty, unless --resume)')
    .option(
      '-s, --seed <n>',
      'batch seed; run i uses a seed derived from it and i (default: the scenario seed)',
      parseSeed,
    )
    .option('-w, --what-if <name>', 'apply one of the scenario’s named what-ifs')
    .option(
      '-j, --workers <k>',
      "worker threads (default and most: this machine's CPU count; 0 runs in this process)",
      wholeNumber('--workers', 0),
    )
    .option('--shard <i/n>', 'run only shard i of n (0-based): a contiguous range of the runs', parseShard)
    .option(
      '--resume',
      'finish an interrupted batch in --out, without losing or repeating a run (or start it, if none is there)',
    )
    .addOption(engineOption())
    .addOption(policiesOption())
    .action(async (file, opts) => {
      const scenario = loadScenarioSync(file, { policies: await policiesFrom(opts.policies) });
      const workers = workerCount(io, opts.workers);
      const bar = await progress(io, 'batch');
      const resume =
        `auspices batch ${file} --runs ${opts.runs} --out ${opts.out} --resume` +
        `${opts.seed !== undefined ? ` --seed ${opts.seed}` : ''}${opts.whatIf ? ` --what-if ${opts.whatIf}` : ''}` +
        `${opts.shard ? ` --shard ${opts.shard.index}/${opts.shard.count}` : ''}` +
        `${opts.engine !== 'kernel' ? ` --engine ${opts.engine}` : ''}` +
        `${opts.policies !== undefined ? ` --policies ${opts.policies}` : ''}`;
      try {
        const { summary, resumedAt, manifest } = await writeBatch(scenario, {
          runs: opts.runs,
          out: opts.out,
          seed: opts.seed,
          whatIf: opts.whatIf,
          workers,
          shard: opts.shard,
          engine: opts.engine,
          resume: opts.resume === true,
          policyModule: opts.policies,
          source: file,
          signal: io.signal,
          onProgress: (done, total) => bar.update(done, total),
          onNotice: (message) => io.err(`auspices: ${message}\n`),
        });
        const { seconds } = bar.stop();
        const ran = summary.runs - resumedAt;
        const shard = manifest.shard ? ` (shard ${manifest.shard.index}/${manifest.shard.count})` : '';
        io.out(
          `batch: ${summary.runs} runs${shard} of ${scenario.data.id}${manifest.whatIf ? `+${manifest.whatIf}` : ''}` +
            `${resumedAt > 0 ? `, ${resumedAt} resumed` : ''}; ${ran} in ${seconds.toFixed(1)} s` +
            ` (${seconds > 0 ? (ran / seconds).toFixed(0) : ran} runs/s) -> ${opts.out}/report.html\n`,
        );
        const broken = Object.values(summary.violations).reduce((a, b) => a + b, 0);
        if (broken > 0)
          throw new CliError(`${broken} run(s) broke a scenario invariant; see ${opts.out}/report.md`, 1);
      } catch (error) {
        const { done } = bar.stop();
        if ((error as Error).name === 'AbortError')
          throw new CliError(`batch interrupted after ${done} runs; finish it with: ${resume}`, 130);
        if (error instanceof BatchWriteError)
          throw new CliError(
            `${error.message}; the runs written before it are kept: make room, then finish the batch with: ${resume}`,
            1,
          );
        throw error;
      }
    });

  cmd
    .command('compare')
    .description(
      'paired runs of a scenario and its what-ifs: outcome changes with 95% intervals, and where a branch leaves history',
    )
    .argument('<file>', 'scenario file (YAML or JSON)')
    .requiredOption(
      '-w, --what-if <name>',
      'a what-if to compare (repeat for several)',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .requiredOption('-n, --runs <n>', `paired runs per side (at most ${MAX_RUNS})`, runCount)
    .option(
      '-s, --seed <n>',
      'batch seed; pair i uses a seed derived from it and i (default: the scenario seed)',
      parseSeed,
    )
    .option(
      '--against-history',
      'compare each branch run with the one historical replay instead of a paired base run',
    )
    .option('-j, --workers <k>', 'worker threads (0 runs in this process)', wholeNumber('--workers', 0))
    .option(
      '-o, --out <dir>',
      'also write report.html (the variants side by side, with charts) and compare.json into this new or empty directory',
    )
    .addOption(engineOption())
    .addOption(reportFormatOption())
    .addOption(policiesOption())
    .action(async (file, opts) => {
      const scenario = loadScenarioSync(file, { policies: await policiesFrom(opts.policies) });
      if (opts.out !== undefined) prepareCompareDir(opts.out);
      const bar = await progress(io, 'compare');
      try {
        const { comparison, summaries } = await compareVariants(scenario, {
          runs: opts.runs,
          seed: opts.seed,
          whatIfs: opts.whatIf,
          againstHistory: opts.againstHistory === true,
          workers: workerCount(io, opts.workers),
          engine: opts.engine,
          policyModule: opts.policies,
          signal: io.signal,
          onProgress: (done, total) => bar.update(done, total),
        });
        bar.stop();
        const colour = io.colour === true && opts.format === 'text';
        (io.outStyled ?? io.out)(renderComparison(comparison, opts.format, io.columns, { colour }));
        if (opts.out !== undefined) {
          await writeCompareReport(opts.out, comparison, summaries);
          io.err(`compare: report -> ${opts.out}/report.html (and compare.json)\n`);
        }
      } catch (error) {
        bar.stop();
        if ((error as Error).name === 'AbortError')
          throw new CliError('compare interrupted; nothing was written', 130);
        if (error instanceof BatchWriteError)
          throw new CliError(`${error.message}; make room, then compare again`, 1);
        throw error;
      }
    });

  cmd
    .command('merge')
    .description('merge the run directories of a batch’s shards into one')
    .argument('<dirs...>', 'run directories written by auspices batch --shard')
    .requiredOption('-o, --out <dir>', 'run directory to write (must be new or empty)')
    .action(async (dirs, opts) => {
      try {
        const { summary } = await mergeBatches(dirs, opts.out);
        io.out(`merge: ${dirs.length} shard(s), ${summary.runs} runs -> ${opts.out}/report.html\n`);
      } catch (error) {
        if (error instanceof BatchWriteError)
          throw new CliError(`${error.message}; nothing was merged: make room, then merge again`, 1);
        throw error;
      }
    });
}
