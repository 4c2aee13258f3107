import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cliReference } from '../../src/cli/main.js';

describe('docs/cli.md', () => {
  it("should be the commands' own help as they print it today (else run `npm run docs:cli`)", () => {
    expect(readFileSync('docs/cli.md', 'utf8')).toBe(cliReference());
  });

  it('should document every command, the completion command among them', () => {
    const text = cliReference();
    for (const command of [
      'run',
      'validate',
      'batch',
      'compare',
      'merge',
      'play',
      'explore',
      'regions',
      'brief',
      'serve',
      'diagram',
      'schema',
      'completion',
    ])
      expect(text).toContain(`\n## auspices ${command}\n`);
    // The help as an 80-column terminal shows it.
    const blocks = [...text.matchAll(/```text\n([\s\S]*?)```/g)].map((m) => m[1]!);
    for (const line of blocks.join('').split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
  });
});
