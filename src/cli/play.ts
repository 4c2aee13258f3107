import type { Readable, Writable } from 'node:stream';
import { ruleOf } from '../machines/compose-world.js';
import { createPlaySession, PlayError, type PlaySession, resumePlaySteps } from '../play/play.js';
import type { WorldEvent } from '../regions/events.js';
import { afterAction, renderAfterAction } from '../report/after-action.js';
import { moveText, newsLines, recordLines } from '../report/play-news.js';
import { wrapText } from '../report/text-width.js';
import { loadScenarioSync, readTextFile } from '../scenario/read-file.js';
import type { Scenario } from '../scenario/scenario.js';
import { scenarioWorld } from '../scenario/world.js';
import { humanDate } from '../sim/calendar.js';
import { CliError } from './cli-error.js';
import { stepThrough } from './interrupt.js';
import type { CliIo } from './io.js';
import { createSaver, type Saver, savePathProblem } from './play-saver.js';
// The prompts, with every text they show made safe for a terminal.
import { intro, isCancel, log, select } from './safe-prompts.js';

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

/** A choice of the day's menu: an action, or `move:<i>` for the i-th legal move. */
type Choice = 'end' | 'clear' | 'why' | 'undo' | 'save' | 'quit' | `move:${number}`;

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
function menuMoves(session: PlaySession): { move: WorldEvent; historical: boolean }[] {
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

function showDay(session: PlaySession, out: Writable): void {
  const name = session.world.context.actors[session.actor]?.name ?? session.actor;
  log.step(`Day ${session.day + 1} · ${humanDate(session.date)} · you are ${name}`, { output: out });
  const news = newsLines(session, frameWidth({ output: out }));
  log.message(['News since your last turn:', ...(news.length ? news : ['  nothing new'])], { output: out });
  if (session.recordToday.length)
    log.info(recordLines(session.recordToday, session.world.context).join('\n'), { output: out });
}

/** The width inside the prompts' frame (`│  ` and a margin): the terminal's, else 80 columns. */
function frameWidth(term: { readonly output: Writable }): number {
  const columns = (term.output as Writable & { columns?: number }).columns;
  return Math.max(36, (typeof columns === 'number' && columns > 0 ? columns : 80) - 4);
}

/** Ask why a refused move is refused: pick among today's illegal moves, see its rule and reason. */
async function whyNot(
  session: PlaySession,
  term: PlayTerminal,
  signal: AbortSignal | undefined,
): Promise<void> {
  const ctx = session.world.context;
  // Moves the reference rules forbid first: they are the instructive ones; mechanics (M1, M2) after.
  const judged = session.illegalMoves().map((move) => ({ move, rule: session.whyNot(move)?.rule ?? 'M1' }));
  const world = scenarioWorld(session.scenario.data);
  const reference = judged.filter((j) => ruleOf(j.rule, world).kind === 'reference');
  const illegal = [...reference, ...judged.filter((j) => ruleOf(j.rule, world).kind !== 'reference')];
  const index = await select<number>({
    message: `Why can't I …? (${illegal.length} moves would be refused today)`,
    options: [
      ...illegal.map((j, i) => ({ value: i, label: `${moveText(j.move, ctx)} (${j.rule})` })),
      { value: -1, label: '← back' },
    ],
    maxItems: 12,
    ...term,
    ...(signal ? { signal } : {}),
  });
  const picked = isCancel(index) ? undefined : illegal[index]?.move;
  if (!picked) return;
  const refusal = session.whyNot(picked);
  if (!refusal) return void log.success(`${moveText(picked, ctx)}: allowed now`, { output: term.output });
  // The specific reason first, then the rule it applies; the refusal's code is for programs, not players.
  const width = frameWidth(term);
  log.warn(
    [
      ...wrapText(`✗ ${moveText(picked, ctx)}`, width, '  '),
      ...wrapText(refusal.reason, width, ''),
      ...wrapText(`Rule ${refusal.rule}: ${ruleOf(refusal.rule, world).text}`, width, '  '),
    ].join('\n'),
    { output: term.output },
  );
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
    showDay(session, out);
    const queued: WorldEvent[] = [];
    let next: PlaySession | undefined;
    while (!next) {
      const ctx = session.world.context;
      const legal = menuMoves(session).filter((m) => !queued.includes(m.move));
      const choice = await select<Choice>({
        message: queued.length
          ? `Anything else today? (${queued.length} move${queued.length === 1 ? '' : 's'} chosen)`
          : 'Your move',
        options: [
          {
            value: 'end',
            label: queued.length
              ? `End the day with the move${queued.length === 1 ? '' : 's'} chosen`
              : 'Pass the day',
          },
          ...(queued.length ? [{ value: 'clear' as Choice, label: "Take back today's moves" }] : []),
          ...legal.map(({ move, historical }, i) => ({
            value: `move:${i}` as Choice,
            label: `${moveText(move, ctx)}${historical ? ' (as in history today)' : ''}`,
          })),
          { value: 'why' as Choice, label: "Why can't I …?" },
          { value: 'undo' as Choice, label: 'Undo: back one day' },
          { value: 'save' as Choice, label: `Save to ${saver.path}` },
          { value: 'quit' as Choice, label: 'Quit (saves, then the summary)' },
        ],
        maxItems: 14,
        ...term,
        ...(signal ? { signal } : {}),
      });
      if (isCancel(choice)) {
        const ended = await cancel();
        if (ended) return ended;
        continue;
      }
      const move = choice.startsWith('move:') ? legal[Number(choice.slice(5))]?.move : undefined;
      if (move) {
        queued.push(move);
        log.message(`You will: ${moveText(move, ctx)}`, { output: out });
      } else if (choice === 'clear') queued.length = 0;
      else if (choice === 'end') next = session.play(queued);
      else if (choice === 'why') await whyNot(session, term, signal);
      else if (choice === 'undo') {
        if (!session.canUndo)
          log.warn('Nothing to undo yet: this is the first day you play.', { output: out });
        else {
          next = session.undo();
          log.info(`Back to ${humanDate(next.date)}`, { output: out });
        }
      } else if (choice === 'save') save(false);
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
      ...(session.news.length ? newsLines(session, frameWidth(term)) : ['  nothing new']),
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
  const { session, ended, savedTo } = await loop(start, term, saver, worthSaving, io.signal);
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
