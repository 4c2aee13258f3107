import { useCallback, useMemo, useState } from 'react';
import {
  createPlaySession,
  moveText,
  newsItems,
  type PlaySession,
  type Refusal,
  resumePlay,
  ruleOf,
  type Scenario,
  scenarioWorld,
  summaryLines,
  type WorldEvent,
} from '../core.js';
import { DownloadLink } from './download-link.js';
import { humanDate } from './format.js';
import { gameKey, storedGame, storeGame, type WorkStorage } from './saved-work.js';
import { Statechart } from './statechart.js';
import { Sources } from './timeline-view.js';

/** Props of the play panel. */
export interface PlayPanelProps {
  readonly scenario: Scenario;
  readonly whatIf: string | null;
  readonly seed: number;
  /** Where games in progress are kept (see `Playground`). */
  readonly storage: WorkStorage | null;
}

/** Azerbaijan first when the scenario has it (the flagship's most eventful part to play), else the first actor. */
function defaultActor(scenario: Scenario): string {
  const ids = Object.keys(scenario.data.actors);
  return ids.includes('azerbaijan') ? 'azerbaijan' : ids[0]!;
}

function start(scenario: Scenario, actor: string, whatIf: string | null, seed: number): PlaySession | Error {
  try {
    return createPlaySession(scenario, { as: actor, whatIf: whatIf ?? undefined, seed });
  } catch (error) {
    return error as Error;
  }
}

/** A game as the panel opens it: the one kept from an earlier visit, or a new one; `note` if the kept one failed. */
interface Opened {
  readonly session: PlaySession | Error;
  readonly resumed: boolean;
  readonly note: string | null;
}

function open(
  storage: WorkStorage | null,
  scenario: Scenario,
  actor: string,
  whatIf: string | null,
  seed: number,
): Opened {
  const saved = storedGame(storage, gameKey(scenario.hash, actor, whatIf, seed));
  if (saved !== null) {
    try {
      return { session: resumePlay(scenario, saved), resumed: true, note: null };
    } catch (error) {
      const note = `Your kept game could not be resumed (${(error as Error).message}), so a new game starts.`;
      return { session: start(scenario, actor, whatIf, seed), resumed: false, note };
    }
  }
  return { session: start(scenario, actor, whatIf, seed), resumed: false, note: null };
}

/** Moves grouped by event type, for a select with one group a type; values are indices into `moves`. */
function MoveOptions({ moves, session }: { moves: readonly WorldEvent[]; session: PlaySession }) {
  const groups = new Map<string, number[]>();
  moves.forEach((m, i) => groups.set(m.type, [...(groups.get(m.type) ?? []), i]));
  return (
    <>
      {[...groups].map(([type, indices]) => (
        <optgroup key={type} label={type}>
          {indices.map((i) => (
            <option key={i} value={i}>
              {moveText(moves[i]!, session.world.context)}
            </option>
          ))}
        </optgroup>
      ))}
    </>
  );
}

/** Play one actor: the day's news, the legal moves, why the others are refused, undo, and the end compared with history. */
export function PlayPanel({ scenario, whatIf, seed, storage }: PlayPanelProps) {
  const [actor, setActor] = useState(() => defaultActor(scenario));
  const chosenActor = actor in scenario.data.actors ? actor : defaultActor(scenario);
  const opened = useMemo(
    () => open(storage, scenario, chosenActor, whatIf, seed),
    [storage, scenario, chosenActor, whatIf, seed],
  );
  const initial = opened.session;
  const [game, setGame] = useState<{ from: PlaySession | Error; now: PlaySession } | null>(null);
  const playing = game !== null && game.from === initial;
  const session = playing ? game.now : initial;
  const saveGame = useCallback(() => (session instanceof Error ? '' : session.save()), [session]);
  const [today, setToday] = useState<readonly WorldEvent[]>([]);
  const [pick, setPick] = useState(0);
  const [refusedPick, setRefusedPick] = useState(0);
  const [why, setWhy] = useState<{ move: WorldEvent; refusal: Refusal | null } | null>(null);

  const go = (next: PlaySession) => {
    if (initial instanceof Error) return;
    setGame({ from: initial, now: next });
    const key = gameKey(scenario.hash, next.actor, whatIf, seed);
    storeGame(storage, key, next.turns.length > 0 ? next.save() : null);
    setToday([]);
    setWhy(null);
    setPick(0);
    setRefusedPick(0);
  };
  const actors = Object.entries(scenario.data.actors);
  const chooser = (
    <label>
      Play as{' '}
      <select value={chosenActor} onChange={(e) => setActor(e.target.value)} aria-label="Actor to play">
        {actors.map(([id, a]) => (
          <option key={id} value={id}>
            {a.name}
          </option>
        ))}
      </select>
    </label>
  );
  if (session instanceof Error)
    return (
      <section className="panel play">
        {chooser}
        <p role="alert">{session.message}</p>
      </section>
    );

  const ctx = session.world.context;
  const legal = session.legalMoves();
  const illegal = session.illegalMoves();
  const news = newsItems(session.news, ctx, session.actor);
  const name = scenario.data.actors[session.actor]?.name ?? session.actor;
  return (
    <div className="play-mode">
      <section className="panel play" aria-labelledby="play-title">
        <h2 id="play-title">Play as {name}</h2>
        <div className="row">
          {chooser}
          <button type="button" onClick={() => go(session.undo())} disabled={!session.canUndo}>
            Undo the last day
          </button>
          <output aria-label="Play day">
            {session.finished ? 'The game is over' : `Day ${session.day + 1}: ${humanDate(session.date)}`}
          </output>
        </div>
        <p className="row hint">
          {opened.note ??
            (opened.resumed && !playing ? 'Your game from your last visit, where you left it.' : '')}{' '}
          {session.turns.length > 0 && (
            <button
              type="button"
              onClick={() => {
                const fresh = start(scenario, session.actor, whatIf, seed);
                if (!(fresh instanceof Error)) go(fresh);
              }}
            >
              Start again
            </button>
          )}
          <DownloadLink
            name={`${scenario.data.id}-${session.actor}.play.json`}
            type="application/json"
            content={saveGame}
          >
            Download the game
          </DownloadLink>
        </p>
        <h3>News</h3>
        {news.length === 0 && <p className="hint">No news yet.</p>}
        <ul className="news" aria-label="News">
          {news.map((item, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: news items have no id; the list is rebuilt each day
            <li key={i} className={item.accepted ? 'move' : 'move refused'}>
              {!item.accepted && '✗ '}
              {item.own && <b>you: </b>}
              {item.text}
              {item.refusal && (
                <div className="refusal">
                  refused under <b title={item.refusal.ruleText}>{item.refusal.rule}</b>:{' '}
                  {item.refusal.reason}
                </div>
              )}
              {item.changes.map((c) => (
                <div key={c} className="change">
                  → {c}
                </div>
              ))}
              <Sources urls={item.sources} />
            </li>
          ))}
        </ul>
        {session.recordToday.length > 0 && (
          <>
            <h3>What {name} did on this day in the record</h3>
            <ul className="record">
              {session.recordToday.map((r) => (
                <li key={r.inject}>
                  {r.hypothetical ? '(this what-if) ' : ''}
                  {r.text}
                  <Sources urls={r.sources} />
                </li>
              ))}
            </ul>
          </>
        )}
        {!session.finished && (
          <>
            <h3>Your moves today</h3>
            <div className="row">
              <select aria-label="Legal moves" value={pick} onChange={(e) => setPick(Number(e.target.value))}>
                <MoveOptions moves={legal} session={session} />
              </select>
              <button
                type="button"
                disabled={legal.length === 0}
                onClick={() => setToday([...today, legal[pick]!])}
              >
                Add move
              </button>
            </div>
            <div className="row">
              <select
                aria-label="Moves the rules refuse now"
                value={refusedPick}
                onChange={(e) => {
                  setRefusedPick(Number(e.target.value));
                  setWhy(null);
                }}
              >
                <MoveOptions moves={illegal} session={session} />
              </select>
              <button
                type="button"
                disabled={illegal.length === 0}
                onClick={() =>
                  setWhy({ move: illegal[refusedPick]!, refusal: session.whyNot(illegal[refusedPick]!) })
                }
              >
                Why not?
              </button>
              <button
                type="button"
                disabled={illegal.length === 0}
                onClick={() => setToday([...today, illegal[refusedPick]!])}
              >
                Try it anyway
              </button>
            </div>
            {why && (
              <p className="why" role="status" aria-label="Why not">
                {moveText(why.move, ctx)}:{' '}
                {why.refusal ? (
                  <>
                    refused under <b>{why.refusal.rule}</b> (
                    {ruleOf(why.refusal.rule, scenarioWorld(scenario.data)).text}): {why.refusal.reason}
                  </>
                ) : (
                  'the rules would accept it now'
                )}
              </p>
            )}
            <ol className="moves" aria-label="Moves chosen for today">
              {today.map((m, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: the same move may be chosen twice
                <li key={i}>
                  {moveText(m, ctx)}{' '}
                  <button
                    type="button"
                    className="link"
                    onClick={() => setToday(today.filter((_, j) => j !== i))}
                  >
                    remove
                  </button>
                </li>
              ))}
            </ol>
            <button type="button" onClick={() => go(session.play(today))}>
              {today.length === 0 ? 'Pass the day' : `End the day with ${today.length} move(s)`}
            </button>
          </>
        )}
        {session.finished && <Debrief session={session} />}
      </section>
      <Statechart
        machine={scenarioWorld(scenario.data).machine}
        value={session.world.value}
        caption={`${humanDate(session.date)}, as ${name} decides`}
      />
    </div>
  );
}

/** The end of the game set beside the scenario as written, line by line. */
function Debrief({ session }: { readonly session: PlaySession }) {
  const yours = summaryLines(session.result());
  const theirs = summaryLines(session.history());
  return (
    <table className="debrief">
      <caption>Your game beside the scenario as written</caption>
      <thead>
        <tr>
          <th />
          <th>your game</th>
          <th>as written</th>
        </tr>
      </thead>
      <tbody>
        {yours.map(([label, text], i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: labels such as Reached repeat
          <tr key={i} className={theirs[i]?.[1] === text ? '' : 'differs'}>
            <th>{label}</th>
            <td>{text}</td>
            <td>{theirs[i]?.[1] ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
