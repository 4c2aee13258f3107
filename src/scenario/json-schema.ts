import { z } from 'zod';
import { scenarioFileSchema } from './schema.js';

/** The JSON Schema of scenario files, for editors (`# yaml-language-server: $schema=...`). */
export function scenarioJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(scenarioFileSchema, { io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return { ...schema, $id: 'https://auspices.dev/scenario.schema.json', title: 'auspices scenario' };
}

/** The JSON Schema as the text written to `scenarios/scenario.schema.json`. */
export function scenarioJsonSchemaText(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}
