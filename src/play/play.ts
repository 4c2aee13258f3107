import { type ActorView, definePolicy, type Policy } from '../agents/policy.js';
import { createPolicyRegistry } from '../agents/registry.js';
import type { TraceEntry } from '../agents/trace.js';
import type { WorldState } from '../model/context.js';
import { evaluate } from '../model/predicate.js';
import type { WorldEvent } from '../regions/events.js';
import { scenarioHash } from '../scenario/hash.js';
import { hint } from '../scenario/issues.js';
import type { Scenario } from '../scenario/scenario.js';
import type { ScenarioData } from '../scenario/schema.js';
import { applyWhatIf } from '../scenario/what-if.js';
import { scenarioWorld } from '../scenario/world.js';
import { dateOf } from '../sim/calendar.js';
import { computeOutcome } from '../sim/outcome.js';
import {
  drain,
  type Engine,
  engines,
  type RunResult,
  resumeRun,
  runScenario,
  stepperFor,
} from '../sim/run-scenario.js';
import type { RunState } from '../sim/run-state.js';
import { saveRun } from '../sim/saved-run.js';
import type { Refusal, Stepper } from '../steppers/stepper.js';
import { type RecordedMove, recordOf } from './play-record.js';
import { decodeGame, encodeGame, type SavedGame } from './play-save.js';

export type { RecordedMove } from './play-record.js';
export type { SavedGame } from './play-save.js';

/** Raised for a play session that cannot be made or continued: an unknown actor, a bad save, a move after the end. */
export class PlayError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlayError';
  }
}

/** Options of `createPlaySession`. */
export interface PlayOptions {
  /** The actor the player plays (an id of the scenario's `actors`). */
  readonly as: string;
  /** The seed of the run; defaults to the scenario's `seed`. */
  readonly seed?: number | undefined;
  /** A named what-if of the scenario to play. */
  readonly whatIf?: string | undefined;
  /** The engine that steps the world (default `kernel`). */
  readonly engine?: Engine | undefined;
}

/** One simulated day the player has played: the moves chosen (none for a day passed). */
export interface PlayTurn {
  readonly day: number;
  readonly date: string;
  readonly moves: readonly WorldEvent[];
}

/**
 * A game in progress: an immutable value. `play` and `undo` return new sessions; the old one stays valid.
 * The session stands at the player's decision point of `day`: that day's injects have fired, the other
 * actors are deciding on the same world, and the player's moves will apply in the actor's place in the
 * scenario's order, exactly as a policy's would.
 */
export interface PlaySession {
  /** The scenario as written, with the what-if applied: the historical record the game is set against. */
  readonly scenario: Scenario;
  /**
   * The scenario the game runs: the played actor follows the `human` policy (the player's moves) and its
   * moves in injects are removed, so they no longer fire by themselves; they are in `record` instead.
   */
  readonly played: Scenario;
  /** The played actor's id. */
  readonly actor: string;
  readonly seed: number;
  readonly engine: Engine;
  /** The day the player is deciding (from 0 at the start date); the last day once finished. */
  readonly day: number;
  readonly date: string;
  readonly finished: boolean;
  /** The run's state at the start of `day`, before its injects (after it, once finished). */
  readonly state: RunState;
  /** The world the player decides on: after today's injects. */
  readonly world: WorldState;
  /**
   * What happened since the player's last turn: yesterday's moves (the player's among them, each accepted
   * or refused with its rule) and today's injects. Once finished, the last day's moves.
   */
  readonly news: readonly TraceEntry[];
  /** The days played so far, in order. */
  readonly turns: readonly PlayTurn[];
  /** The played actor's moves in the scenario's injects, dated or conditional, with their sources. */
  readonly record: readonly RecordedMove[];
  /** The entries of `record` due today: dated today, or conditional and holding for the first time. */
  readonly recordToday: readonly RecordedMove[];
  /** Whether `undo` can go back a day. */
  readonly canUndo: boolean;
  /** The moves the player can make now that the rules accept (empty once finished). */
  legalMoves(): readonly WorldEvent[];
  /** The other candidate moves: those the rules would refuse now. */
  illegalMoves(): readonly WorldEvent[];
  /** Why a move would be refused now (its rule, code and reason), or null if it would be accepted. */
  whyNot(move: WorldEvent): Refusal | null;
  /**
   * Play the day with these moves (none passes the day) while every other actor follows its policy;
   * returns the session at the next day's decision point. Each move is made `by` the played actor.
   */
  play(moves?: readonly WorldEvent[]): PlaySession;
  /** The session one day back, exactly as it was. */
  undo(): PlaySession;
  /** The game as JSON text, for `resumePlay`. */
  save(): string;
  /** The run so far, as a `RunResult` of the played scenario (for `narrate`). */
  result(): RunResult;
  /**
   * The scenario as written (the actor's injects firing, its policy deciding) on the same seed and engine,
   * up to the same day: what the game is compared with.
   */
  history(): RunResult;
}

/** The `human` policy: its intents are the moves `choose` returns for the day's view. */
function humanPolicy(choose: (view: ActorView) => readonly WorldEvent[]): Policy<unknown> {
  return definePolicy<unknown>({
    name: 'human',
    description: 'The moves a player chose for the day.',
    parseParams: () => ({}),
    decide: ({ view, memory }) => ({ intents: choose(view).map((move) => ({ move, after: 0 })), memory }),
  });
}

/** The scenario with `actor` on the `human` policy and its moves taken out of the injects. */
function playedScenario(resolved: Scenario, actor: string): Scenario {
  const data = resolved.data;
  const injects = data.injects.flatMap((inject) => {
    const list = Array.isArray(inject.do) ? inject.do : [inject.do];
    const kept = list.filter((m) => (m.by ?? inject.by) !== actor);
    if (kept.length === list.length) return [inject];
    return kept.length === 0 ? [] : [{ ...inject, do: kept }];
  });
  const { rules: _rules, params: _params, ...spec } = data.actors[actor]!;
  const played: ScenarioData = {
    ...data,
    actors: { ...data.actors, [actor]: { ...spec, policy: 'human' } },
    injects,
  };
  return { ...resolved, data: played, hash: scenarioHash({ played: actor, data: played }, resolved.whatIf) };
}

/** What stays the same for every day of one game. */
interface Game {
  readonly scenario: Scenario;
  readonly played: Scenario;
  readonly actor: string;
  readonly seed: number;
  readonly engine: Engine;
  readonly stepper: Stepper;
  readonly record: readonly RecordedMove[];
}

/** One day of the game: its state at the start, the turns before it, the conditional record seen so far. */
interface Frame {
  readonly state: RunState;
  readonly turns: readonly PlayTurn[];
  readonly seen: readonly string[];
}

/** Run one day of the played scenario from `state`, the player making `choose(view)`. */
function runDay(game: Game, state: RunState, choose: (view: ActorView) => readonly WorldEvent[]): RunState {
  const policies = createPolicyRegistry([humanPolicy(choose)]);
  return resumeRun(game.played, saveRun(state), { policies, stepper: game.stepper, untilDay: state.day })
    .state;
}

function sessionAt(game: Game, frame: Frame, past: readonly Frame[]): PlaySession {
  const { state } = frame;
  let view: ActorView | undefined;
  // The day is run once without the player's moves to see the world at the decision point; the moves are
  // simultaneous, so the other actors decide the same way when the player's moves are added.
  if (!state.finished)
    runDay(game, state, (v) => {
      view = v;
      return [];
    });
  const world = view?.world ?? state.world;
  const lastPolicy = state.trace.findIndex((e) => e.day === state.day && e.origin === 'policy');
  const news = view?.news ?? (lastPolicy >= 0 ? state.trace.slice(lastPolicy) : []);
  const subject = view && {
    regionPath: scenarioWorld(game.played.data).regionPath,
    value: world.value,
    context: world.context,
    reached: view.reached,
    moves: view.history.map((e) => ({ type: e.move.type, by: e.move.by, accepted: e.accepted })),
  };
  const recordToday = game.record.filter((r) =>
    r.day !== null
      ? r.day === state.day && !state.finished
      : subject !== undefined && !frame.seen.includes(r.inject) && evaluate(r.when!, subject),
  );
  let split: { legal: WorldEvent[]; illegal: WorldEvent[] } | undefined;
  const partition = () => {
    if (split) return split;
    split = { legal: [], illegal: [] };
    if (state.finished) return split;
    for (const move of scenarioWorld(game.played.data).candidateMoves(world.context, game.actor))
      ((game.stepper.accepts?.(world, move) ?? game.stepper.check(world, move).accepted)
        ? split.legal
        : split.illegal
      ).push(move);
    return split;
  };
  const date = dateOf(game.played.data.calendar.start, state.day);
  const self: PlaySession = {
    scenario: game.scenario,
    played: game.played,
    actor: game.actor,
    seed: game.seed,
    engine: game.engine,
    day: state.day,
    date,
    finished: state.finished,
    state,
    world,
    news,
    turns: frame.turns,
    record: game.record,
    recordToday,
    canUndo: past.length > 0,
    legalMoves: () => partition().legal,
    illegalMoves: () => partition().illegal,
    whyNot: (move) => game.stepper.check(world, { ...move, by: game.actor } as WorldEvent).refusal,
    play: (moves = []) => {
      if (state.finished)
        throw new PlayError(
          `auspices: PlaySession.play: the game ended on ${date}; undo to play a day again`,
        );
      const own = moves.map((m) => ({ ...m, by: game.actor }) as WorldEvent);
      const next = runDay(game, state, () => own);
      const turn: PlayTurn = { day: state.day, date, moves: own };
      const seen = [...frame.seen, ...recordToday.filter((r) => r.day === null).map((r) => r.inject)];
      return sessionAt(game, { state: next, turns: [...frame.turns, turn], seen }, [...past, frame]);
    },
    undo: () => {
      const previous = past.at(-1);
      if (!previous)
        throw new PlayError('auspices: PlaySession.undo: nothing to undo; this is the first day played');
      return sessionAt(game, previous, past.slice(0, -1));
    },
    save: () => saveGame(game, frame),
    result: () => ({
      scenario: game.played,
      seed: game.seed,
      trace: state.trace,
      outcome: computeOutcome(game.played.data, state),
      world: state.world,
      state,
    }),
    history: () =>
      runScenario(game.scenario, {
        seed: game.seed,
        stepper: game.stepper,
        untilDay: state.finished ? state.day : state.day - 1,
      }),
  };
  return self;
}

function saveGame(game: Game, frame: Frame): string {
  return encodeGame(
    {
      scenario: { id: game.scenario.data.id, hash: game.scenario.hash },
      as: game.actor,
      whatIf: game.scenario.whatIf,
      seed: game.seed,
      engine: game.engine,
      turns: frame.turns,
    },
    saveRun(frame.state),
  );
}

/**
 * Start a game: the player plays one actor of a scenario, day by day, while every other actor follows its
 * policy and the injects fire on their days. The played actor's own injects do not fire: they are its
 * historical `record`, shown on their day (`recordToday`) so the player can follow history or not. In an
 * inject that also carries other actors' moves, those moves still fire.
 *
 * @example
 * ```ts
 * import { createPlaySession, loadScenario } from 'auspices';
 * const scenario = await loadScenario('scenarios/karabakh/format-week-2020.yaml');
 * let game = createPlaySession(scenario, { as: 'azerbaijan' });
 * game.recordToday; // what Azerbaijan did in history today, with sources
 * const demand = game.legalMoves().find((m) => m.type === 'mediator.demandExclusion');
 * game = game.play(demand ? [demand] : []); // one day on; the others answered
 * game.news; // yesterday's moves, each accepted or refused with its rule
 * game.whyNot({ type: 'talks.convene', by: 'azerbaijan' }); // { rule: 'R2', code: ..., reason: ... }
 * game = game.undo();
 * const saved = game.save(); // resumePlay(scenario, saved) continues it
 * ```
 */
export function createPlaySession(scenario: Scenario, options: PlayOptions): PlaySession {
  if (options.seed !== undefined && !Number.isSafeInteger(options.seed))
    throw new PlayError(
      `auspices: createPlaySession: seed ${options.seed} is not an integer; pass a whole number such as 7`,
    );
  const engine = options.engine ?? 'kernel';
  if (!engines.includes(engine))
    throw new PlayError(
      `auspices: createPlaySession: unknown engine "${engine}"; use one of ${engines.join(', ')}`,
    );
  const resolved = options.whatIf ? applyWhatIf(scenario, options.whatIf) : scenario;
  const actors = Object.keys(resolved.data.actors);
  if (!Object.hasOwn(resolved.data.actors, options.as))
    throw new PlayError(
      `auspices: createPlaySession: unknown actor "${options.as}"${hint(options.as, actors)}; this scenario's actors are ${actors.join(', ')}`,
    );
  const played = playedScenario(resolved, options.as);
  const stepper = stepperFor(scenarioWorld(played.data), engine);
  const seed = options.seed ?? resolved.data.seed;
  const game: Game = {
    scenario: resolved,
    played,
    actor: options.as,
    seed,
    engine,
    stepper,
    record: recordOf(resolved.data, options.as),
  };
  const policies = createPolicyRegistry([humanPolicy(() => [])]);
  const start = runScenario(played, { seed, stepper, policies, untilDay: -1 }).state;
  // The played scenario is already resolved: its states name no what-if for resumeRun to apply again.
  const state: RunState = { ...start, scenario: { ...start.scenario, whatIf: null } };
  return sessionAt(game, { state, turns: [], seen: [] }, []);
}

/**
 * Continue a saved game on the scenario it was played on (the base file; the saved what-if is applied
 * again). The days are replayed from the start, so `undo` works as before the save, and the replay must
 * arrive at the saved run: a saved game that was edited, or a scenario that changed, throws a `PlayError`.
 */
export function resumePlay(scenario: Scenario, saved: string): PlaySession {
  return drain(resumePlaySteps(scenario, saved));
}

/**
 * `resumePlay` in steps: yields after each day replayed and returns the session. For callers that must
 * stay responsive while a long game loads (the command line stops on Ctrl-C).
 */
export function* resumePlaySteps(
  scenario: Scenario,
  saved: string,
): Generator<number, PlaySession, undefined> {
  let game: SavedGame;
  try {
    game = decodeGame(saved);
  } catch (error) {
    throw new PlayError(`auspices: resumePlay: ${(error as Error).message}`);
  }
  if (game.scenario.id !== scenario.data.id)
    throw new PlayError(
      `auspices: resumePlay: the saved game is of scenario ${game.scenario.id}, not ${scenario.data.id}; resume it with the scenario file it was played on`,
    );
  let session = createPlaySession(scenario, {
    as: game.as,
    seed: game.seed,
    whatIf: game.whatIf ?? undefined,
    engine: game.engine,
  });
  if (session.scenario.hash !== game.scenario.hash)
    throw new PlayError(
      `auspices: resumePlay: the saved game was played on scenario ${game.scenario.id} with hash ${game.scenario.hash}, but this file now hashes to ${session.scenario.hash}; resume it with the version of the file it was played on`,
    );
  for (const [i, turn] of game.turns.entries()) {
    if (turn.day !== session.day || session.finished)
      throw new PlayError(
        `auspices: resumePlay: turns.${i}: day ${turn.day} does not follow the days before it (expected day ${session.day}); the saved game was edited`,
      );
    session = session.play(turn.moves);
    yield session.day;
  }
  if (saveRun(session.state) !== saveRun(game.run))
    throw new PlayError(
      'auspices: resumePlay: the saved run does not match the moves saved with it; the saved game was edited or comes from another version of auspices',
    );
  return session;
}
