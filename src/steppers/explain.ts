import type { AnyStateMachine, AnyStateNode, StateValue } from 'xstate';
import type { World } from '../machines/compose-world.js';
import { regionState, type WorldContext, type WorldValue } from '../model/context.js';
import type { RuleId } from '../model/rules.js';
import { type Check, type Ev, passes } from '../regions/check-types.js';
import { CLOCK, type WorldEvent } from '../regions/events.js';
import type { Verdict } from './stepper.js';

/** A transition that could take a move: its guard's name, if it has one. */
export interface Candidate {
  readonly guard: string | undefined;
}

/** The transitions of the active nodes of a state value for an event type, in XState's order. */
export type CandidatesOf = (value: WorldValue, type: string) => readonly Candidate[];

/** The candidates of a value for an event type, worked out from the machine on every call. */
export function candidatesIn(machine: AnyStateMachine): CandidatesOf {
  return (value, type) => {
    const out: Candidate[] = [];
    for (const node of activeNodes(machine, value as unknown as StateValue))
      for (const t of node.transitions.get(type) ?? []) out.push({ guard: guardName(t.guard) });
    return out;
  };
}

/** The active state nodes of a machine for a state value, root first. */
export function activeNodes(machine: AnyStateMachine, value: StateValue): AnyStateNode[] {
  const out: AnyStateNode[] = [];
  const visit = (node: AnyStateNode, v: StateValue | undefined) => {
    out.push(node);
    if (v === undefined) return;
    if (typeof v === 'string') {
      const child = node.states[v];
      if (child) visit(child, undefined);
      return;
    }
    for (const [key, childValue] of Object.entries(v)) {
      const child = node.states[key];
      if (child) visit(child, childValue as StateValue);
    }
  };
  visit(machine.root, value);
  return out;
}

/** Where in the machine each event type is handled, as readable state paths. */
export function handlersByEvent(machine: AnyStateMachine): Map<string, string[]> {
  const map = new Map<string, string[]>();
  const walk = (node: AnyStateNode) => {
    for (const type of node.transitions.keys()) {
      const list = map.get(type) ?? [];
      list.push(node.path.join('.'));
      map.set(type, list);
    }
    for (const child of Object.values(node.states)) walk(child as AnyStateNode);
  };
  walk(machine.root);
  return map;
}

function guardName(guard: unknown): string | undefined {
  if (guard === undefined) return undefined;
  if (typeof guard === 'string') return guard;
  throw new Error('auspices: world machine guards must be named (strings) so that refusals can cite a rule');
}

function firstFailing(
  world: World,
  guard: string,
  value: WorldValue,
  ctx: WorldContext,
  ev: WorldEvent,
): { check: Check; rules: RuleId[] } | { check: null; rules: RuleId[] } {
  const rules: RuleId[] = [];
  for (const [, check] of world.checksOf(guard)) {
    // A routing check names no rule when it passes: it only says which transition the move concerns.
    if (check.routing) {
      if (!passes(check, value, ctx, ev as unknown as Ev, world.regionPath)) return { check, rules };
      continue;
    }
    if (!passes(check, value, ctx, ev as unknown as Ev, world.regionPath)) return { check, rules };
    if (!rules.includes(check.rule)) rules.push(check.rule);
  }
  return { check: null, rules };
}

function describePaths(world: World, type: string, paths: string[], value: WorldValue): string {
  const regions = world.tracks.map((t) => t.path);
  const split = (p: string) => {
    const region = [...regions].reverse().find((r) => p === r || p.startsWith(`${r}.`)) ?? p.split('.')[0]!;
    return { region, state: p.slice(region.length + 1) || 'active' };
  };
  const wanted = paths.map(split).map(({ region, state }) => `${region} is ${state}`);
  const now = [...new Set(paths.map((p) => split(p).region))].map((r) => `${r} is ${regionState(value, r)}`);
  return `${type} is possible only when ${wanted.join(' or ')}; now ${now.join(', ')}`;
}

/** The checks every move passes before the machine sees it: a known actor, and only the clock ends a day. */
export function precheck(ctx: WorldContext, ev: WorldEvent): Verdict | null {
  if (ev.by !== CLOCK && !Object.hasOwn(ctx.actors, ev.by)) {
    return {
      accepted: false,
      rules: ['M2'],
      refusal: { rule: 'M2', code: 'actor/unknown', reason: `"${ev.by}" is not an actor of this scenario` },
    };
  }
  if ((ev.by === CLOCK) !== (ev.type === 'clock.dayElapsed')) {
    return {
      accepted: false,
      rules: ['M2'],
      refusal: { rule: 'M2', code: 'actor/not-clock', reason: 'only the clock ends a day' },
    };
  }
  return null;
}

/** The rules a guard cites when it passes: its checks' rules, each once, in order. */
export function rulesOfGuard(world: World, guard: string | undefined): RuleId[] {
  const rules: RuleId[] = [];
  if (guard === undefined) return rules;
  for (const [, check] of world.checksOf(guard))
    if (!check.routing && !rules.includes(check.rule)) rules.push(check.rule);
  return rules;
}

/**
 * Judge an event against the machine's transitions as XState would select them, evaluating each
 * guard's checks so that a refusal names the first failing rule. `candidates` finds the transitions
 * that could take the move (by default from the machine, each time; a stepper that knows its state
 * values may give a memoised one).
 */
export function explain(
  world: World,
  handlers: Map<string, string[]>,
  value: WorldValue,
  ctx: WorldContext,
  ev: WorldEvent,
  candidatesOf: CandidatesOf = candidatesIn(world.machine),
): Verdict {
  const early = precheck(ctx, ev);
  if (early) return early;
  const candidates = candidatesOf(value, ev.type);
  if (candidates.length === 0) {
    const where = handlers.get(ev.type) ?? [];
    const reason =
      where.length === 0
        ? `nothing in the world reacts to ${ev.type}`
        : describePaths(world, ev.type, where, value);
    return { accepted: false, rules: ['M1'], refusal: { rule: 'M1', code: 'move/not-available', reason } };
  }
  let refusal: Verdict['refusal'] = null;
  let routed: Verdict['refusal'] = null;
  let routedDecisive = true;
  const rules: RuleId[] = [];
  let accepted = false;
  for (const c of candidates) {
    if (c.guard === undefined) {
      accepted = true;
      continue;
    }
    const result = firstFailing(world, c.guard, value, ctx, ev);
    if (result.check === null) {
      accepted = true;
      for (const r of result.rules) if (!rules.includes(r)) rules.push(r);
    } else if (result.check.routing) {
      // The move concerns another transition (the talks of another format): cited only if none fits.
      const check = result.check;
      if (routed === null) {
        routed = { rule: check.rule, code: check.code, reason: check.why(ctx, ev as unknown as Ev) };
        routedDecisive = check.decisive?.(ctx, ev as unknown as Ev) ?? true;
      }
    } else if (refusal === null) {
      const check = result.check;
      refusal = { rule: check.rule, code: check.code, reason: check.why(ctx, ev as unknown as Ev) };
    }
  }
  if (!accepted && refusal === null && routed !== null && !routedDecisive) {
    // Every transition concerns other talks, and the move's own talks do not offer it now.
    const where = handlers.get(ev.type) ?? [];
    refusal = { rule: 'M1', code: 'move/not-available', reason: describePaths(world, ev.type, where, value) };
  }
  refusal ??= routed;
  if (accepted) return { accepted, rules, refusal: null };
  return { accepted, rules: [refusal!.rule], refusal };
}
