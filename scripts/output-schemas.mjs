// Writes docs/schemas/<format>.schema.json, the JSON Schema of each JSON output, from the zod schemas in
// src/outputs/ (built into dist/ first: `npm run schema:outputs`). A test fails while a file is stale.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { outputJsonSchemaFiles } from '../dist/outputs/output-schemas.js';

const dir = join('docs', 'schemas');
mkdirSync(dir, { recursive: true });
const files = outputJsonSchemaFiles();
for (const name of readdirSync(dir))
  if (name.endsWith('.schema.json') && !files.has(name)) rmSync(join(dir, name));
for (const [name, text] of files) writeFileSync(join(dir, name), text);
console.log(`wrote ${files.size} schemas to ${dir}/`);
