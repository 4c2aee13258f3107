import { join } from 'node:path';
import { type Command, InvalidArgumentError, Option } from '@commander-js/extra-typings';
import { exploreShard, ShardExchangeError } from '../batch/explore-shards.js';
import { exploreInWorkers } from '../batch/explore-workers.js';
import { makeFolder, writeAtomically } from '../batch/run-dir.js';
import { type ExploreProgress, exploreSteps } from '../explore/explore.js';
import { answerOf } from '../explore/question.js';
import { exploreJson, renderExplore, renderExploreGraph } from '../report/explore-report.js';
import { textWidth } from '../report/text-width.js';
import { fitToned } from '../report/toned-lines.js';
import { loadScenarioSync } from '../scenario/read-file.js';
import { parseShard, workerCount } from './batch-commands.js';
import { CliError } from './cli-error.js';
import { interrupted, stepThrough } from './interrupt.js';
import { type CliIo, engineOption } from './io.js';

function positive(name: string, min: number) {
  return (value: string): number => {
    if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value)) || Number(value) < min)
      throw new InvalidArgumentError(
        `"${value}" is not a whole number of at least ${min} (e.g. ${name} 100000)`,
      );
    return Number(value);
  };
}

const fileName = (id: string) => `${id.replace(/[^A-Za-z0-9._-]+/g, '-')}.yaml`;

/** `auspices explore`: every reachable state checked, shortest counterexamples, outcome reachability. */
export function registerExplore(cmd: Command, io: CliIo): void {
  cmd
    .command('explore')
    .description(
      'explore every world reachable by legal moves: check the invariants in each, find the shortest path to each outcome, and write every path found as a scenario file that `auspices run` replays',
    )
    .argument('<file>', 'scenario file')
    .option('-w, --what-if <name>', 'explore a named what-if of the scenario')
    .option('-a, --actors <ids>', 'only these actors move (comma-separated); by default all do')
    .option(
      '-n, --max-states <n>',
      'stop after this many states (the default takes under a minute on the flagship with every actor moving)',
      positive('--max-states', 1),
      500_000,
    )
    .option(
      '-d, --depth <moves>',
      'follow paths of at most this many moves (day ends included)',
      positive('--depth', 0),
    )
    .option(
      '-t, --max-seconds <s>',
      'stop searching after this many seconds and report what was found, marked as partial',
      positive('--max-seconds', 1),
    )
    .option(
      '--no-symmetry',
      'count states that differ only by swapping interchangeable actors apart (by default they are one)',
    )
    .option('-o, --out <dir>', 'where to write the paths found as scenario files', 'explored')
    .option('--json', 'print the result as JSON, the same for the same file and options')
    .option('--timing', 'with --json, add the time taken and the memory used under `timing`')
    .addOption(
      new Option('-g, --graph <format>', 'print the graph of the states found instead').choices([
        'dot',
        'json',
      ] as const),
    )
    .option(
      '-j, --workers <k>',
      'search on k worker threads that share the states found (1 searches in this process); not with --graph',
      positive('--workers', 1),
      1,
    )
    .option(
      '--shard <i/n>',
      'search as shard i of n processes (0-based) that run at once and share --exchange; shard 0 reports',
      parseShard,
    )
    .option(
      '--exchange <dir>',
      'with --shard: a new, empty folder that every shard of the search can read and write',
    )
    .option(
      '--shard-wait <s>',
      'with --shard: give up after waiting this many seconds for the other shards at one step',
      positive('--shard-wait', 1),
      600,
    )
    .addOption(engineOption())
    .action(async (file, opts) => {
      const workers = workerCount(io, opts.workers) ?? 1;
      const parts = workers > 1 ? '--workers' : opts.shard ? '--shard' : null;
      if (parts && opts.graph !== undefined)
        throw new CliError(
          `--graph numbers the states of one search, and cannot be drawn from several; drop ${parts}, or --graph`,
        );
      if (opts.shard && workers > 1)
        throw new CliError('a shard searches on one thread: drop --workers, or run more shards');
      if (opts.shard && opts.exchange === undefined)
        throw new CliError(
          '--shard needs --exchange DIR, a folder every shard can read and write (e.g. --exchange /shared/search-1)',
        );
      if (!opts.shard && opts.exchange !== undefined)
        throw new CliError('--exchange is for --shard i/n; drop it, or add --shard');
      const scenario = loadScenarioSync(file);
      // A file that asks a question supplies the movers and the depth, unless the options say otherwise.
      const question = opts.whatIf === undefined ? scenario.data.question : undefined;
      const actors =
        opts.actors
          ?.split(',')
          .map((a) => a.trim())
          .filter(Boolean) ?? question?.actors;
      const depth = opts.depth ?? question?.depth;
      const started = performance.now();
      // The search is timed to its end; replaying the paths found afterwards is not part of states/s.
      let searched = 0;
      const progress = (p: ExploreProgress) => {
        if (p.done) searched = (performance.now() - started) / 1000;
        if (io.isTTY !== true) return;
        const rate = Math.round(p.states / Math.max(1e-3, (performance.now() - started) / 1000));
        if (!p.done)
          io.err(
            `\r\x1b[K  ${p.states.toLocaleString('en-GB')} states, depth ${p.depth}, ${rate.toLocaleString('en-GB')} states/s, ${p.queued.toLocaleString('en-GB')} queued…`,
          );
        else io.err('\r\x1b[K');
      };
      // Ctrl-C, SIGTERM or --max-seconds stop the search where it is; what was found is still reported,
      // marked as partial, and an interrupt then exits as an interrupted batch does (130 or 143).
      const deadline = opts.maxSeconds === undefined ? undefined : started + opts.maxSeconds * 1000;
      const stop = () =>
        io.signal?.aborted === true || (deadline !== undefined && performance.now() > deadline);
      const options = {
        whatIf: opts.whatIf,
        actors,
        maxStates: opts.maxStates,
        depth,
        engine: opts.engine,
        symmetry: opts.symmetry,
        progress,
        stop,
      };
      // In this process, state by state, so that Ctrl-C stops a long search (see interrupt.ts); on
      // worker threads, this thread stays free and asks `stop` ten times a second. The signal is read by
      // `stop`, so that an interrupt ends in a report.
      const searching = opts.shard
        ? exploreShard(scenario, {
            ...options,
            shard: opts.shard,
            exchange: opts.exchange!,
            waitSeconds: opts.shardWait,
            signal: io.signal,
          }).catch((error: unknown) => {
            if (io.signal?.aborted) throw interrupted('explore', io.signal);
            if (error instanceof ShardExchangeError) throw new CliError(error.message);
            throw error;
          })
        : workers > 1
          ? exploreInWorkers(scenario, { ...options, workers })
          : stepThrough(
              exploreSteps(scenario, { ...options, graph: opts.graph !== undefined }),
              'explore',
              undefined,
            );
      const found = await searching.catch((error: unknown) => {
        if (io.isTTY === true) io.err('\r\x1b[K'); // the progress line
        throw error;
      });
      if (found === null) {
        // A shard other than 0: shard 0 reports the whole search.
        io.err(
          `auspices: shard ${opts.shard!.index}/${opts.shard!.count} done; shard 0/${opts.shard!.count} reports the search\n`,
        );
        if (io.signal?.aborted) throw interrupted('explore', io.signal);
        return;
      }
      const result = found;
      const figures = {
        seconds: searched,
        rssBytes: process.resourceUsage().maxRSS * 1024,
      };
      if (opts.graph && result.graph) {
        io.out(renderExploreGraph(result.graph, opts.graph));
        io.err(
          `auspices: ${result.states} states and ${result.graph.edges.length} edges${result.bound ? ` (stopped by ${result.bound})` : ''}\n`,
        );
        if (io.signal?.aborted) throw interrupted('explore', io.signal);
        return;
      }
      // Every path found is written as a scenario file that replays it.
      const files = new Map<string, string>();
      const paths = [
        ...result.violations.map(
          (v) => [`violation:${v.invariant}`, `breaks-${v.invariant}`, v.path] as const,
        ),
        ...result.outcomes.flatMap((o) =>
          o.path ? [[`outcome:${o.id}`, `reaches-${o.id}`, o.path] as const] : [],
        ),
      ];
      if (paths.some(([, , p]) => p.replay)) {
        try {
          makeFolder(opts.out);
          for (const [key, name, path] of paths) {
            if (!path.replay) continue;
            const target = join(opts.out, fileName(name));
            writeAtomically(target, path.replay.file);
            files.set(key, target);
          }
        } catch (error) {
          throw new CliError(
            `cannot write the paths found into ${opts.out}: ${(error as Error).message}; choose another folder with --out`,
          );
        }
      }
      const answer = question ? answerOf(question, result) : undefined;
      if (opts.json) io.out(exploreJson(result, figures, files, answer, { timing: opts.timing === true }));
      else {
        // The text report in colour on a terminal; the answer to the file's question green when it is
        // the one the file expects, red when not.
        const style = { width: textWidth(io.columns), colour: io.colour === true };
        const answered = answer
          ? `\n${fitToned([{ text: `${answer.sentence}.`, tone: answer.asExpected ? 'green' : 'red' }], style.width, style.colour)}\n`
          : '';
        (io.outStyled ?? io.out)(renderExplore(result, figures, files, 'text', style) + answered);
      }
      if (io.signal?.aborted) {
        io.err(
          `auspices: the report above is partial: the search was interrupted after ${result.states} states\n`,
        );
        throw interrupted('explore', io.signal);
      }
      if (answer && !answer.asExpected)
        throw new CliError(`${answer.sentence}; the file's \`question:\` expects ${answer.expected}`, 1);
      if (result.violations.length > 0)
        throw new CliError(
          `${result.violations.length} invariant(s) broken: ${result.violations.map((v) => v.invariant).join(', ')}; each shortest counterexample is written under ${opts.out}`,
          1,
        );
    });
}
