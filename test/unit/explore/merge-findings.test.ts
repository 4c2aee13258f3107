import { describe, expect, it } from 'vitest';
import { mergeFindings, type ThreadFindings } from '../../../src/explore/shared-search.js';
import type { WorldEvent } from '../../../src/regions/events.js';

const move = (type: string) => ({ type, by: 'a' }) as unknown as WorldEvent;

/** One part's findings: its states' parents (numbers across parts), labels and depths, its own moves. */
function part(
  moves: string[],
  states: { parent: number; label: number; depth: number }[],
  outcomes: [string, number][] = [],
): ThreadFindings {
  return {
    states: states.length,
    edges: 0,
    deepest: Math.max(0, ...states.map((s) => s.depth)),
    parent: Float64Array.from(states.map((s) => s.parent)),
    label: Int32Array.from(states.map((s) => s.label)),
    depth: Uint32Array.from(states.map((s) => s.depth)),
    moves: moves.map(move),
    violations: [],
    outcomes,
    regionSeen: [],
    alphabet: moves.length,
    fieldValues: {},
    verdicts: null,
    full: false,
  };
}

describe('mergeFindings', () => {
  it('reads each label from the moves of the part that expanded the parent, and keeps the shortest path', () => {
    // Two parts that interned the same moves in opposite orders. Part 0 holds the start (number 0) and,
    // at depth 2, a state where `goal` holds. Part 1 holds two states that part 0 found from the start:
    // by its move 0 ('propose'), and by its move 1 ('urge'), where `goal` holds at depth 1.
    const zero = part(
      ['propose', 'urge'],
      [
        { parent: -1, label: -1, depth: 0 },
        { parent: 1, label: 0, depth: 2 },
      ],
      [['goal', 1]],
    );
    const one = part(
      ['urge', 'propose'],
      [
        { parent: 0, label: 0, depth: 1 },
        { parent: 0, label: 1, depth: 1 },
      ],
      [['goal', 1]],
    );
    const merged = mergeFindings([zero, one], { bound: null, maxStates: 10 });
    // The shorter goal is part 1's state 1 (number 3), found from the start by part 0's move 1: 'urge'.
    expect(merged.outcomes.get('goal')!.map((m) => m.type)).toEqual(['urge']);
    expect(merged.states).toBe(4);
    expect(merged.bound).toBeNull();
    expect(mergeFindings([zero, { ...one, full: true }], { bound: null, maxStates: 10 }).bound).toBe(
      'max-states',
    );
  });
});
