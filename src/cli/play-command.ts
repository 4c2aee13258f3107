import type { Command } from '@commander-js/extra-typings';
import { type CliIo, engineOption, parseSeed } from './io.js';
import type { PlayTerminal } from './play.js';

/**
 * `auspices play <file> --as ACTOR`: play one actor of a scenario in the terminal, day by day, with the
 * other actors on their policies; undo, save and resume; an after-action summary at the end.
 */
export function registerPlay(program: Command, io: CliIo, terminal?: PlayTerminal): void {
  program
    .command('play')
    .description(
      'play one side of a scenario in the terminal: news, your moves, why a move is refused, undo, save',
    )
    .argument('<file>', 'scenario file (YAML or JSON)')
    .option('-a, --as <actor>', 'the actor you play (e.g. azerbaijan, france)')
    .option('-s, --seed <n>', 'seed of the game (default: the scenario seed)', parseSeed)
    .option('-w, --what-if <name>', 'play one of the scenario’s named what-ifs')
    .addOption(engineOption())
    .option('--resume <file>', 'continue a saved game (of the same scenario file)')
    .option(
      '--save <file>',
      'where Save, Quit and Ctrl-C write the game (default: the --resume file, else <scenario>-<actor>.play.json)',
    )
    // The game and its prompts load when a game starts, not with every command.
    .action(async (file, opts) => (await import('./play.js')).playGame(file, opts, io, terminal));
}
