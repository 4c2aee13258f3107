import type { Readable, Writable } from 'node:stream';
import { createPlaySession, PlayError, type PlaySession, resumePlaySteps } from '../play/play.js';
import type { WorldEvent } from '../regions/events.js';
import { afterAction, renderAfterAction } from '../report/after-action.js';
import { type NewsTone, newsTonedLines, recordLines } from '../report/play-news.js';
import { loadScenarioSync, readTextFile } from '../scenario/read-file.js';
import type { Scenario } from '../scenario/scenario.js';
import { scenarioWorld } from '../scenario/world.js';
import { humanDate } from '../sim/calendar.js';
import { CliError } from './cli-error.js';
import { stepThrough } from './interrupt.js';
import type { CliIo } from './io.js';
import { askDay, type MenuContext, type Offered, type Tint, tinter } from './play-menu.js';
import { createSaver, type Saver, savePathProblem } from './play-saver.js';
// The prompts, with every text they show made safe for a terminal.
import { intro, isCancel, log, type Paint, type Rich, select } from './safe-prompts.js';

/** The terminal the game is played on; the process's own streams unless a test passes others. */
export interface PlayTerminal {
  readonly input: Readable & { readonly isTTY?: boolean };
  readonly output: Writable;
}

/** The options of `auspices play`. */
export interface PlayOpts {
  readonly as?: string | undefined;
  readonly seed?: number | undefined;
  readonly whatIf?: string | undefined;
  readonly engine: 'kernel' | 'xstate';
  readonly resume?: string | undefined;
  readonly save?: string | undefined;
}

/** A saved game is read only from a regular file of at most 16 MiB (never a device or a pipe). */
function readText(file: string, what: string): string {
  try {
    return readTextFile(file, { maxBytes: 16 * 2 ** 20, what: 'saved games' });
  } catch (error) {
    throw new CliError(`cannot read ${what} ${file}: ${(error as Error).message}`);
  }
}

/** A library message without its `auspices: <function>: ` prefix, for the command line. */
function withoutApi(message: string): string {
  return message.replace(/^auspices: [\w.]+: /, '');
}

/** Start or resume the game, with every problem of the input as a CLI error (exit 2). */
async function open(
  scenario: Scenario,
  opts: PlayOpts,
  signal: AbortSignal | undefined,
): Promise<PlaySession> {
  if (opts.resume) {
    let session: PlaySession;
    try {
      // Day by day, so that Ctrl-C stops the replay of a long game (see interrupt.ts).
      const steps = resumePlaySteps(scenario, readText(opts.resume, 'saved game'));
      session = await stepThrough(steps, 'play', signal);
    } catch (error) {
      if (!(error instanceof PlayError)) throw error;
      const message = withoutApi(error.message);
      throw new CliError(`${opts.resume}:${/^\d+:\d+: /.test(message) ? '' : ' '}${message}`);
    }
    const differs = [
      ['--as', opts.as, session.actor],
      ['--seed', opts.seed, session.seed],
      ['--what-if', opts.whatIf, session.scenario.whatIf ?? undefined],
    ].find(([, given, saved]) => given !== undefined && given !== saved);
    if (differs)
      throw new CliError(
        `${opts.resume} was played with ${differs[0]} ${String(differs[2] ?? '(none)')}, not ${String(differs[1])}; leave ${differs[0]} out to resume it`,
      );
    return session;
  }
  if (!opts.as) {
    const actors = Object.keys(scenario.data.actors).join(', ');
    throw new CliError(`name the actor you play with --as ACTOR (this scenario's actors: ${actors})`);
  }
  try {
    return createPlaySession(scenario, {
      as: opts.as,
      seed: opts.seed,
      whatIf: opts.whatIf,
      engine: opts.engine,
    });
  } catch (error) {
    if (error instanceof PlayError) throw new CliError(withoutApi(error.message));
    throw error;
  }
}

/**
 * The day's legal moves, the record's moves of today first (with their full payload, such as a place),
 * each candidate that a record move covers left out.
 */
function menuMoves(session: PlaySession): Offered[] {
  const historical = session.recordToday.flatMap((r) => r.moves).filter((m) => session.whyNot(m) === null);
  return [
    ...historical.map((move) => ({ move, historical: true })),
    ...session
      .legalMoves()
      .filter((m) => !historical.some((h) => covers(h, m)))
      .map((move) => ({ move, historical: false })),
  ];
}

/** Whether the move `full` has every field of `move` (and maybe more). */
function covers(full: WorldEvent, move: WorldEvent): boolean {
  const fields = full as unknown as Record<string, unknown>;
  return Object.entries(move).every(([k, v]) => JSON.stringify(fields[k]) === JSON.stringify(v));
}

const tones: Record<NewsTone, Paint | undefined> = {
  plain: undefined,
  refused: 'red',
  change: 'green',
  source: 'dim',
};

/** The day's news as lines, coloured by tone when the terminal wants colour. */
function news(session: PlaySession, width: number, tint: Tint): Rich[] {
  return newsTonedLines(session, width).map((l) => {
    const paint = tones[l.tone];
    return paint ? tint(paint, l.text) : l.text;
  });
}

function showDay(session: PlaySession, out: Writable, tint: Tint): void {
  const name = session.world.context.actors[session.actor]?.name ?? session.actor;
  log.step([tint('bold', `Day ${session.day + 1} · ${humanDate(session.date)} · you are ${name}`)], {
    output: out,
  });
  const lines = news(session, frameWidth({ output: out }), tint);
  log.message(['News since your last turn:', ...(lines.length ? lines : ['  nothing new'])], { output: out });
  if (session.recordToday.length)
    log.info(
      recordLines(session.recordToday, session.world.context, scenarioWorld(session.played.data)).join('\n'),
      { output: out },
    );
}

/** The width inside the prompts' frame (`│  ` and a margin): the terminal's, else 80 columns. */
function frameWidth(term: { readonly output: Writable }): number {
  const columns = (term.output as Writable & { columns?: number }).columns;
  return Math.max(36, (typeof columns === 'number' && columns > 0 ? columns : 80) - 4);
}

/** How a game ended, and where it was saved (on a quit or a cancel). */
interface Ended {
  readonly session: PlaySession;
  readonly ended: 'finished' | 'quit' | 'cancel';
  readonly savedTo?: string | undefined;
}

/**
 * Play until the end, a quit or a cancel. No game is lost: a save that fails is shown and the game goes
 * on, in memory; Quit and Ctrl-C then write it to the fallback file, and if no file can be written at
 * all, Ctrl-C asks before it quits without saving.
 */
async function loop(
  start: PlaySession,
  term: PlayTerminal,
  saver: Saver,
  worthSaving: (session: PlaySession) => boolean,
  signal: AbortSignal | undefined,
  tint: Tint,
): Promise<Ended> {
  let session = start;
  const out = term.output;
  /** Save (to the fallback file too if `fallback`); the file written, or undefined after showing why not. */
  const save = (fallback: boolean): string | undefined => {
    try {
      const file = saver.save(session.save(), fallback);
      log.success(`Saved to ${file}${file === saver.path ? '' : ` (${saver.path} could not be written)`}`, {
        output: out,
      });
      return file;
    } catch (error) {
      log.error((error as Error).message, { output: out });
      return undefined;
    }
  };
  /** On Ctrl-C: save, or ask before quitting without saving. Resolves to how the game ends, or null to go on. */
  const cancel = async (): Promise<Ended | null> => {
    if (!worthSaving(session)) return { session, ended: 'cancel' };
    const savedTo = save(true);
    // Stopped by a signal (SIGTERM): there is no one to ask.
    if (savedTo || signal?.aborted) return { session, ended: 'cancel', savedTo };
    const sure = await select<'stay' | 'leave'>({
      message: 'The game could not be saved anywhere. Quit and lose it?',
      options: [
        { value: 'stay', label: 'Keep playing (Save again once a file can be written)' },
        { value: 'leave', label: 'Quit without saving' },
      ],
      ...term,
      ...(signal ? { signal } : {}),
    });
    return sure === 'stay' ? null : { session, ended: 'cancel' };
  };
  while (!session.finished) {
    showDay(session, out, tint);
    const queued: WorldEvent[] = [];
    let next: PlaySession | undefined;
    while (!next) {
      const offered = menuMoves(session).filter((m) => !queued.includes(m.move));
      const menu: MenuContext = { term, signal, tint, width: frameWidth(term), savePath: saver.path };
      const choice = await askDay(session, offered, queued.length, menu);
      if (isCancel(choice)) {
        const ended = await cancel();
        if (ended) return ended;
        continue;
      }
      if ('move' in choice) {
        queued.push(choice.move);
        log.message(
          [
            choice.tried
              ? [
                  'You will try: ',
                  tint('red', choice.text),
                  ' (the rules refuse it now; the news will say how it went)',
                ]
              : `You will: ${choice.text}`,
          ],
          { output: out },
        );
        continue;
      }
      const action = choice.action;
      if (action === 'clear') queued.length = 0;
      else if (action === 'end') next = session.play(queued);
      else if (action === 'undo') {
        if (!session.canUndo)
          log.warn('Nothing to undo yet: this is the first day you play.', { output: out });
        else {
          next = session.undo();
          log.info(`Back to ${humanDate(next.date)}`, { output: out });
        }
      } else if (action === 'save') save(false);
      else {
        const savedTo = save(true);
        if (savedTo) return { session, ended: 'quit', savedTo };
      }
    }
    session = next;
  }
  log.step(`The game ends on ${humanDate(session.date)}`, { output: out });
  log.message(
    [
      'News of the last day:',
      ...(session.news.length ? news(session, frameWidth(term), tint) : ['  nothing new']),
    ],
    { output: out },
  );
  return { session, ended: 'finished' };
}

/**
 * `auspices play <file> --as ACTOR`: play one actor of a scenario in the terminal, day by day, with the
 * other actors on their policies; undo, save and resume; an after-action summary at the end.
 */
export async function playGame(
  file: string,
  opts: PlayOpts,
  io: CliIo,
  terminal?: PlayTerminal,
): Promise<void> {
  const scenario = loadScenarioSync(file);
  const start = await open(scenario, opts, io.signal);
  const savePath = opts.save ?? opts.resume ?? `${scenario.data.id}-${start.actor}.play.json`;
  // A save replaces its file: refuse anything but a regular file or a new one, before the game starts.
  const problem = savePathProblem(savePath);
  if (problem)
    throw new CliError(
      `cannot save the game to ${savePath}: ${problem}; choose another file with --save FILE`,
    );
  const saver = createSaver(savePath);
  const term = terminal ?? { input: process.stdin, output: process.stdout };
  if (term.input.isTTY !== true)
    throw new CliError('play is interactive: run it in a terminal (standard input is not one)');
  const data = start.scenario.data;
  const name = data.actors[start.actor]?.name ?? start.actor;
  intro(`auspices play · ${start.scenario.data.title}`, { output: term.output });
  log.message(
    [
      `You play ${name}, ${humanDate(data.calendar.start)} to ${humanDate(data.calendar.end)}; every other actor follows its policy.`,
      `${name}'s own historical moves no longer happen by themselves: each day shows what ${name} did in history, and the choice is yours.`,
      start.turns.length
        ? `Resumed after ${start.turns.length} day${start.turns.length === 1 ? '' : 's'} played.`
        : 'Ctrl-C saves the game and stops.',
    ],
    { output: term.output },
  );
  const worthSaving = (s: PlaySession) => s.turns.length > 0 || opts.resume !== undefined;
  const { session, ended, savedTo } = await loop(
    start,
    term,
    saver,
    worthSaving,
    io.signal,
    tinter(io.colour === true),
  );
  if (ended === 'cancel') {
    // Ctrl-C on the terminal is a key, not a signal: 130 as for SIGINT; 143 for SIGTERM.
    const code = io.signal?.aborted && io.signal.reason === 'SIGTERM' ? 143 : 130;
    if (!worthSaving(session)) {
      log.warn('Stopped before the first day was played; nothing to save.', { output: term.output });
      throw new CliError('play interrupted', code);
    }
    if (!savedTo) throw new CliError('play interrupted; the game could not be saved', code);
    throw new CliError(
      `play interrupted; the game is saved to ${savedTo}. Continue it with: auspices play ${file} --resume ${savedTo}`,
      code,
    );
  }
  let unsaved: string | undefined;
  if (ended === 'finished' && (opts.save || opts.resume))
    try {
      const written = saver.save(session.save(), true);
      if (written !== savePath) log.warn(`Saved to ${written} instead`, { output: term.output });
    } catch (error) {
      unsaved = (error as Error).message;
    }
  io.out(`\n${renderAfterAction(afterAction(session))}`);
  if (unsaved) throw new CliError(unsaved);
}
