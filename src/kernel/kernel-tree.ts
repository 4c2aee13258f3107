import type { Node, Transition } from './kernel-nodes.js';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/**
 * XState's statechart algorithms over the flat node array: tree relations, transition domains, exit
 * and entry sets (SCXML's, as XState implements them), conflict removal, and the state value of a list
 * of active nodes (XState's `getStateValue`).
 */
export function statechartTree(nodes: readonly Node[]) {
  // Tree relations, as XState defines them. A domain of -1 stands for XState's `undefined` domain
  // (a re-entering transition of the root), of which every node is a descendant.
  const isDescendant = (child: number, ancestor: number): boolean => {
    if (ancestor < 0) return true;
    for (let p = nodes[child]!.parent; p >= 0; p = nodes[p]!.parent) if (p === ancestor) return true;
    return false;
  };
  const properAncestors = (n: number, upTo: number): number[] => {
    const out: number[] = [];
    if (n === upTo) return out;
    for (let p = nodes[n]!.parent; p >= 0 && p !== upTo; p = nodes[p]!.parent) out.push(p);
    return out;
  };
  const isAtomic = (n: number) => nodes[n]!.type === 'atomic' || nodes[n]!.type === 'final';
  const isInFinalState = (active: ReadonlySet<number>, n: number): boolean => {
    const node = nodes[n]!;
    if (node.type === 'compound')
      return node.children.some((c) => nodes[c]!.type === 'final' && active.has(c));
    if (node.type === 'parallel') return node.children.every((c) => isInFinalState(active, c));
    return node.type === 'final';
  };
  const childByKey = (n: number, key: string) => nodes[n]!.children.find((c) => nodes[c]!.key === key);

  const domains = new Map<Transition, number>();
  const domainOf = (t: Transition): number => {
    let domain = domains.get(t);
    if (domain !== undefined) return domain;
    domain = -1;
    if (!t.reenter && t.targets.every((x) => x === t.source || isDescendant(x, t.source))) domain = t.source;
    else {
      const [head, ...tail] = [...t.targets, t.source];
      const lca = properAncestors(head!, -1).find((anc) => tail.every((x) => isDescendant(x, anc)));
      domain = lca ?? (t.reenter ? -1 : 0);
    }
    domains.set(t, domain);
    return domain;
  };
  const exitSet = (t: Transition, active: readonly number[]): number[] => {
    if (t.targets.length === 0) return [];
    const domain = domainOf(t);
    const out = new Set<number>();
    if (t.reenter && t.source === domain) out.add(domain);
    for (const n of active) if (isDescendant(n, domain)) out.add(n);
    return [...out];
  };
  const withoutConflicts = (ts: readonly Transition[], active: readonly number[]): Transition[] => {
    const kept = new Set<Transition>();
    for (const t1 of ts) {
      let preempted = false;
      const remove = new Set<Transition>();
      const e1 = exitSet(t1, active);
      for (const t2 of kept) {
        const e2 = new Set(exitSet(t2, active));
        if (e1.some((n) => e2.has(n))) {
          if (isDescendant(t1.source, t2.source)) remove.add(t2);
          else {
            preempted = true;
            break;
          }
        }
      }
      if (!preempted) {
        for (const t of remove) kept.delete(t);
        kept.add(t1);
      }
    }
    return [...kept];
  };
  const entrySet = (filtered: readonly Transition[]): Set<number> => {
    const enter = new Set<number>();
    const hasDescendantIn = (child: number) => {
      for (const s of enter) if (isDescendant(s, child)) return true;
      return false;
    };
    const addDescendants = (s: number) => {
      const node = nodes[s]!;
      if (node.type === 'compound') {
        enter.add(node.initial);
        addDescendants(node.initial);
      } else if (node.type === 'parallel') {
        for (const c of node.children) {
          if (!hasDescendantIn(c)) {
            enter.add(c);
            addDescendants(c);
          }
        }
      }
    };
    const addAncestors = (list: readonly number[], reentrancyDomain: number) => {
      for (const anc of list) {
        if (reentrancyDomain < 0 || isDescendant(anc, reentrancyDomain)) enter.add(anc);
        if (nodes[anc]!.type === 'parallel') {
          for (const c of nodes[anc]!.children) {
            if (!hasDescendantIn(c)) {
              enter.add(c);
              addDescendants(c);
            }
          }
        }
      }
    };
    for (const t of filtered) {
      const domain = domainOf(t);
      for (const s of t.targets) {
        if (t.source !== s || t.source !== domain || t.reenter) enter.add(s);
        addDescendants(s);
      }
      for (const s of t.targets) {
        const list = properAncestors(s, domain);
        if (domain >= 0 && nodes[domain]!.type === 'parallel') list.push(domain);
        addAncestors(list, nodes[t.source]!.parent < 0 && t.reenter ? -1 : domain);
      }
    }
    return enter;
  };

  const valueFromNodes = (list: readonly number[]): unknown => {
    const adj = new Map<number, number[]>();
    for (const s of list) {
      if (!adj.has(s)) adj.set(s, []);
      const parent = nodes[s]!.parent;
      if (parent >= 0) {
        if (!adj.has(parent)) adj.set(parent, []);
        adj.get(parent)!.push(s);
      }
    }
    const build = (base: number): unknown => {
      const kids = adj.get(base);
      if (!kids) return {};
      if (nodes[base]!.type === 'compound') {
        const first = kids[0];
        if (first === undefined) return {};
        if (isAtomic(first)) return nodes[first]!.key;
      }
      const out: Record<string, unknown> = {};
      for (const c of kids) out[nodes[c]!.key] = build(c);
      return out;
    };
    return deepFreeze(build(0));
  };
  return {
    isDescendant,
    properAncestors,
    isAtomic,
    isInFinalState,
    childByKey,
    exitSet,
    withoutConflicts,
    entrySet,
    valueFromNodes,
  };
}
