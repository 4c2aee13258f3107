import { stringify } from 'yaml';
import { describeMove } from '../machines/compose-world.js';
import type { WorldEvent } from '../regions/events.js';
import { initialContext } from '../scenario/initial-world.js';
import { parseScenario } from '../scenario/parse.js';
import type { Scenario } from '../scenario/scenario.js';
import type { Inject, ScenarioData } from '../scenario/schema.js';
import { scenarioWorld } from '../scenario/world.js';
import { dateOf } from '../sim/calendar.js';
import { type RunResult, runScenario } from '../sim/run-scenario.js';

const capitalise = (t: string) => t.charAt(0).toUpperCase() + t.slice(1);

/** A path found by exploration, written as a scenario file and run. */
export interface PathReplay {
  /** The scenario file (YAML) that replays the path: every actor scripted, one inject per move. */
  readonly file: string;
  /** Its run through `runScenario`. */
  readonly result: RunResult;
}

/**
 * The scenario that replays a path: the explored scenario (what-if applied) with every actor scripted,
 * its injects replaced by the path's moves (one dated inject per move, in order, a day per clock tick),
 * the calendar cut to the path's length, no end condition and no what-ifs. Outcomes and invariants stay,
 * so that `auspices run` reports what the path reaches or breaks.
 */
function pathScenarioData(data: ScenarioData, moves: readonly WorldEvent[], label: string): ScenarioData {
  const injects: Inject[] = [];
  const ctx = initialContext(data);
  const world = scenarioWorld(data);
  let day = 0;
  for (const move of moves) {
    if (move.type === 'clock.dayElapsed') {
      day++;
      continue;
    }
    const { by, ...payload } = move;
    injects.push({
      id: `step-${injects.length + 1}`,
      date: dateOf(data.calendar.start, day),
      by,
      do: payload as Inject['do'],
      text: `${capitalise(describeMove(move, ctx, world))}.`,
      hypothetical: true,
    });
  }
  const actors = Object.fromEntries(
    Object.entries(data.actors).map(([id, { policy: _p, params: _q, rules: _r, ...actor }]) => [
      id,
      { ...actor, policy: 'scripted' },
    ]),
  );
  // The kit (briefs, facilitator's notes, debrief) and the question speak of the original injects, which a
  // path file does not have.
  const {
    end: _end,
    whatIfs: _w,
    briefs: _b,
    facilitator: _f,
    debrief: _d,
    question: _q,
    ...rest
  } = data as ScenarioData & Record<'briefs' | 'facilitator' | 'debrief' | 'question', unknown>;
  return {
    ...rest,
    id: `${data.id}-explored`,
    title: `${data.title}: a shortest path that ${label}`,
    description: `Found by \`auspices explore\`: the shortest sequence of legal moves that ${label}. Every actor is scripted; each inject is one explored move.`,
    calendar: { start: data.calendar.start, end: dateOf(data.calendar.start, day) },
    actors,
    injects,
    whatIfs: {},
  } as ScenarioData;
}

/** Write a path as a scenario file, parse it back as any file would be, and run it. */
export function replayPath(scenario: Scenario, moves: readonly WorldEvent[], label: string): PathReplay {
  const data = pathScenarioData(scenario.data, moves, label);
  const { whatIfs: _w, ...written } = data;
  const what = scenario.whatIf ? ` (what-if ${scenario.whatIf})` : '';
  const file = [
    `# A shortest path that ${label}, found by \`auspices explore\` on "${scenario.data.title}"${what}.`,
    '# Every actor is scripted and each inject is one explored move. Replay it with `auspices run <this file>`.',
    stringify(written, { lineWidth: 0 }),
  ].join('\n');
  const parsed = parseScenario(file, `${data.id}.yaml`);
  return { file, result: runScenario(parsed, { seed: data.seed }) };
}
