import type { World } from '../machines/compose-world.js';
import { regionState, type WorldContext } from '../model/context.js';
import { evaluate } from '../model/predicate.js';
import type { RuleId } from '../model/rules.js';
import type { RegionModule } from '../regions/region-module.js';
import type { Story, StoryInput } from '../regions/story.js';
import type { ScenarioData } from '../scenario/schema.js';
import { scenarioWorld } from '../scenario/world.js';
import { dateOf } from './calendar.js';
import { initialContext } from './initial-world.js';
import type { InvariantViolation, RunState } from './run-state.js';

/** What a run ended with: the story states reached, the scenario's named outcomes, and the counts. */
export interface Outcome {
  readonly endedOn: string;
  readonly days: number;
  readonly endReason: 'horizon' | 'end-condition' | null;
  /** The final state of each region of the world, by the name scenario files use. */
  readonly regions: Readonly<Record<string, string>>;
  /** Region states reached at any point, `alias:state`. */
  readonly reached: readonly string[];
  /** The story of each region module the world has, as each module tells it; a world without talks has no `talks`. */
  readonly story: Story;
  /** The scenario's named outcomes and whether each was reached at the end. */
  readonly outcomes: readonly { readonly id: string; readonly text: string; readonly reached: boolean }[];
  readonly violations: readonly InvariantViolation[];
  readonly moves: {
    readonly total: number;
    readonly accepted: number;
    readonly refused: number;
    readonly refusedByRule: Readonly<Partial<Record<RuleId, number>>>;
  };
}

/** Summarise a run's state. Reads only fields, never ids (STYLE.md). */
export function computeOutcome(data: ScenarioData, state: RunState): Outcome {
  const { value, context: ctx } = state.world;
  const world = scenarioWorld(data);
  const regions: Record<string, string> = Object.fromEntries(
    world.tracks.map((t) => [t.alias, regionState(value, t.path)]),
  );
  const reached = new Set(state.reached);
  const refusedByRule: Partial<Record<RuleId, number>> = {};
  for (const e of state.trace)
    if (!e.accepted) for (const r of e.rules) refusedByRule[r] = (refusedByRule[r] ?? 0) + 1;
  const subject = {
    regionPath: world.regionPath,
    value,
    context: ctx,
    reached,
    moves: state.trace.map((e) => ({ type: e.move.type, by: e.move.by, accepted: e.accepted })),
  };
  const accepted = state.trace.filter((e) => e.accepted).length;
  return {
    endedOn: dateFor(data, state.day),
    days: state.day + 1,
    endReason: state.endReason,
    regions,
    reached: state.reached,
    story: storyOf(data, world, regions, reached, ctx, subject.moves),
    outcomes: Object.entries(data.outcomes).map(([id, o]) => ({
      id,
      text: o.text,
      reached: evaluate(o.when, subject),
    })),
    violations: state.violations,
    moves: { total: state.trace.length, accepted, refused: state.trace.length - accepted, refusedByRule },
  };
}

const starts = new WeakMap<ScenarioData, WorldContext>();
const dates = new WeakMap<ScenarioData, string[]>();
const ranked = new WeakMap<World, readonly RegionModule[]>();

/** The date of a day of a scenario, worked out once per scenario and day. */
function dateFor(data: ScenarioData, day: number): string {
  let list = dates.get(data);
  if (!list) {
    list = [];
    dates.set(data, list);
  }
  list[day] ??= dateOf(data.calendar.start, day);
  return list[day];
}

/** A world's modules by rank, sorted once per world. */
function rankedModules(world: World): readonly RegionModule[] {
  let list = ranked.get(world);
  if (!list) {
    list = byRank(world.modules);
    ranked.set(world, list);
  }
  return list;
}

/** The start context of a scenario, built once: every run's story compares its end with it. */
function startOf(data: ScenarioData): WorldContext {
  let start = starts.get(data);
  if (!start) {
    start = initialContext(data);
    starts.set(data, start);
  }
  return start;
}

/** Modules in the order of their summary sections; modules without one keep composition order, last. */
export function byRank(modules: readonly RegionModule[]): RegionModule[] {
  return [...modules].sort(
    (a, b) => (a.summary?.rank ?? Number.MAX_SAFE_INTEGER) - (b.summary?.rank ?? Number.MAX_SAFE_INTEGER),
  );
}

/**
 * Each module's part of the story, in the order of the modules' summary sections (talks first, as the
 * summary reads), then the custom regions' end states.
 */
function storyOf(
  data: ScenarioData,
  world: World,
  regions: Readonly<Record<string, string>>,
  reached: ReadonlySet<string>,
  context: WorldContext,
  moves: StoryInput['moves'],
): Story {
  const input: StoryInput = {
    regions,
    reached,
    context,
    start: startOf(data),
    moves,
    initialRegions: data.initial.regions ?? {},
  };
  const story: Record<string, unknown> = {};
  for (const m of rankedModules(world)) if (m.story) Object.assign(story, m.story(input));
  const custom = Object.keys(data.customRegions ?? {}).filter((id) => world.track(id));
  if (custom.length) story.custom = Object.fromEntries(custom.map((id) => [id, regions[id]!]));
  return story as Story;
}
