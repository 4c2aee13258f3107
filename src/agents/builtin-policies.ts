import type { WorldContext, WorldValue } from '../model/context.js';
import { evaluate, type Predicate, type PredicateSubject } from '../model/predicate.js';
import type { WorldEvent } from '../regions/events.js';
import { type ActorView, definePolicy, type Intent } from './policy.js';
import type { TraceEntry } from './trace.js';

/** `scripted`: the actor makes only the moves its injects give it. */
export const scriptedPolicy = definePolicy({
  name: 'scripted',
  description: 'Acts only through its injects.',
  parseParams: () => ({}),
  decide: ({ memory }) => ({ intents: NO_INTENTS, memory }),
});

const NO_INTENTS: readonly Intent[] = [];

/** Parameters of the `random` policy. */
export interface RandomParams {
  /** Chance of making a move on a given day. */
  readonly rate: number;
}

/** `random`: on a day, with probability `rate`, one move drawn uniformly from the actor's legal moves. */
export const randomPolicy = definePolicy<RandomParams>({
  name: 'random',
  description:
    'With probability `rate` (default 0.3) a day, makes one move drawn uniformly from its legal moves.',
  parseParams: (raw) => {
    const rate = (raw as { rate?: unknown } | undefined)?.rate ?? 0.3;
    if (typeof rate !== 'number' || rate < 0 || rate > 1)
      throw new Error('params.rate must be a number from 0 to 1');
    return { rate };
  },
  decide: ({ view, rng, params, memory }) => {
    if (rng.float() >= params.rate) return { intents: [], memory };
    const legal = view.legalMoves();
    if (legal.length === 0) return { intents: [], memory };
    return { intents: [{ move: legal[rng.int(legal.length)]!, after: 0, because: 'random' }], memory };
  },
});

/** A rule of the `rules` policy, as parsed from the scenario. */
export interface ReactiveRule {
  readonly id: string;
  readonly on?:
    | { readonly type: string; readonly by?: string | undefined; readonly [field: string]: unknown }
    | undefined;
  readonly onRefused?: boolean | undefined;
  readonly if?: Predicate | undefined;
  readonly do: Record<string, unknown> | readonly Record<string, unknown>[];
  readonly probability?: number | undefined;
  readonly after?: number | undefined;
  readonly once?: boolean | undefined;
}

/** Parameters of the `rules` policy: its rules, in order. */
export interface RulesParams {
  readonly rules: readonly ReactiveRule[];
}

function matches(entry: TraceEntry, rule: ReactiveRule): boolean {
  const on = rule.on!;
  if (entry.accepted === (rule.onRefused === true)) return false;
  const move = entry.move as unknown as Record<string, unknown>;
  for (const key in on) if (move[key] !== on[key]) return false;
  return true;
}

/** Substitute `@event.<field>` references with the triggering move's fields. */
function instantiate(
  template: Record<string, unknown>,
  actor: string,
  trigger: WorldEvent | null,
): WorldEvent {
  const move: Record<string, unknown> = { by: actor };
  for (const [key, raw] of Object.entries(template)) {
    if (typeof raw === 'string' && raw.startsWith('@event.')) {
      move[key] = trigger
        ? (trigger as unknown as Record<string, unknown>)[raw.slice('@event.'.length)]
        : undefined;
    } else move[key] = raw;
  }
  return move as unknown as WorldEvent;
}

/** The world an actor sees, as `if:` conditions read it; the moves are listed from the history only if read. */
class ViewSubject implements PredicateSubject {
  readonly regionPath: ActorView['regionPath'];
  readonly value: WorldValue;
  readonly context: WorldContext;
  readonly reached: ReadonlySet<string>;
  readonly #history: readonly TraceEntry[];
  #moves: PredicateSubject['moves'] | undefined;
  constructor(view: ActorView) {
    this.regionPath = view.regionPath;
    this.value = view.world.value;
    this.context = view.world.context;
    this.reached = view.reached;
    this.#history = view.history;
  }
  get moves(): PredicateSubject['moves'] {
    this.#moves ??= this.#history.map((e) => ({ type: e.move.type, by: e.move.by, accepted: e.accepted }));
    return this.#moves;
  }
}

/** Whether a memory is already what the rules policy returns for it: ids in strictly rising order. */
function canonical(memory: readonly string[]): boolean {
  for (let i = 1; i < memory.length; i++) if (!(memory[i - 1]! < memory[i]!)) return false;
  return true;
}

/**
 * `rules`: reactive rules written in the scenario. Each rule reacts to a move in the news (`on`), or to
 * the world (`if` alone); it fires with `probability` and acts `after` some days. A rule without `on`
 * fires at most once unless `once: false`.
 */
export const rulesPolicy = definePolicy<RulesParams>({
  name: 'rules',
  description: 'Reactive rules from the scenario: on / if / do / probability / after / once.',
  parseParams: (raw) => {
    const rules = (raw as { rules?: unknown } | undefined)?.rules;
    if (!Array.isArray(rules)) throw new Error('the rules policy needs a `rules:` list on the actor');
    return { rules: rules as ReactiveRule[] };
  },
  decide: ({ view, rng, params, memory }) => {
    const intents: Intent[] = [];
    // The rules that fired, the memory's and today's; a copy of the memory only once one fires today.
    let fired: Set<string> | undefined;
    const hasFired = (id: string) => (fired ? fired.has(id) : memory.includes(id));
    // Built only when an `if:` is read.
    let world: ViewSubject | undefined;
    for (const rule of params.rules) {
      const once = rule.once ?? rule.on === undefined;
      if (once && hasFired(rule.id)) continue;
      // Each matching move of the news triggers the rule, in order; a rule without `on` triggers once.
      const news = rule.on ? view.news : NO_NEWS;
      for (let i = rule.on ? 0 : -1; i < news.length; i++) {
        if (i >= 0 && !matches(news[i]!, rule)) continue;
        const trigger = i >= 0 ? news[i]!.move : null;
        if (rule.if) {
          world ??= new ViewSubject(view);
          if (!evaluate(rule.if, world)) break;
        }
        if (rule.probability !== undefined && rule.probability < 1 && rng.float() >= rule.probability)
          continue;
        const templates = Array.isArray(rule.do) ? rule.do : [rule.do];
        for (const t of templates) {
          intents.push({
            move: instantiate(t as Record<string, unknown>, view.actor, trigger),
            after: rule.after ?? 0,
            because: rule.id,
          });
        }
        fired ??= new Set(memory);
        fired.add(rule.id);
        if (once) break;
      }
    }
    if (!fired && canonical(memory)) return { intents, memory };
    return { intents, memory: [...(fired ?? new Set(memory))].sort() };
  },
});

const NO_NEWS: readonly TraceEntry[] = [];
