// Write docs/cli.md from the commands' own help (run after `npm run build`; `npm run docs:cli` does both).
import { writeFileSync } from 'node:fs';
import { cliReference } from '../dist/cli/main.js';

writeFileSync(new URL('../docs/cli.md', import.meta.url), cliReference());
