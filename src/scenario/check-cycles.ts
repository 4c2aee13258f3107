import type { Locate } from './check.js';
import type { ScenarioIssue } from './issues.js';
import type { ScenarioData } from './schema.js';

/** A rule of an actor's `rules` policy: whose, where in its list, and its id. */
export interface RuleRef {
  readonly actor: string;
  readonly index: number;
  readonly id: string;
}

type Rule = NonNullable<ScenarioData['actors'][string]['rules']>[number];

const isCopy = (value: unknown) => typeof value === 'string' && value.startsWith('@event.');

/**
 * Whether a move that `rule` of `actor` makes could be a move `target` reacts to: same type, a `by:` the
 * move can have, and every field `target` waits for either written with that value or copied from the
 * trigger (`@event.`), which could carry anything. Accepted or refused is not known before the run.
 */
function feeds(actor: string, rule: Rule, target: Rule): boolean {
  const on = target.on;
  if (!on) return false;
  const templates = Array.isArray(rule.do) ? rule.do : [rule.do];
  return templates.some((template) => {
    const move: Record<string, unknown> = { by: actor, ...template };
    return Object.entries(on).every(([key, wanted]) => isCopy(move[key]) || move[key] === wanted);
  });
}

/**
 * The rules that can trigger one another without end: the strongly connected parts of the graph in which
 * a rule points to every rule that reacts to a move it makes (a rule that reacts to its own moves points
 * to itself). Rules that fire once (`once: true`) cannot keep a cycle going and are left out. Each cycle
 * lists its rules in scenario order.
 */
export function ruleCycles(data: ScenarioData): RuleRef[][] {
  const nodes: (RuleRef & { rule: Rule })[] = [];
  for (const [actor, spec] of Object.entries(data.actors)) {
    if (spec.policy !== 'rules') continue;
    for (const [index, rule] of (spec.rules ?? []).entries())
      if (rule.on && rule.once !== true) nodes.push({ actor, index, id: rule.id, rule });
  }
  const edges = nodes.map((from) =>
    nodes.flatMap((to, j) => (feeds(from.actor, from.rule, to.rule) ? [j] : [])),
  );
  // Tarjan's algorithm, iterative so that a long chain of rules cannot overflow the stack.
  const order = new Array<number>(nodes.length).fill(-1);
  const low = new Array<number>(nodes.length).fill(0);
  const onStack = new Array<boolean>(nodes.length).fill(false);
  const stack: number[] = [];
  const cycles: number[][] = [];
  let counter = 0;
  for (let root = 0; root < nodes.length; root++) {
    if (order[root] !== -1) continue;
    const work: [number, number][] = [[root, 0]];
    while (work.length > 0) {
      const frame = work.at(-1)!;
      const [v, next] = frame;
      if (next === 0) {
        order[v] = low[v] = counter++;
        stack.push(v);
        onStack[v] = true;
      }
      const out = edges[v]!;
      if (next < out.length) {
        frame[1]++;
        const w = out[next]!;
        if (order[w] === -1) work.push([w, 0]);
        else if (onStack[w]) low[v] = Math.min(low[v]!, order[w]!);
        continue;
      }
      work.pop();
      const parent = work.at(-1);
      if (parent) low[parent[0]] = Math.min(low[parent[0]]!, low[v]!);
      if (low[v] !== order[v]) continue;
      const part: number[] = [];
      let w: number;
      do {
        w = stack.pop()!;
        onStack[w] = false;
        part.push(w);
      } while (w !== v);
      if (part.length > 1 || edges[v]!.includes(v)) cycles.push(part.sort((a, b) => a - b));
    }
  }
  return cycles
    .sort((a, b) => a[0]! - b[0]!)
    .map((part) => part.map((i) => ({ actor: nodes[i]!.actor, index: nodes[i]!.index, id: nodes[i]!.id })));
}

/** The most moves a run makes on one simulated day before it stops with an error (`runScenario`). */
export const maxMovesPerDay = 1_000;

const name = (r: RuleRef) => `${r.actor}.${r.id}`;

/**
 * Warnings, one at each rule of each cycle of `ruleCycles`: the file is valid, but such rules can answer
 * each other every day, and if they answer one move with several the run stops at the day's move limit.
 */
export function ruleCycleWarnings(data: ScenarioData, locate: Locate): ScenarioIssue[] {
  return ruleCycles(data).flatMap((cycle) =>
    cycle.map((r) => {
      const where = locate(['actors', r.actor, 'rules', r.index]);
      const type = data.actors[r.actor]!.rules![r.index]!.on!.type;
      const what =
        cycle.length === 1
          ? `reacts to \`${type}\`, a move it makes itself, so it can feed itself day after day`
          : `is in a cycle of rules that react to each other's moves (${[...cycle, cycle[0]!].map(name).join(' → ')}), so they can feed each other day after day`;
      return {
        file: where.file,
        line: where.line,
        col: where.col,
        code: 'policy/rule-cycle' as const,
        severity: 'warning' as const,
        path: where.path,
        message: `rule \`${r.id}\` of ${r.actor} ${what}; a run stops with an error on a day that passes ${maxMovesPerDay.toLocaleString('en-GB')} moves. If that is not meant, narrow its \`on:\` (e.g. with \`by:\`) or give it \`once: true\``,
      };
    }),
  );
}
