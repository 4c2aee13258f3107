import { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from '@commander-js/extra-typings';
import { makeFolder } from '../batch/run-dir.js';
import { briefGenerator } from '../report/brief-html.js';
import { type BriefFile, briefKit } from '../report/brief-kit.js';
import { hint } from '../scenario/issues.js';
import { loadScenarioSync } from '../scenario/read-file.js';
import { runScenario } from '../sim/run-scenario.js';
import { CliError } from './cli-error.js';
import type { CliIo } from './io.js';

const marker = `<meta name="generator" content="${briefGenerator}">`;

/** Refuse to overwrite anything in `dir` that an earlier `auspices brief` did not write. */
function checkTargets(dir: string, files: readonly BriefFile[]): void {
  for (const f of files) {
    const target = join(dir, f.name);
    if (!existsSync(target)) continue;
    let ours = false;
    try {
      ours = statSync(target).isFile() && readFileSync(target, 'utf8').includes(marker);
    } catch {
      ours = false;
    }
    if (!ours)
      throw new CliError(
        `${target} exists and was not written by auspices brief; choose another --out, or move that file away`,
      );
  }
}

/**
 * Write every file beside its final name first, then rename them into place, so a failed write leaves
 * the folder as it was (files written by an earlier run included) and no part-written page.
 */
function writeKit(dir: string, files: readonly BriefFile[]): void {
  const staged: string[] = [];
  try {
    for (const f of files) {
      const temporary = join(dir, `.${f.name}.tmp-${process.pid}`);
      writeFileSync(temporary, f.html);
      staged.push(temporary);
    }
  } catch (error) {
    for (const t of staged) rmSync(t, { force: true });
    throw new CliError(`cannot write the kit into ${dir}: ${(error as Error).message}`);
  }
  let placed = 0;
  try {
    for (const f of files) {
      renameSync(staged[placed]!, join(dir, f.name));
      placed++;
    }
  } catch (error) {
    for (const t of staged.slice(placed)) rmSync(t, { force: true });
    throw new CliError(
      `cannot write the kit into ${dir}: ${(error as Error).message}; ${placed} of ${files.length} files were written`,
    );
  }
}

/** `auspices brief`: the trainer's kit of a scenario, as printable HTML pages in a folder. */
export function registerBrief(cmd: Command, io: CliIo): void {
  cmd
    .command('brief')
    .description(
      "write the trainer's kit of a scenario as printable HTML: a brief per role, a public sheet, the facilitator's inject list and a debrief sheet",
    )
    .argument('<file>', 'scenario file (YAML or JSON)')
    .option('-w, --what-if <name>', 'the kit of one of the scenario’s named what-ifs')
    .option('--as <actor>', 'write the brief of this role only (the shared sheets are written too)')
    .requiredOption('-o, --out <dir>', 'the folder to write the kit into; created if missing')
    .action((file, opts) => {
      if (existsSync(opts.out) && !statSync(opts.out).isDirectory())
        throw new CliError(`--out ${opts.out} is a file, not a folder; give a folder to write the kit into`);
      const scenario = loadScenarioSync(file);
      const run = runScenario(scenario, { whatIf: opts.whatIf });
      const roles = Object.keys(run.scenario.data.briefs ?? {});
      if (opts.as !== undefined && !roles.includes(opts.as)) {
        const actors = Object.keys(run.scenario.data.actors);
        throw new CliError(
          roles.length === 0
            ? `--as ${opts.as}: this pack has no role briefs (\`briefs:\`)`
            : Object.hasOwn(run.scenario.data.actors, opts.as)
              ? `--as ${opts.as}: this actor has no brief; roles with briefs: ${roles.join(', ')}`
              : `--as ${opts.as}: no such actor${hint(opts.as, actors)}; roles with briefs: ${roles.join(', ')}`,
        );
      }
      const files = briefKit(run, { as: opts.as });
      try {
        makeFolder(opts.out);
      } catch (error) {
        throw new CliError(`cannot create ${opts.out}: ${(error as Error).message}; choose another --out`);
      }
      checkTargets(opts.out, files);
      writeKit(opts.out, files);
      const none = roles.length === 0 ? ' (this pack has no role briefs)' : '';
      io.out(
        `brief: ${files.length} files${none} -> ${join(opts.out, 'index.html')}\n${files.map((f) => `  ${f.name}  ${f.purpose}\n`).join('')}`,
      );
    });
}
