import type { Command } from '@commander-js/extra-typings';
import { defaultWorld } from '../machines/compose-world.js';
import { regionEntries, renderRegions } from '../report/regions-report.js';
import { loadScenarioSync } from '../scenario/read-file.js';
import { scenarioWorld } from '../scenario/world.js';
import type { CliIo } from './io.js';

/** `auspices regions`: the region modules of the library, or of a scenario's world, with their states, moves and rules. */
export function registerRegions(cmd: Command, io: CliIo): void {
  cmd
    .command('regions')
    .description(
      'list the region modules a world is composed from, with their states, moves and rules: the whole library, or the world of a scenario file (its custom regions included)',
    )
    .argument('[file]', 'scenario file whose world to list')
    .option('--json', 'print JSON')
    .action((file, opts) => {
      const world = file ? scenarioWorld(loadScenarioSync(file).data) : defaultWorld();
      const entries = regionEntries(world);
      io.out(
        opts.json
          ? `${JSON.stringify({ format: 'auspices-regions', version: 1, regions: entries }, null, 2)}\n`
          : renderRegions(entries),
      );
    });
}
