import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../../src/scenario/parse.js';
import { limits } from '../../../src/scenario/read-yaml.js';
import { issuesOf } from '../../support/issues.js';

function issuesOfText(text: string) {
  return issuesOf(() => parseScenario(text, 'hostile.yaml'));
}

describe('parseScenario on hostile input', () => {
  it('should refuse an alias bomb quickly instead of expanding it', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 12; i++) {
      const refs = Array.from({ length: 10 }, () => `*a${i - 1}`).join(', ');
      lines.push(`a${i}: &a${i} [${refs}]`);
    }
    const started = performance.now();
    const issues = issuesOfText(lines.join('\n'));
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(issues[0]?.message).toMatch(/too many aliases/);
  });

  it('should refuse nesting deeper than the limit, at the place it happens', () => {
    const deep = `id: x\ntitle: deep\nextra: ${'['.repeat(limits.maxDepth + 5)}${']'.repeat(limits.maxDepth + 5)}\n`;
    const issues = issuesOfText(deep);
    expect(issues[0]?.message).toBe(`nesting deeper than ${limits.maxDepth} levels`);
    expect(issues[0]?.line).toBe(3);
  });

  it('should refuse a file larger than the limit without parsing it', () => {
    const issues = issuesOfText(`# ${'x'.repeat(limits.maxBytes)}\n`);
    expect(issues[0]).toMatchObject({ line: 1, col: 1 });
    expect(issues[0]?.message).toMatch(/limited to/);
  });

  it('should refuse a top level that is not a mapping', () => {
    expect(issuesOfText('- just\n- a list\n')[0]?.message).toMatch(/must be a mapping/);
  });
});
