import type { AnyStateMachine, AnyStateNode } from 'xstate';
import { worldOfMachine } from '../machines/compose-world.js';
import type { RuleId } from '../model/rules.js';

/** The formats `diagram` draws. */
export type DiagramFormat = 'mermaid' | 'dot';

/** One transition of the statechart, as the diagram shows it. */
export interface DiagramEdge {
  readonly from: string;
  readonly to: string;
  /** The event type, or `always` for an eventless transition. */
  readonly event: string;
  readonly guard: string | undefined;
  /** The rules the guard enforces, in order, each once. */
  readonly rules: readonly RuleId[];
}

const guardName = (guard: unknown) => (typeof guard === 'string' ? guard : undefined);

function rulesOf(machine: AnyStateMachine, guard: string | undefined): RuleId[] {
  const world = worldOfMachine(machine);
  if (guard === undefined || world === undefined) return [];
  try {
    const out: RuleId[] = [];
    for (const [, check] of world.checksOf(guard))
      if (!check.routing && !out.includes(check.rule)) out.push(check.rule);
    return out;
  } catch {
    return []; // a guard that is not one of the world's checks (a machine of your own)
  }
}

/** Every transition of a machine, in document order: targetless ones stay on their state. */
export function diagramEdges(machine: AnyStateMachine): DiagramEdge[] {
  const out: DiagramEdge[] = [];
  const walk = (node: AnyStateNode) => {
    const add = (event: string, t: { target?: readonly AnyStateNode[] | undefined; guard?: unknown }) => {
      const guard = guardName(t.guard);
      for (const target of t.target?.length ? t.target : [node])
        out.push({ from: node.id, to: target.id, event, guard, rules: rulesOf(machine, guard) });
    };
    for (const [event, list] of node.transitions) for (const t of list) add(event, t);
    for (const t of node.always ?? []) add('always', t);
    for (const child of Object.values(node.states)) walk(child as AnyStateNode);
  };
  walk(machine.root);
  return out;
}

const label = (e: DiagramEdge) =>
  `${e.event}${e.guard ? ` [${e.guard}${e.rules.length ? `: ${e.rules.join(', ')}` : ''}]` : ''}`;
const safe = (id: string) => id.replace(/[^A-Za-z0-9_]/g, '_');

function mermaid(
  machine: AnyStateMachine,
  edges: readonly DiagramEdge[],
  active: ReadonlySet<string>,
): string {
  const lines = ['stateDiagram-v2', '  direction LR'];
  // Mermaid draws a composite state's id as its title and cannot link to a composite state that has a
  // separate label, so composite states go by their key when it is unique, atomic ones by a label.
  const keys = new Map<string, number>();
  const count = (node: AnyStateNode) => {
    keys.set(node.key, (keys.get(node.key) ?? 0) + 1);
    for (const child of Object.values(node.states)) count(child as AnyStateNode);
  };
  count(machine.root);
  const ids = new Map<string, string>();
  const name = (node: AnyStateNode) => {
    const composite = Object.keys(node.states).length > 0;
    ids.set(
      node.id,
      composite && keys.get(node.key) === 1 && /^[A-Za-z]\w*$/.test(node.key) ? node.key : safe(node.id),
    );
    for (const child of Object.values(node.states)) name(child as AnyStateNode);
  };
  name(machine.root);
  const idOf = (id: string) => ids.get(id) ?? safe(id);
  const byParent = new Map<string, DiagramEdge[]>();
  // Draw each edge inside the innermost state that holds both ends, so Mermaid keeps it in its cluster.
  const holder = (e: DiagramEdge) => {
    const a = e.from.split('.');
    const b = e.to.split('.');
    let i = 0;
    while (i < a.length - 1 && i < b.length - 1 && a[i] === b[i]) i++;
    return a.slice(0, i).join('.');
  };
  for (const e of edges) byParent.set(holder(e), [...(byParent.get(holder(e)) ?? []), e]);
  const draw = (node: AnyStateNode, depth: number) => {
    const pad = '  '.repeat(depth);
    const kids = Object.values(node.states) as AnyStateNode[];
    lines.push(
      kids.length ? `${pad}state ${idOf(node.id)} {` : `${pad}state "${node.key}" as ${idOf(node.id)}`,
    );
    if (kids.length) {
      kids.forEach((child, i) => {
        if (node.type === 'parallel' && i > 0) lines.push(`${pad}  --`);
        draw(child, depth + 1);
      });
      if (node.type === 'compound' && node.initial?.target[0])
        lines.push(`${pad}  [*] --> ${idOf((node.initial.target[0] as AnyStateNode).id)}`);
      for (const e of byParent.get(node.id) ?? [])
        lines.push(`${pad}  ${idOf(e.from)} --> ${idOf(e.to)}: ${label(e)}`);
      lines.push(`${pad}}`);
    }
    if (node.type === 'final') lines.push(`${pad}${idOf(node.id)} --> [*]`);
  };
  draw(machine.root, 1);
  for (const e of byParent.get('') ?? []) lines.push(`  ${idOf(e.from)} --> ${idOf(e.to)}: ${label(e)}`);
  if (active.size > 0) {
    lines.push('  classDef active font-weight:bold,stroke-width:3px');
    lines.push(`  class ${[...active].map(idOf).join(',')} active`);
  }
  return `${lines.join('\n')}\n`;
}

function dot(machine: AnyStateMachine, edges: readonly DiagramEdge[], active: ReadonlySet<string>): string {
  const q = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  const lines = [
    'digraph world {',
    '  rankdir=LR;',
    '  compound=true;',
    '  node [shape=box, style=rounded];',
  ];
  const draw = (node: AnyStateNode, depth: number) => {
    const pad = '  '.repeat(depth);
    const kids = Object.values(node.states) as AnyStateNode[];
    if (kids.length === 0) {
      const attrs = [`label=${q(node.key)}`];
      if (node.type === 'final') attrs.push('peripheries=2');
      if (active.has(node.id)) attrs.push('penwidth=3', 'style="rounded,bold"');
      lines.push(`${pad}${q(node.id)} [${attrs.join(', ')}];`);
      return;
    }
    lines.push(`${pad}subgraph ${q(`cluster_${node.id}`)} {`);
    lines.push(
      `${pad}  label=${q(node.type === 'parallel' ? `${node.key} (parallel)` : node.key)};${node.type === 'parallel' ? ' style=dashed;' : ''}`,
    );
    for (const child of kids) draw(child, depth + 1);
    lines.push(`${pad}}`);
  };
  draw(machine.root, 1);
  // An edge to or from a compound state points at its first atomic descendant, clipped to the cluster.
  const leafOf = (id: string): string => {
    let node = machine.getStateNodeById(id) as AnyStateNode;
    while (Object.keys(node.states).length > 0) node = Object.values(node.states)[0] as AnyStateNode;
    return node.id;
  };
  for (const e of edges) {
    const attrs = [`label=${q(label(e))}`];
    if (leafOf(e.from) !== e.from) attrs.push(`ltail=${q(`cluster_${e.from}`)}`);
    if (leafOf(e.to) !== e.to) attrs.push(`lhead=${q(`cluster_${e.to}`)}`);
    if (e.event === 'always') attrs.push('style=dashed');
    lines.push(`  ${q(leafOf(e.from))} -> ${q(leafOf(e.to))} [${attrs.join(', ')}];`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

/**
 * Draw a statechart as Mermaid (`stateDiagram-v2`) or Graphviz DOT text: every state, every transition
 * labelled with its event, its guard and the rules the guard enforces; eventless transitions as `always`.
 * `active` (state node ids) are drawn bold, e.g. a scenario's initial states.
 */
export function diagram(
  machine: AnyStateMachine,
  format: DiagramFormat = 'mermaid',
  active: Iterable<string> = [],
): string {
  const edges = diagramEdges(machine);
  const set = new Set(active);
  return format === 'dot' ? dot(machine, edges, set) : mermaid(machine, edges, set);
}
