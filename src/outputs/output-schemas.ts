import { z } from 'zod';
import { batchManifestSchema, batchRecordSchema, batchSummarySchema } from './batch-output.js';
import { compareOutputSchema } from './compare-output.js';
import { exploreOutputSchema } from './explore-output.js';
import { playSaveSchema } from './play-output.js';
import { runOutputSchema } from './run-output.js';
import { stabilityOutputSchema } from './stability-output.js';

/** One JSON output of auspices that other programs read: its format's name, what writes it, its schema. */
export interface OutputFormat {
  /** The format's name: the output's `format` field (a batch's results lines carry none). */
  readonly name: string;
  /** What writes it, in a phrase. */
  readonly writtenBy: string;
  readonly schema: z.ZodType;
}

/**
 * The JSON outputs of auspices, each with its zod schema: the single description of each output, from
 * which `docs/schemas/*.schema.json` is generated (`npm run schema:outputs`). Every schema is strict: a
 * field it does not name is an error.
 *
 * @example
 * ```ts
 * import { loadScenario, narrate, outputFormats, runScenario } from 'auspices';
 * const run = JSON.parse(narrate(runScenario(await loadScenario('scenarios/karabakh/format-week-2020.yaml')), { format: 'json' }));
 * outputFormats.find((f) => f.name === run.format)?.schema.parse(run); // throws if the output is not as documented
 * ```
 */
export const outputFormats: readonly OutputFormat[] = [
  {
    name: 'auspices.run',
    writtenBy: "auspices run --format json; narrate(result, { format: 'json' })",
    schema: runOutputSchema,
  },
  {
    name: 'auspices.compare',
    writtenBy: "auspices compare --format json; renderComparison(c, 'json')",
    schema: compareOutputSchema,
  },
  {
    name: 'auspices.explore',
    writtenBy: 'auspices explore --json; exploreJson(...)',
    schema: exploreOutputSchema,
  },
  {
    name: 'auspices.batch-manifest',
    writtenBy: "a batch's manifest.json (auspices batch, merge; writeBatch)",
    schema: batchManifestSchema,
  },
  {
    name: 'auspices.batch-summary',
    writtenBy: "a batch's summary.json (auspices batch, merge; writeBatch)",
    schema: batchSummarySchema,
  },
  {
    name: 'auspices.batch-record',
    writtenBy: "each line of a batch's results.jsonl (auspices batch, merge; writeBatch)",
    schema: batchRecordSchema,
  },
  {
    name: 'auspices.play-save',
    writtenBy: 'a game saved by auspices play; PlaySession.save()',
    schema: playSaveSchema,
  },
  {
    name: 'auspices.stability',
    writtenBy: 'auspices stability --json; stabilityJson(...)',
    schema: stabilityOutputSchema,
  },
];

/** The JSON Schema of an output format, as published in `docs/schemas/<name>.schema.json`. */
export function outputJsonSchema(format: OutputFormat): Record<string, unknown> {
  const schema = z.toJSONSchema(format.schema, { io: 'output' }) as Record<string, unknown>;
  return {
    ...schema,
    $id: `https://auspices.dev/schemas/${format.name}.schema.json`,
    title: format.name,
    description: `Written by ${format.writtenBy}.`,
  };
}

/** Every output's JSON Schema as the text of its file, by file name (`auspices.run.schema.json`, ...). */
export function outputJsonSchemaFiles(): Map<string, string> {
  return new Map(
    outputFormats.map((f) => [`${f.name}.schema.json`, `${JSON.stringify(outputJsonSchema(f), null, 2)}\n`]),
  );
}
