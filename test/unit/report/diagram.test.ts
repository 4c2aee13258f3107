import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createWorldMachine } from '../../../src/machines/world-machine.js';
import { diagram, diagramEdges } from '../../../src/report/diagram.js';

const machine = createWorldMachine();
const edges = diagramEdges(machine);

/** Every state node of the world statechart: atomic ones as their id, composite ones as their cluster. */
function stateIds(): string[] {
  const out: string[] = [];
  const walk = (node: { id: string; states: Record<string, unknown> }) => {
    out.push(Object.keys(node.states).length > 0 ? `cluster_${node.id}` : node.id);
    for (const child of Object.values(node.states)) walk(child as never);
  };
  walk(machine.root as never);
  return out;
}

describe('diagramEdges', () => {
  it('should list every transition of the statechart, eventless ones as always, with the rules of their guards', () => {
    let count = 0;
    const walk = (node: typeof machine.root) => {
      for (const list of node.transitions.values())
        for (const t of list) count += Math.max(1, t.target?.length ?? 0);
      count += node.always?.length ?? 0;
      for (const child of Object.values(node.states)) walk(child as typeof machine.root);
    };
    walk(machine.root);
    expect(edges).toHaveLength(count);
    expect(edges).toContainEqual({
      from: 'world.talks.urged',
      to: 'world.talks.convened',
      event: 'talks.convene',
      guard: 'canConvene',
      rules: ['R2', 'R3', 'R4', 'M1', 'R14'],
    });
    expect(edges).toContainEqual({
      from: 'world.hostilities.ceasefire.strained',
      to: 'world.hostilities.war',
      event: 'always',
      guard: 'hasEnoughViolations',
      rules: ['R7'],
    });
  });
});

describe('diagram', () => {
  it('should draw every state and every transition in DOT, eventless ones dashed', () => {
    const dot = diagram(machine, 'dot');
    expect(dot.startsWith('digraph world {')).toBe(true);
    expect(dot.split('{').length).toBe(dot.split('}').length);
    for (const id of stateIds()) expect(dot).toContain(`"${id}"`);
    const arrows = dot.split('\n').filter((l) => l.includes(' -> '));
    expect(arrows).toHaveLength(edges.length);
    expect(arrows.filter((l) => l.includes('style=dashed'))).toHaveLength(
      edges.filter((e) => e.event === 'always').length,
    );
    expect(dot).toContain('label="talks.convene [canConvene: R2, R3, R4, M1, R14]"');
  });

  it('should draw Mermaid with parallel regions, initial states and the given states in bold', () => {
    const text = diagram(machine, 'mermaid', ['world.talks.dormant']);
    expect(text.startsWith('stateDiagram-v2')).toBe(true);
    expect(text.split('{').length).toBe(text.split('}').length);
    expect(text.split('\n').filter((l) => / --> .*: /.test(l))).toHaveLength(edges.length);
    expect(text).toContain('[*] --> world_talks_dormant');
    expect(text).toContain('    --\n'); // regions of a parallel state
    expect(text).toContain('world_talks_settled --> [*]');
    expect(text).toContain('class world_talks_dormant active');
  });

  it('should be printed by `auspices diagram`, marking a scenario’s initial states', () => {
    const result = spawnSync(
      process.execPath,
      ['dist/cli/bin.js', 'diagram', 'scenarios/karabakh/format-week-2020.yaml', '--format', 'dot'],
      { encoding: 'utf8' },
    );
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/"world\.monitoring\.peacekeepers" \[label="peacekeepers", penwidth=3/);
    const bad = spawnSync(process.execPath, ['dist/cli/bin.js', 'diagram', '--format', 'png'], {
      encoding: 'utf8',
    });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('Allowed choices are mermaid, dot, svg');
  });
});
