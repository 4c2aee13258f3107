import { type Command, Option } from '@commander-js/extra-typings';
import { writeAtomically } from '../batch/run-dir.js';
import { renderStability, stabilityJson } from '../report/stability-report.js';
import { textWidth } from '../report/text-width.js';
import { readTextFile, UnreadableFileError } from '../scenario/read-file.js';
import { analyseStability } from '../stability/analyse.js';
import { type Concept, concepts, StabilityLimitError } from '../stability/concepts.js';
import { ModelFileError, maxModelBytes, parseGmcr, writeGmcr } from '../stability/gmcr-file.js';
import { feasibleCodes, type OptionModel, toGraphModel } from '../stability/option-model.js';
import { SanctionLimitError, sanctionReadings } from '../stability/reach.js';
import { CliError } from './cli-error.js';
import type { CliIo } from './io.js';

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
  if (/\.ya?ml$/i.test(file))
    throw new CliError(
      `${file}: scenario files carry no preferences yet, so they cannot be analysed for stability; analyse a GMCR+ model (.gmcr), such as examples/stability/elmira.gmcr`,
    );
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
      'find the stable states of a conflict model (GMCR+ .gmcr file) under Nash, GMR, SMR, SEQ, SIM and SEQ+SIM, with the reason for each, for each decision maker and coalition',
    )
    .argument('<file>', 'a GMCR+ model file (.gmcr)')
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
    .action((file, opts) => {
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
      let result: ReturnType<typeof analyseStability>;
      try {
        result = analyseStability(toGraphModel(model), {
          concepts: wanted,
          sanctions: opts.sanctions,
          coalitions: opts.coalitions === true,
        });
      } catch (error) {
        if (error instanceof SanctionLimitError || error instanceof StabilityLimitError)
          throw new CliError(error.message);
        throw error;
      }
      if (opts.writeGmcr !== undefined) writeAtomically(opts.writeGmcr, writeGmcr(model));
      const report = { fromStatusQuo: opts.fromStatusQuo === true, width: textWidth(io.columns) };
      io.out(
        opts.json
          ? `${JSON.stringify(stabilityJson(result, report), null, 2)}\n`
          : renderStability(result, report),
      );
    });
}
