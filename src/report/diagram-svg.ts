import type { AnyStateMachine, AnyStateNode, StateValue } from 'xstate';
import type { WorldValue } from '../model/context.js';
import { type DiagramEdge, diagramEdges } from './diagram.js';

/** A point of a laid-out diagram, in SVG user units. */
export interface DiagramPoint {
  readonly x: number;
  readonly y: number;
}

/** A state of a laid-out statechart, at absolute coordinates. */
export interface LaidState {
  /** The state node's id (`world.talks.urged`). */
  readonly id: string;
  /** The keys from the root to the state (`talks.urged`, empty for the root), for matching state values. */
  readonly path: string;
  readonly key: string;
  readonly type: 'atomic' | 'compound' | 'parallel' | 'final' | 'history';
  /** Whether the state is drawn as a box holding its children. */
  readonly container: boolean;
  /** Whether it is its parent's initial state. */
  readonly initial: boolean;
  /** The transitions that stay on this state (targetless), as labels. */
  readonly loops: readonly string[];
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** A transition (or several between the same two states), routed. */
export interface LaidTransition {
  readonly from: string;
  readonly to: string;
  /** One line per transition: `event (rules)`. */
  readonly lines: readonly string[];
  /** Whether every transition of the edge is eventless. */
  readonly always: boolean;
  readonly points: readonly DiagramPoint[];
  /** The top-left corner of the label. */
  readonly label: DiagramPoint;
}

/** A statechart laid out by elkjs: plain data, so it can be kept and drawn again with other states lit. */
export interface DiagramLayout {
  readonly width: number;
  readonly height: number;
  /** Parents before their children. */
  readonly states: readonly LaidState[];
  readonly transitions: readonly LaidTransition[];
  /**
   * Where a transition of a compound state to its own descendants starts ("from any of its states"), or
   * where one into an enclosing state ends: a small circle inside that state.
   */
  readonly anchors: readonly (DiagramPoint & { readonly id: string; readonly of: string })[];
}

/** Options of `renderDiagramSvg`. */
export interface DiagramSvgOptions {
  /**
   * The states to light: state node ids (an array or a set), or a state value (`{ talks: 'urged', … }`),
   * whose states and their ancestors are lit.
   */
  readonly active?: Iterable<string> | StateValue | WorldValue | undefined;
  /** A title drawn above the chart, e.g. the scenario's or the what-if's. */
  readonly title?: string | undefined;
}

interface ElkLabel {
  text?: string;
  width?: number;
  height?: number;
  x?: number;
  y?: number;
}
interface ElkSection {
  startPoint: DiagramPoint;
  endPoint: DiagramPoint;
  bendPoints?: DiagramPoint[];
}
interface ElkEdge {
  id: string;
  sources: string[];
  targets: string[];
  labels?: ElkLabel[];
  sections?: ElkSection[];
  container?: string;
}
interface ElkNode {
  id: string;
  x?: number;
  y?: number;
  width?: number;
  height?: number;
  layoutOptions?: Record<string, string>;
  children?: ElkNode[];
  edges?: ElkEdge[];
}
interface Elk {
  layout(graph: ElkNode): Promise<ElkNode>;
}

let elkInstance: Promise<Elk> | undefined;
/** elkjs is 1.6 MB: load it on first use, in Node and in the browser alike. */
function loadElk(): Promise<Elk> {
  elkInstance ??= import('elkjs/lib/elk.bundled.js').then((mod) => {
    const exported = mod as unknown as { default?: unknown };
    const Ctor = (typeof exported.default === 'function' ? exported.default : mod) as new () => Elk;
    return new Ctor();
  });
  return elkInstance;
}

const FONT = 12;
const CHAR = 7;
const SMALL = 10;
const SMALL_CHAR = 5.8;
const textWidth = (text: string, char = CHAR) => Math.ceil(text.length * char);
const TITLE_BAR = 24;
const PAD = 12;
const ANCHOR = 10;

const edgeLine = (e: DiagramEdge) =>
  `${e.event === 'always' ? `always${e.guard ? ` [${e.guard}]` : ''}` : e.event}${e.rules.length ? ` (${e.rules.join(', ')})` : ''}`;

const kids = (node: AnyStateNode) => Object.values(node.states) as AnyStateNode[];

/** The innermost state holding both ends of an edge (a state's own parent for a transition to itself). */
function holderOf(from: string, to: string, parent: ReadonlyMap<string, string | undefined>): string {
  const chain = (id: string) => {
    const out: string[] = [];
    for (let p = parent.get(id); p !== undefined; p = parent.get(p)) out.push(p);
    return out;
  };
  const up = new Set(chain(from));
  const down = chain(to);
  // A transition from a compound state to one of its descendants (or back) stays inside that state.
  if (down.includes(from)) return from;
  if (up.has(to)) return to;
  for (const p of down) if (up.has(p)) return p;
  return [...up].pop() ?? from;
}

/**
 * Lay out a machine's statechart with elkjs: compound and parallel states as boxes holding their
 * children (regions of a parallel state packed side by side, the states of a compound state left to
 * right), one routed edge for all the transitions between two states, and targetless transitions kept
 * with their state. The same machine always gives the same layout.
 *
 * @example
 * ```ts
 * const layout = await layoutDiagram(createWorldMachine());
 * const svg = renderDiagramSvg(layout, { active: { talks: 'urged' }, title: 'Format Week' });
 * ```
 */
export async function layoutDiagram(machine: AnyStateMachine): Promise<DiagramLayout> {
  const edges = diagramEdges(machine);
  const parent = new Map<string, string | undefined>();
  const nodes = new Map<string, AnyStateNode>();
  const index = (node: AnyStateNode, up: string | undefined) => {
    parent.set(node.id, up);
    nodes.set(node.id, node);
    for (const child of kids(node)) index(child, node.id);
  };
  index(machine.root, undefined);

  const loops = new Map<string, string[]>();
  const grouped = new Map<string, DiagramEdge[]>();
  for (const e of edges) {
    if (e.from === e.to) loops.set(e.from, [...(loops.get(e.from) ?? []), edgeLine(e)]);
    else grouped.set(`${e.from}\n${e.to}`, [...(grouped.get(`${e.from}\n${e.to}`) ?? []), e]);
  }
  const edgesIn = new Map<string, ElkEdge[]>();
  const anchorsIn = new Map<string, ElkNode[]>();
  let n = 0;
  for (const group of grouped.values()) {
    const { from, to } = group[0]!;
    const lines = [...new Set(group.map(edgeLine))];
    const label = {
      text: lines.join('\n'),
      width: Math.max(...lines.map((l) => textWidth(l, SMALL_CHAR))),
      height: lines.length * (SMALL + 3),
    };
    const holder = holderOf(from, to, parent);
    // elkjs cannot route an edge between a state and its own container: such an end becomes an anchor.
    const end = (id: string) => {
      if (id !== holder) return id;
      const anchor = `${id}#any`;
      if (!(anchorsIn.get(id) ?? []).some((a) => a.id === anchor))
        anchorsIn.set(id, [...(anchorsIn.get(id) ?? []), { id: anchor, width: ANCHOR, height: ANCHOR }]);
      return anchor;
    };
    edgesIn.set(holder, [
      ...(edgesIn.get(holder) ?? []),
      { id: `e${n++}`, sources: [end(from)], targets: [end(to)], labels: [label] },
    ]);
  }

  const build = (node: AnyStateNode): ElkNode => {
    const children = kids(node);
    const loopMark = loops.has(node.id) ? ` ↻${loops.get(node.id)!.length}` : '';
    if (children.length === 0)
      return { id: node.id, width: Math.max(64, textWidth(node.key + loopMark) + 20), height: 30 };
    const title = `${node.key}${node.type === 'parallel' ? ' (parallel)' : ''}${loopMark}`;
    const options: Record<string, string> = {
      'elk.padding': `[top=${TITLE_BAR + 6},left=${PAD + 4},bottom=${PAD},right=${PAD}]`,
      'elk.nodeSize.constraints': 'MINIMUM_SIZE',
      'elk.nodeSize.minimum': `(${textWidth(title) + 2 * PAD}, 40)`,
    };
    if (node.type === 'parallel') {
      options['elk.algorithm'] = 'rectpacking';
      options['elk.aspectRatio'] = '1.6';
      options['elk.spacing.nodeNode'] = '16';
    } else {
      options['elk.algorithm'] = 'layered';
      options['elk.direction'] = 'RIGHT';
      options['elk.hierarchyHandling'] = 'INCLUDE_CHILDREN';
      options['elk.edgeLabels.inline'] = 'false';
      options['elk.spacing.nodeNode'] = '24';
      options['elk.layered.spacing.nodeNodeBetweenLayers'] = '48';
      options['elk.layered.nodePlacement.strategy'] = 'BRANDES_KOEPF';
    }
    return {
      id: node.id,
      layoutOptions: options,
      children: [...(anchorsIn.get(node.id) ?? []), ...children.map(build)],
      edges: edgesIn.get(node.id) ?? [],
    };
  };

  const elk = await loadElk();
  const laid = await elk.layout(build(machine.root));

  const origin = new Map<string, DiagramPoint>();
  const states: LaidState[] = [];
  const transitions: LaidTransition[] = [];
  const allEdges: ElkEdge[] = [];
  const anchors: (DiagramPoint & { id: string; of: string })[] = [];
  const walk = (box: ElkNode, at: DiagramPoint, path: string) => {
    const x = at.x + (box.x ?? 0);
    const y = at.y + (box.y ?? 0);
    origin.set(box.id, { x, y });
    const node = nodes.get(box.id);
    if (!node) {
      anchors.push({ id: box.id, of: box.id.slice(0, -'#any'.length), x: round(x), y: round(y) });
      return;
    }
    const up = parent.get(box.id);
    const initialOf = up === undefined ? undefined : nodes.get(up)?.initial?.target[0];
    states.push({
      id: node.id,
      path,
      key: node.key,
      type: node.type,
      container: (box.children?.length ?? 0) > 0,
      initial: initialOf !== undefined && (initialOf as AnyStateNode).id === node.id,
      loops: loops.get(node.id) ?? [],
      x: round(x),
      y: round(y),
      width: round(box.width ?? 0),
      height: round(box.height ?? 0),
    });
    allEdges.push(...(box.edges ?? []));
    for (const child of box.children ?? []) {
      const key = nodes.get(child.id)?.key ?? '';
      walk(child, { x, y }, path ? `${path}.${key}` : key);
    }
  };
  walk(laid, { x: 0, y: 0 }, '');
  for (const e of allEdges) {
    const at = origin.get(e.container ?? '') ?? { x: 0, y: 0 };
    const shift = (p: DiagramPoint) => ({ x: round(at.x + p.x), y: round(at.y + p.y) });
    const points: DiagramPoint[] = [];
    for (const s of e.sections ?? []) points.push(s.startPoint, ...(s.bendPoints ?? []), s.endPoint);
    const from = e.sources[0]!;
    const to = e.targets[0]!;
    if (points.length === 0) {
      // An edge elkjs did not route (its states sit in a parallel state): a straight line between centres.
      const centre = (id: string) => {
        const s = states.find((st) => st.id === id) ?? { ...origin.get(id)!, width: ANCHOR, height: ANCHOR };
        return { x: s.x + s.width / 2, y: s.y + s.height / 2 };
      };
      points.push(centre(from), centre(to));
    }
    const label = e.labels?.[0];
    const group = grouped.get(`${from.replace(/#any$/, '')}\n${to.replace(/#any$/, '')}`)!;
    transitions.push({
      from: group[0]!.from,
      to: group[0]!.to,
      lines: label?.text?.split('\n') ?? [],
      always: group.every((g) => g.event === 'always'),
      points: e.sections?.length ? points.map(shift) : points,
      label: label ? shift({ x: label.x ?? 0, y: label.y ?? 0 }) : points[0]!,
    });
  }
  return { width: round(laid.width ?? 0), height: round(laid.height ?? 0), states, transitions, anchors };
}

const round = (x: number) => Math.round(x * 10) / 10;

/** The ids of the states a state value makes active, with their ancestors and the root. */
export function activeStates(layout: DiagramLayout, value: StateValue | WorldValue): Set<string> {
  const paths = new Set<string>(['']);
  const visit = (v: StateValue, prefix: string) => {
    if (typeof v === 'string') {
      paths.add(prefix ? `${prefix}.${v}` : v);
      return;
    }
    for (const [key, child] of Object.entries(v)) {
      const path = prefix ? `${prefix}.${key}` : key;
      paths.add(path);
      if (child !== undefined) visit(child as StateValue, path);
    }
  };
  visit(value as StateValue, '');
  return new Set(layout.states.filter((s) => paths.has(s.path)).map((s) => s.id));
}

const xml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function activeSet(layout: DiagramLayout, active: DiagramSvgOptions['active']): Set<string> {
  if (active === undefined) return new Set();
  if (typeof active === 'string' || !(Symbol.iterator in Object(active)))
    return activeStates(layout, active as StateValue);
  return new Set(active as Iterable<string>);
}

/**
 * Draw a laid-out statechart as a self-contained SVG document: each state with its id in `data-state`,
 * lit states with the class `active` (and `aria-current`), initial states marked with a dot, final ones
 * with a double border, eventless transitions dashed, targetless transitions counted (`↻2`) with their
 * events in the state's tooltip. The output depends only on the layout and the options.
 */
export function renderDiagramSvg(layout: DiagramLayout, options: DiagramSvgOptions = {}): string {
  const lit = activeSet(layout, options.active);
  const top = options.title ? 32 : 0;
  const w = Math.ceil(layout.width);
  const h = Math.ceil(layout.height + top);
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="auspices-statechart" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" font-family="system-ui, sans-serif" font-size="${FONT}">`,
    '<defs><marker id="auspices-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="#555"/></marker></defs>',
    '<style>.state rect{fill:#fff;stroke:#8a8f98}.state.container>rect{fill:#f6f7f9}.state.parallel>rect{stroke-dasharray:5 3}.state.active>rect{stroke:#b45309;stroke-width:2}.state.leaf.active>rect{fill:#fde68a}.state.active>text{font-weight:600}.edge path{fill:none;stroke:#555}.edge.always path{stroke-dasharray:4 3}.edge text{fill:#374151}</style>',
  ];
  if (options.title)
    out.push(
      `<text class="title" x="4" y="20" font-size="16" font-weight="600">${xml(options.title)}</text>`,
    );
  out.push(`<g transform="translate(0,${top})">`);
  for (const s of layout.states) {
    const on = lit.has(s.id);
    const cls = ['state', s.container ? 'container' : 'leaf', s.type, on ? 'active' : ''].filter(Boolean);
    const loop = s.loops.length ? ` ↻${s.loops.length}` : '';
    const tip = [s.id, ...s.loops.map((l) => `↻ ${l}`)].join('\n');
    out.push(
      `<g class="${cls.join(' ')}" data-state="${xml(s.id)}"${on ? ' aria-current="true"' : ''}><title>${xml(tip)}</title>`,
      `<rect x="${s.x}" y="${s.y}" width="${s.width}" height="${s.height}" rx="${s.container ? 8 : 12}"/>`,
    );
    if (s.type === 'final')
      out.push(
        `<rect x="${s.x + 3}" y="${s.y + 3}" width="${s.width - 6}" height="${s.height - 6}" rx="9" fill="none"/>`,
      );
    if (s.initial) out.push(`<circle cx="${s.x - 6}" cy="${s.y + 12}" r="3.5" fill="#374151"/>`);
    const label = `${s.key}${s.type === 'parallel' ? ' (parallel)' : ''}${loop}`;
    out.push(
      s.container
        ? `<text x="${s.x + 10}" y="${s.y + 18}">${xml(label)}</text></g>`
        : `<text x="${round(s.x + s.width / 2)}" y="${s.y + 19}" text-anchor="middle">${xml(label)}</text></g>`,
    );
  }
  for (const a of layout.anchors)
    out.push(
      `<circle class="anchor" cx="${a.x + ANCHOR / 2}" cy="${a.y + ANCHOR / 2}" r="${ANCHOR / 2 - 1}" fill="#fff" stroke="#555"><title>from any state of ${xml(a.of)}</title></circle>`,
    );
  for (const t of layout.transitions) {
    const d = t.points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x},${p.y}`).join('');
    out.push(
      `<g class="edge${t.always ? ' always' : ''}" data-from="${xml(t.from)}" data-to="${xml(t.to)}"><path d="${d}" marker-end="url(#auspices-arrow)"/>`,
    );
    t.lines.forEach((line, i) => {
      out.push(
        `<text x="${t.label.x}" y="${round(t.label.y + (i + 1) * (SMALL + 3) - 3)}" font-size="${SMALL}">${xml(line)}</text>`,
      );
    });
    out.push('</g>');
  }
  out.push('</g></svg>');
  return `${out.join('\n')}\n`;
}

/** Lay out and draw a machine's statechart in one call: `renderDiagramSvg(await layoutDiagram(machine), options)`. */
export async function diagramSvg(machine: AnyStateMachine, options: DiagramSvgOptions = {}): Promise<string> {
  return renderDiagramSvg(await layoutDiagram(machine), options);
}
