import { basename, dirname, join } from 'node:path';
import { type Command, InvalidArgumentError, Option } from '@commander-js/extra-typings';
import { makeFolder, writeAtomically } from '../batch/run-dir.js';
import { replayPath } from '../explore/explore-path.js';
import { renderStability, stabilityJson } from '../report/stability-report.js';
import { maxDrawnStates, stabilitySvg } from '../report/stability-svg.js';
import { fitLines, textWidth } from '../report/text-width.js';
import { loadScenarioSync, readTextFile, UnreadableFileError } from '../scenario/read-file.js';
import { runScenario } from '../sim/run-scenario.js';
import {
  analyseStability,
  type StabilityOptions,
  type StabilityResult,
  statesIn,
} from '../stability/analyse.js';
import { type Concept, conceptNames, concepts, StabilityLimitError } from '../stability/concepts.js';
import {
  NoPreferencesError,
  projectRun,
  type ScenarioGraph,
  scenarioGraphSteps,
  worldPathTo,
} from '../stability/from-scenario.js';
import { ModelFileError, maxModelBytes, parseGmcr, writeGmcr } from '../stability/gmcr-file.js';
import { gmcrScenario, ModelNotWritableError } from '../stability/gmcr-scenario.js';
import type { GraphModel } from '../stability/graph-model.js';
import {
  feasibleCodes,
  ModelTooLargeError,
  type OptionModel,
  toGraphModel,
} from '../stability/option-model.js';
import { SanctionLimitError, type SanctionReading, sanctionReadings } from '../stability/reach.js';
import { ScenarioModelError } from '../stability/scenario-options.js';
import { CliError } from './cli-error.js';
import { interrupted, stepThrough } from './interrupt.js';
import { type CliIo, parseSeed } from './io.js';

function positive(name: string, min: number) {
  return (value: string): number => {
    if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value)) || Number(value) < min)
      throw new InvalidArgumentError(`"${value}" is not a whole number of at least ${min} (e.g. ${name} 3)`);
    return Number(value);
  };
}

const fileName = (id: string) => `${id.replace(/[^A-Za-z0-9._-]+/g, '-')}.yaml`;

interface ScenarioOpts {
  readonly whatIf?: string | undefined;
  readonly seed?: number | undefined;
  readonly depth?: number | undefined;
  readonly maxStates: number;
  readonly maxSeconds?: number | undefined;
  readonly concepts?: string | undefined;
  readonly sanctions: SanctionReading;
  readonly fromStatusQuo?: true | undefined;
  readonly json?: true | undefined;
  readonly out?: string | undefined;
  readonly coalitions?: true | undefined;
  readonly statusQuo?: string | undefined;
  readonly writeGmcr?: string | undefined;
  readonly writeScenario?: string | undefined;
}

/** `auspices stability scenario.yaml`: the graph model derived from the scenario, analysed. */
async function scenarioStability(file: string, opts: ScenarioOpts, io: CliIo): Promise<void> {
  if (opts.statusQuo !== undefined || opts.writeGmcr !== undefined || opts.writeScenario !== undefined)
    throw new CliError(
      "--status-quo, --write-gmcr and --write-scenario apply to .gmcr models: a scenario starts where it starts, and its moves are its statechart's, which a .gmcr file cannot hold",
    );
  const asked = opts.concepts === undefined ? undefined : conceptList(opts.concepts);
  const scenario = loadScenarioSync(file);
  // A what-if's stability section, if it gives one, replaces the scenario's.
  const section =
    (opts.whatIf === undefined ? undefined : scenario.data.whatIfs[opts.whatIf]?.stability) ??
    scenario.data.stability;
  // Declared options bound the space of patterns: look deep enough to change each option and back.
  const depth = opts.depth ?? (section?.options ? 2 * section.options.length + 1 : 3);
  if (opts.coalitions && !section?.coalitions)
    throw new CliError(
      `${file}${opts.whatIf === undefined ? '' : ` (what-if ${opts.whatIf})`} declares no coalitions: list them under \`stability.coalitions:\` (docs/stability.md)`,
    );
  let graph: ScenarioGraph;
  try {
    // Ctrl-C, SIGTERM or --max-seconds stop the search where it is; the analysis of what was found is
    // still reported, marked as partial, and an interrupt then exits 130 or 143, as explore does.
    const deadline = opts.maxSeconds === undefined ? undefined : performance.now() + opts.maxSeconds * 1000;
    const stop = () =>
      io.signal?.aborted === true || (deadline !== undefined && performance.now() > deadline);
    graph = await stepThrough(
      scenarioGraphSteps(scenario, {
        whatIf: opts.whatIf,
        depth,
        maxStates: opts.maxStates,
        stop,
      }),
      'stability',
      undefined,
    );
  } catch (error) {
    if (error instanceof NoPreferencesError) throw new CliError(error.message);
    if (error instanceof ScenarioModelError) throw new CliError(`${file}: ${error.message}`);
    throw error;
  }
  // SIM and SEQ+SIM need declared options, each owned by one decision maker and moved only by it.
  const simultaneous = (asked ?? []).filter((c) => c === 'sim' || c === 'seqsim');
  if (simultaneous.length > 0 && graph.simultaneousIssue !== null)
    throw new CliError(
      `${simultaneous.join(' and ')} cannot be computed for ${file}: ${graph.simultaneousIssue}`,
    );
  const wanted = asked ?? (graph.simultaneousIssue === null ? concepts : scenarioConcepts);
  const result = analysed(graph.model, {
    concepts: wanted,
    sanctions: opts.sanctions,
    coalitions: opts.coalitions === true,
  });
  // Does the history as the scenario tells it end in an equilibrium?
  const run = runScenario(scenario, { whatIf: opts.whatIf, seed: opts.seed });
  const end = projectRun(graph, run);
  const endUnder = end.state < 0 ? [] : wanted.filter((c) => (result.equilibria[c] as Uint8Array)[end.state]);
  const history =
    end.state < 0
      ? `The scenario as written (seed ${run.seed}) ends with the facts ${end.pattern}, a combination the exploration did not reach within its bound.`
      : `The scenario as written (seed ${run.seed}) ends in state ${end.state + 1} (${end.pattern})${endUnder.length > 0 ? `, an equilibrium under ${endUnder.map((c) => conceptNames[c]).join(', ')}.` : ', which is not an equilibrium under any concept asked for.'}`;
  const ex = graph.explored;
  const movers = ex.movers.join(', ');
  const scope =
    ex.bound === null
      ? `Explored every world reachable by ${movers}: ${ex.states.toLocaleString('en-GB')} worlds.`
      : ex.bound === 'stopped'
        ? `PARTIAL: the search was stopped (${io.signal?.aborted ? 'interrupted' : '--max-seconds'}) after ${ex.states.toLocaleString('en-GB')} worlds reachable by ${movers}: the verdicts hold only for the moves found so far.`
        : `Explored ${ex.states.toLocaleString('en-GB')} worlds reachable by ${movers}, ${ex.bound === 'depth' ? `up to ${depth} moves deep (--depth)` : `up to ${opts.maxStates.toLocaleString('en-GB')} worlds (--max-states)`}: the verdicts hold for the moves found within that bound.`;
  const written: Record<number, string> = {};
  const picture = writePicture(result, opts.out);
  if (opts.fromStatusQuo && opts.out !== undefined) {
    for (const c of result.concepts)
      for (const s of statesIn(result.equilibria[c] as Uint8Array)) {
        if (written[s] !== undefined) continue;
        const moves = worldPathTo(graph, s);
        if (!moves) continue;
        const target = join(opts.out, fileName(`to-${graph.model.label(s)}`));
        writeOut(
          '--out',
          target,
          replayPath(scenario, moves, `reaches state ${s + 1} (${graph.model.label(s)})`).file,
        );
        written[s] = target;
      }
  }
  const report = { fromStatusQuo: opts.fromStatusQuo === true, width: textWidth(io.columns) };
  if (opts.json) {
    const json = stabilityJson(result, report);
    io.out(
      `${JSON.stringify({ ...json, explored: { worlds: ex.states, movers: ex.movers, depth, maxStates: opts.maxStates, bound: ex.bound }, history: { seed: run.seed, pattern: end.pattern, state: end.state < 0 ? null : end.state + 1, equilibriumUnder: endUnder }, ...(opts.out ? { replays: Object.fromEntries(Object.entries(written).map(([s, f]) => [graph.model.label(Number(s)), f])) } : {}) }, null, 2)}\n`,
    );
  } else {
    const lines = [fitLines(scope, textWidth(io.columns)), '', renderStability(result, report).trimEnd()];
    lines.push('', fitLines(history, textWidth(io.columns)));
    if (picture) lines.push('', picture);
    const files = Object.entries(written);
    if (files.length > 0)
      lines.push('', 'Replay each path with auspices run:', ...files.map(([, f]) => `  auspices run ${f}`));
    io.out(`${lines.join('\n')}\n`);
  }
  if (io.signal?.aborted) throw interrupted('stability', io.signal);
}

/**
 * Writes a file an option asks for; a file that cannot be written is the user's to fix (exit 2), with
 * the option that named it. `--out` folders are made beforehand; other folders must exist.
 */
function writeOut(option: string, target: string, text: string): void {
  try {
    writeAtomically(target, text);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(
      code === 'ENOENT'
        ? `cannot write ${target}: the folder ${dirname(target)} does not exist; create it, or choose another path with ${option}`
        : `cannot write ${target}: ${(error as Error).message}; choose another path with ${option}`,
    );
  }
}

/** The analysis, with a model too large for a concept or a reading reported as the user's to narrow (exit 2). */
function analysed(model: GraphModel, options: StabilityOptions): StabilityResult {
  try {
    return analyseStability(model, options);
  } catch (error) {
    if (error instanceof SanctionLimitError || error instanceof StabilityLimitError)
      throw new CliError(error.message);
    throw error;
  }
}

/** Writes `stability.svg` into `out` (made if need be), and says where, or why it was not drawn. */
function writePicture(result: StabilityResult, out: string | undefined): string | null {
  if (out === undefined) return null;
  // The folder also takes the paths from the status quo, drawn or not.
  try {
    makeFolder(out);
  } catch (error) {
    throw new CliError(
      `cannot make the folder ${out}: ${(error as Error).message}; choose another with --out`,
    );
  }
  const svg = stabilitySvg(result);
  if (svg === null)
    return `No picture: ${result.model.size.toLocaleString('en-GB')} states are too many to draw (at most ${maxDrawnStates}).`;
  const target = join(out, 'stability.svg');
  writeOut('--out', target, svg);
  return `Picture of the graph: ${target}`;
}

/** The concepts a scenario's graph model supports without an option form (SIM needs one). */
const scenarioConcepts: Concept[] = ['nash', 'gmr', 'seq', 'smr'];

function conceptList(value: string): Concept[] {
  const names = value.split(',').map((c) => c.trim().toLowerCase().replace('+', ''));
  const bad = names.filter((c) => !(concepts as readonly string[]).includes(c));
  if (bad.length > 0)
    throw new CliError(
      `unknown concept${bad.length > 1 ? 's' : ''} ${bad.map((b) => `"${b}"`).join(', ')}; choose from ${concepts.join(', ')}`,
    );
  return names as Concept[];
}

function loadModel(file: string): OptionModel {
  let text: string;
  try {
    text = readTextFile(file, { maxBytes: maxModelBytes, what: 'model files' });
  } catch (error) {
    if (error instanceof UnreadableFileError) throw new CliError(`${file}: ${error.message}`);
    throw error;
  }
  try {
    return parseGmcr(text, file);
  } catch (error) {
    if (error instanceof ModelFileError) throw new CliError(error.message.replace(/^/, ''), 2);
    throw error;
  }
}

/** `auspices stability`: which states of a graph model are stable, for whom, and why. */
export function registerStability(cmd: Command, io: CliIo): void {
  cmd
    .command('stability')
    .description(
      'find the stable states of a conflict under Nash, GMR, SMR, SEQ, SIM and SEQ+SIM, with the reason for each, for each decision maker and coalition: a GMCR+ model (.gmcr), or a scenario whose actors state preferences',
    )
    .argument('<file>', 'a scenario whose actors state preferences (.yaml), or a GMCR+ model (.gmcr)')
    .option('-w, --what-if <name>', 'analyse a named what-if of the scenario')
    .option(
      '--seed <n>',
      'scenarios: the seed of the run whose end is set against the equilibria (default: the scenario seed)',
      parseSeed,
    )
    .option(
      '-d, --depth <moves>',
      'scenarios: explore the world this many moves deep, day ends included (default 3, or twice the number of declared options plus one)',
      positive('--depth', 0),
    )
    .option(
      '-t, --max-seconds <s>',
      'scenarios: stop exploring after this many seconds and analyse what was found, marked as partial',
      positive('--max-seconds', 1),
    )
    .option(
      '-n, --max-states <n>',
      'scenarios: explore at most this many worlds',
      positive('--max-states', 1),
      200_000,
    )
    .option(
      '-o, --out <dir>',
      'write a picture of the graph (stability.svg: the equilibria, the status quo and the paths from it); for a scenario with --from-status-quo, also each path from the start to an equilibrium as a scenario file that `auspices run` replays',
    )
    .option(
      '-c, --concepts <list>',
      `concepts to compute, comma-separated (${concepts.join(', ')}); all by default`,
    )
    .addOption(
      new Option(
        '-s, --sanctions <reading>',
        'how far opponents may go to sanction a move: any legal sequence (the textbook definition), each opponent at most once, or one move by one opponent (as GMCR+ computes)',
      )
        .choices(sanctionReadings)
        .default('legal' as const),
    )
    .option('--coalitions', "also analyse the model's coalitions, each moving as one")
    .option('--from-status-quo', 'show the shortest path from the status quo to each equilibrium')
    .option(
      '--status-quo <pattern>',
      'the status quo as a Y/N pattern (one letter per option), if the file names none',
    )
    .option('--json', 'print the result as JSON (format auspices.stability, version 1)')
    .option(
      '--write-gmcr <file>',
      'also write the model as a GMCR+ file (for example after adding --status-quo)',
    )
    .option(
      '--write-scenario <file>',
      'also write the model as a scenario file (one custom region per decision maker), to run, play, explore or analyse it as a process',
    )
    .action(async (file, opts) => {
      if (/\.ya?ml$/i.test(file)) {
        await scenarioStability(file, opts, io);
        return;
      }
      let model = loadModel(file);
      if (opts.statusQuo !== undefined) {
        const pattern = opts.statusQuo;
        if (!/^[YN]+$/.test(pattern) || pattern.length !== model.options.length)
          throw new CliError(
            `--status-quo "${pattern}" is not a Y/N pattern of ${model.options.length} letters (one per option)`,
          );
        const code = [...pattern].reduce((c, ch, i) => c | ((ch === 'Y' ? 1 : 0) << i), 0);
        const at = feasibleCodes(model).indexOf(code);
        if (at < 0) throw new CliError(`--status-quo ${pattern} is an infeasible state of this model`);
        model = { ...model, statusQuo: at + 1 };
      }
      const wanted = opts.concepts === undefined ? concepts : conceptList(opts.concepts);
      let graphModel: GraphModel;
      try {
        graphModel = toGraphModel(model);
      } catch (error) {
        if (error instanceof ModelTooLargeError) throw new CliError(error.message);
        throw error;
      }
      const result = analysed(graphModel, {
        concepts: wanted,
        sanctions: opts.sanctions,
        coalitions: opts.coalitions === true,
      });
      // The picture first: it makes the --out folder, which the files below may be written into.
      const picture = writePicture(result, opts.out);
      if (opts.writeGmcr !== undefined) writeOut('--write-gmcr', opts.writeGmcr, writeGmcr(model));
      if (opts.writeScenario !== undefined) {
        let text: string;
        try {
          text = gmcrScenario(model, basename(file).replace(/\.gmcr$/i, ''));
        } catch (error) {
          if (error instanceof ModelNotWritableError)
            throw new CliError(`--write-scenario: ${error.message}`);
          throw error;
        }
        writeOut('--write-scenario', opts.writeScenario, text);
      }
      const report = { fromStatusQuo: opts.fromStatusQuo === true, width: textWidth(io.columns) };
      io.out(
        opts.json
          ? `${JSON.stringify(stabilityJson(result, report), null, 2)}\n`
          : `${renderStability(result, report)}${picture ? `\n${picture}\n` : ''}`,
      );
    });
}
