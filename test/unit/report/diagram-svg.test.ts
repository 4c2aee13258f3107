import { describe, expect, it } from 'vitest';
import type { AnyStateNode } from 'xstate';
import { createWorldMachine } from '../../../src/machines/world-machine.js';
import {
  activeStates,
  type DiagramLayout,
  diagramSvg,
  layoutDiagram,
  renderDiagramSvg,
} from '../../../src/report/diagram-svg.js';

const machine = createWorldMachine();
const layout: DiagramLayout = await layoutDiagram(machine);

function stateNodes(): AnyStateNode[] {
  const out: AnyStateNode[] = [];
  const walk = (node: AnyStateNode) => {
    out.push(node);
    for (const child of Object.values(node.states)) walk(child as AnyStateNode);
  };
  walk(machine.root);
  return out;
}

const box = (id: string) => layout.states.find((s) => s.id === id)!;

describe('layoutDiagram', () => {
  it('should lay out every state of the statechart, each inside the box of its parent', () => {
    const nodes = stateNodes();
    expect(layout.states.map((s) => s.id).sort()).toEqual(nodes.map((n) => n.id).sort());
    for (const node of nodes) {
      const s = box(node.id);
      expect(s.width).toBeGreaterThan(0);
      expect(s.height).toBeGreaterThan(0);
      expect(s.container).toBe(Object.keys(node.states).length > 0);
      if (!node.parent) continue;
      const p = box(node.parent.id);
      expect(s.x).toBeGreaterThanOrEqual(p.x);
      expect(s.y).toBeGreaterThanOrEqual(p.y);
      expect(s.x + s.width).toBeLessThanOrEqual(p.x + p.width);
      expect(s.y + s.height).toBeLessThanOrEqual(p.y + p.height);
    }
  });

  it('should route every transition between two different states and keep targetless ones with their state', () => {
    const pair = (t: { from: string; to: string }) => `${t.from} -> ${t.to}`;
    expect(layout.transitions.map(pair)).toContain('world.talks.urged -> world.talks.convened');
    const convene = layout.transitions.find((t) => pair(t) === 'world.talks.urged -> world.talks.convened')!;
    expect(convene.lines).toEqual(['talks.convene (R2, R3, R4, M1, R14)']);
    expect(convene.points.length).toBeGreaterThanOrEqual(2);
    for (const t of layout.transitions) expect(t.from).not.toBe(t.to);
    const war = layout.transitions.find(
      (t) => pair(t) === 'world.hostilities.ceasefire.strained -> world.hostilities.war',
    )!;
    expect(war.always).toBe(true);
    expect(box('world.format.composition').loops.length).toBeGreaterThan(0);
  });

  it('should give the same layout for the same machine', async () => {
    expect(await layoutDiagram(createWorldMachine())).toEqual(layout);
  });
});

describe('activeStates', () => {
  it('should light the states of a state value with their ancestors and the root', () => {
    const lit = activeStates(layout, { talks: 'urged', hostilities: { ceasefire: 'holding' } });
    expect([...lit].sort()).toEqual([
      'world',
      'world.hostilities',
      'world.hostilities.ceasefire',
      'world.hostilities.ceasefire.holding',
      'world.talks',
      'world.talks.urged',
    ]);
  });
});

describe('renderDiagramSvg', () => {
  const value = {
    hostilities: { ceasefire: 'holding' },
    talks: 'urged',
    format: { mandate: 'contested', composition: 'exclusionDemanded' },
    status: 'limbo',
    monitoring: 'peacekeepers',
    access: 'restricted',
  };

  it('should draw every state with its id and mark the active ones', () => {
    const svg = renderDiagramSvg(layout, { active: value, title: 'Format Week & co' });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    for (const node of stateNodes()) expect(svg).toContain(`data-state="${node.id}"`);
    const active = [...svg.matchAll(/<g class="([^"]*)" data-state="([^"]+)"/g)]
      .filter((m) => m[1]!.split(' ').includes('active'))
      .map((m) => m[2]);
    expect(active).toContain('world.talks.urged');
    expect(active).toContain('world.format.composition.exclusionDemanded');
    expect(active).not.toContain('world.talks.dormant');
    expect(active).toHaveLength(17); // the root, six regions, format's two, the ceasefire and seven leaves
    expect(svg).toContain('Format Week &amp; co');
  });

  it('should light state ids given as a list, and nothing without them', () => {
    const svg = renderDiagramSvg(layout, { active: ['world.talks.convened'] });
    expect(svg.match(/ active"/g)).toHaveLength(1);
    expect(renderDiagramSvg(layout)).not.toContain('aria-current');
  });

  it('should draw the same text for the same machine and options', async () => {
    const a = await diagramSvg(machine, { active: value });
    expect(a).toBe(renderDiagramSvg(await layoutDiagram(createWorldMachine()), { active: value }));
    expect(a).toBe(renderDiagramSvg(layout, { active: value }));
  });
});
