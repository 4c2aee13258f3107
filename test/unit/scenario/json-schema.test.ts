import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scenarioJsonSchema, scenarioJsonSchemaText } from '../../../src/scenario/json-schema.js';

const committedFile = 'scenarios/scenario.schema.json';

describe('scenarioJsonSchemaText', () => {
  it('should equal the committed scenarios/scenario.schema.json', () => {
    const committed = readFileSync(committedFile, 'utf8');
    expect(
      committed,
      `${committedFile} is stale: the scenario schema changed; run \`npm run schema\` and commit the result`,
    ).toBe(scenarioJsonSchemaText());
  });

  it('should be the pretty-printed schema ending with a newline', () => {
    const text = scenarioJsonSchemaText();
    expect(text.endsWith('}\n')).toBe(true);
    expect(JSON.parse(text)).toEqual(scenarioJsonSchema());
  });
});

describe('scenarioJsonSchema', () => {
  it('should carry the id and title editors show', () => {
    const schema = scenarioJsonSchema();
    expect(schema.$id).toBe('https://auspices.dev/scenario.schema.json');
    expect(schema.title).toBe('auspices scenario');
  });

  it('should accept both complete scenarios and files that extend another', () => {
    const schema = scenarioJsonSchema() as { anyOf?: { required?: string[]; properties?: object }[] };
    expect(schema.anyOf).toHaveLength(2);
    const [complete, extension] = schema.anyOf ?? [];
    expect(complete?.required).toEqual(
      expect.arrayContaining(['id', 'title', 'calendar', 'actors', 'formats']),
    );
    expect(extension?.required).toEqual(expect.arrayContaining(['extends', 'title']));
  });

  it('should describe the fields a trainer writes', () => {
    const text = scenarioJsonSchemaText();
    expect(text).toContain('the event, `subject.verb` (e.g. talks.urge)');
    expect(text).toContain('required for historical injects');
  });
});
