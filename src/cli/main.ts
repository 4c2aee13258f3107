import { readFileSync } from 'node:fs';
import { Argument, Command, CommanderError, Option } from '@commander-js/extra-typings';
import { BatchInputError } from '../batch/run-dir.js';
import { createWorldMachine } from '../machines/world-machine.js';
import { diagram } from '../report/diagram.js';
import { diagramSvg } from '../report/diagram-svg.js';
import { narrate } from '../report/render.js';
import { initialValue } from '../scenario/initial-world.js';
import { renderIssues, ScenarioError } from '../scenario/issues.js';
import { scenarioJsonSchemaText } from '../scenario/json-schema.js';
import { loadScenarioSync } from '../scenario/read-file.js';
import { UnknownWhatIfError } from '../scenario/what-if.js';
import { scenarioWorld } from '../scenario/world.js';
import { ReactionLimitError } from '../sim/reaction-limit.js';
import { type RunResult, runScenarioSteps } from '../sim/run-scenario.js';
import { batchCommands } from './batch-commands.js';
import { registerBrief } from './brief.js';
import { CliError } from './cli-error.js';
import { completionScript, shells } from './completion.js';
import { registerExplore } from './explore.js';
import { checkpoints, stepThrough } from './interrupt.js';
import { type CliIo, engineOption, parseAt, parseSeed, reportFormatOption } from './io.js';
import { registerMcp } from './mcp.js';
import { registerPlay } from './play-command.js';
import { policiesFrom, policiesOption } from './policies-option.js';
import { registerRegions } from './regions.js';
import { safeIo } from './safe-output.js';
import { registerServe } from './serve.js';
import { registerStability } from './stability.js';

export type { CliIo } from './io.js';

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

function program(io: CliIo) {
  const cmd = new Command('auspices')
    .description(
      'Simulate the format of international mediation: who mediates, under whose auspices, with whom at the table.',
    )
    .version(version(), '-V, --version')
    .exitOverride()
    .showHelpAfterError('(run `auspices --help` for usage)')
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });

  cmd
    .command('run')
    .description('run a scenario and print its narrated timeline and outcome')
    .argument('<file>', 'scenario file (YAML or JSON)')
    .option('-s, --seed <n>', 'seed of the run (default: the scenario seed)', parseSeed)
    .option('-w, --what-if <name>', 'apply one of the scenario’s named what-ifs')
    .option(
      '--at <day-or-date>',
      'branch from history: the scenario as written until then, the what-if from that day (a date, or days after the start)',
      parseAt,
    )
    .addOption(engineOption())
    .addOption(reportFormatOption())
    .addOption(policiesOption())
    .action(async (file, opts) => {
      const policies = await policiesFrom(opts.policies);
      const scenario = loadScenarioSync(file, { policies });
      if (opts.at !== undefined && !opts.whatIf)
        throw new CliError('--at branches a what-if from history; name it with --what-if NAME');
      let result: RunResult;
      try {
        // Day by day, so that Ctrl-C stops a long run (see interrupt.ts).
        const steps = runScenarioSteps(scenario, {
          seed: opts.seed,
          whatIf: opts.whatIf,
          engine: opts.engine,
          at: opts.at,
          policies,
        });
        result = await stepThrough(steps, 'run', io.signal);
      } catch (error) {
        if (error instanceof RangeError)
          throw new CliError(error.message.replace(/^auspices: runScenario: /, '--'));
        throw error;
      }
      const colour = io.colour === true && opts.format === 'text';
      (io.outStyled ?? io.out)(narrate(result, { format: opts.format, width: io.columns, colour }));
      if (result.outcome.violations.length > 0) {
        throw new CliError(
          `${result.outcome.violations.length} scenario invariant(s) broken; see the outcome above`,
          1,
        );
      }
    });

  cmd
    .command('validate')
    .description('check scenario files and report every problem as file:line:col')
    .argument('<files...>', 'scenario files')
    .option(
      '--json',
      'print one JSON object a line per file: { file, ok, issues }, each issue with its code and path',
    )
    .addOption(policiesOption())
    .action(async (files, opts) => {
      const policies = await policiesFrom(opts.policies);
      let bad = 0;
      const checkpoint = checkpoints('validate', io.signal);
      for (const file of files) {
        await checkpoint();
        try {
          const s = loadScenarioSync(file, { policies });
          const n = Object.keys(s.data.whatIfs).length;
          // Warnings leave the file valid: printed after its `ok` line, exit 0.
          const warnings = s.warnings ?? [];
          io.out(
            opts.json
              ? `${JSON.stringify({ file, ok: true, issues: warnings })}\n`
              : `${file}: ok (${Object.keys(s.data.actors).length} actors, ${s.data.injects.length} injects, ${n} what-if${n === 1 ? '' : 's'})\n`,
          );
          if (!opts.json && warnings.length > 0) io.err(`${renderIssues(warnings)}\n`);
        } catch (error) {
          if (!(error instanceof ScenarioError)) throw error;
          bad++;
          if (opts.json) io.out(`${JSON.stringify({ file, ok: false, issues: error.issues })}\n`);
          else io.err(`${error.message}\n`);
        }
      }
      if (bad > 0) throw new CliError(`${bad} of ${files.length} file(s) invalid`);
    });

  batchCommands(cmd, io);
  registerPlay(cmd, io);
  registerExplore(cmd, io);
  registerRegions(cmd, io);
  registerBrief(cmd, io);
  registerStability(cmd, io);
  registerServe(cmd, io);
  registerMcp(cmd, io, version());

  cmd
    .command('diagram')
    .description(
      'draw the world statechart as Mermaid or Graphviz DOT text, or as an SVG laid out with elkjs, with a scenario’s initial states marked',
    )
    .argument('[file]', 'scenario file whose initial states to mark')
    .addOption(
      new Option('-f, --format <format>', 'output format')
        .choices(['mermaid', 'dot', 'svg'] as const)
        .default('mermaid' as const),
    )
    .action(async (file, opts) => {
      const active: string[] = [];
      if (file && opts.format === 'svg') {
        const scenario = loadScenarioSync(file);
        io.out(
          `${await diagramSvg(scenarioWorld(scenario.data).machine, { active: initialValue(scenario.data), title: scenario.data.title })}\n`,
        );
        return;
      }
      if (opts.format === 'svg') {
        io.out(`${await diagramSvg(createWorldMachine(), { title: 'The world statechart' })}\n`);
        return;
      }
      let machine = createWorldMachine();
      if (file) {
        const scenario = loadScenarioSync(file);
        machine = scenarioWorld(scenario.data).machine;
        const walk = (value: unknown, path: string) => {
          if (typeof value === 'string') active.push(`${path}.${value}`);
          else
            for (const [key, sub] of Object.entries(value as Record<string, unknown>)) {
              active.push(`${path}.${key}`);
              walk(sub, `${path}.${key}`);
            }
        };
        walk(initialValue(scenario.data), 'world');
      }
      io.out(diagram(machine, opts.format, active));
    });

  cmd
    .command('schema')
    .description('print the JSON Schema of scenario files (for editor autocompletion)')
    .action(() => io.out(scenarioJsonSchemaText()));

  cmd
    .command('completion')
    .description('print a completion script for your shell (bash, zsh or fish), made from these commands')
    .addArgument(new Argument('<shell>', 'the shell').choices(shells))
    .addHelpText(
      'after',
      '\nLoad it in the running shell:\n  bash: source <(auspices completion bash)\n  zsh:  source <(auspices completion zsh)\n  fish: auspices completion fish | source',
    )
    .action((shell) => io.out(completionScript(cmd, shell)));

  return cmd;
}

/**
 * The command-line reference: the usage of the program and of each command, as `--help` prints them at
 * 80 columns, in Markdown. `docs/cli.md` is this text (`npm run docs:cli` writes it; a test keeps it so).
 */
export function cliReference(): string {
  let captured = '';
  const io: CliIo = { out: (text) => (captured += text), err: () => {} };
  const root = program(io).configureHelp({ helpWidth: 80 });
  // `outputHelp` prints what `--help` prints, the text added after the options included.
  const help = (cmd: { outputHelp(): void }) => {
    captured = '';
    cmd.outputHelp();
    return captured.trimEnd();
  };
  const sections = [
    '# Command-line reference',
    '',
    "<!-- Written by `npm run docs:cli` from the commands' own help; do not edit by hand. -->",
    '',
    'Every command prints this with `--help` (`auspices run --help`). Exit codes: 0 done; 1 done, but an',
    "invariant broke, a question's answer differs, or output could not be written; 2 bad input (with",
    '`file:line:col` and what to do); 130 or 143 stopped by Ctrl-C or SIGTERM; 70 a bug',
    '([reliability.md](reliability.md#exit-codes)).',
    '',
    'Shell completion: `source <(auspices completion bash)`, `source <(auspices completion zsh)`, or',
    '`auspices completion fish | source`; save the script where your shell loads completions to keep it.',
    '',
    '```text',
    help(root),
    '```',
  ];
  for (const sub of root.commands) {
    sub.configureHelp({ helpWidth: 80 });
    sections.push('', `## auspices ${sub.name()}`, '', '```text', help(sub), '```');
  }
  return `${sections.join('\n')}\n`;
}

/**
 * Run the command line with `argv` (without `node` and the script). Resolves to the exit code; never
 * rejects for bad input.
 */
export async function runCli(argv: readonly string[], rawIo: CliIo): Promise<number> {
  // Everything printed, reports and errors alike, is made safe for a terminal (see safe-output.ts).
  const io = safeIo(rawIo);
  // `-v` is kept beside the conventional `-V` for scripts written when it was the only one; no arguments
  // at all print the usage on standard output.
  const args = argv.length === 0 ? ['--help'] : argv.length === 1 && argv[0] === '-v' ? ['-V'] : [...argv];
  try {
    await program(io).parseAsync(args, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.code === 'commander.help'
      )
        return 0;
      return 2;
    }
    if (error instanceof ScenarioError) {
      io.err(`${error.message}\n`);
      return 2;
    }
    // A valid file whose rules would make a run go on without end.
    if (error instanceof ReactionLimitError) {
      io.err(`${error.message}\n`);
      return 2;
    }
    if (
      error instanceof UnknownWhatIfError ||
      error instanceof BatchInputError ||
      error instanceof RangeError
    ) {
      io.err(`auspices: ${error.message}\n`);
      return 2;
    }
    if (error instanceof CliError) {
      io.err(`auspices: ${error.message}\n`);
      return error.exitCode;
    }
    io.err(
      `auspices: internal error: ${(error as Error).message}\nThis is a bug; please report it with the command you ran.\n`,
    );
    return 70;
  }
}
