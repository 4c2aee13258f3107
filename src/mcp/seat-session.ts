import type { Command, MessageView, SeatView } from '../exercise/exercise-types.js';
import type { WorldEvent } from '../regions/events.js';
import { type Fetch, parseSeatLink, SeatClient, type SeatIdentity } from './seat-client.js';
import { moveList } from './seat-text.js';

/** A move as a tool takes it: the number `legal_moves` gave it, or the move itself as JSON. */
export type MoveChoice =
  | number
  | { readonly type: string; readonly by?: string | undefined; readonly [field: string]: unknown };

/** A move number that is not one of the legal moves now. */
export class MoveChoiceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MoveChoiceError';
  }
}

type MoveInput = Extract<Command, { type: 'moves.submit' }>['moves'][number];

/** The seat an MCP server holds: its client, who it is, and the last log position it has seen. */
export class SeatSession {
  readonly client: SeatClient;
  readonly identity: SeatIdentity;
  /** The last `seq` of the exercise's log this session saw in a view. */
  seenSeq = 0;

  private constructor(client: SeatClient, identity: SeatIdentity) {
    this.client = client;
    this.identity = identity;
  }

  /** Check the link, ask the server whose it is, and say who sits there if `name` is given. */
  static async join(link: string, name: string | undefined, fetch?: Fetch): Promise<SeatSession> {
    const client = new SeatClient(parseSeatLink(link), { fetch });
    const session = new SeatSession(client, await client.me());
    if (name !== undefined) await session.command({ type: 'seat.join', name });
    return session;
  }

  /** The seat as the join tool describes it (one view, which also sets the seq seen). */
  async describe(): Promise<SeatView> {
    return this.view();
  }

  /** The seat's view now; remembers its seq. */
  async view(): Promise<SeatView> {
    const view = await this.client.view(this.identity.exercise);
    this.seenSeq = Math.max(this.seenSeq, view.exercise.seq);
    return view;
  }

  async messages(): Promise<readonly MessageView[]> {
    return this.client.messages(this.identity.exercise);
  }

  /**
   * Issue a seat command; resolves to the log's seq. When nothing else was logged since the last view
   * (the seq is the next one), the seat's own command does not count as a change to wait for.
   */
  async command(command: Command): Promise<number> {
    const seq = await this.client.command(this.identity.exercise, command);
    if (seq === this.seenSeq + 1) this.seenSeq = seq;
    return seq;
  }

  /**
   * Moves as the server takes them: numbers are looked up in the legal moves of the view now (numbered
   * from 1, as `legal_moves` shows them); objects pass as they are, for the server to judge.
   */
  async resolveMoves(choices: readonly MoveChoice[]): Promise<MoveInput[]> {
    let legal: readonly { readonly move: WorldEvent }[] | undefined;
    const moves: MoveInput[] = [];
    for (const choice of choices) {
      if (typeof choice !== 'number') {
        moves.push(choice as MoveInput);
        continue;
      }
      legal ??= moveList((await this.view()).moves).legal;
      const found = legal[choice - 1];
      if (!found)
        throw new MoveChoiceError(
          `there is no legal move ${choice}: ${legal.length === 0 ? 'the seat has no legal move now' : `the legal moves are 1 to ${legal.length}`}; call legal_moves for the list`,
        );
      moves.push(found.move as MoveInput);
    }
    return moves;
  }

  /**
   * Wait until the exercise's log grows past `since` (the last seq seen, unless given), polling the view
   * every `everyMs`; resolves to the view then, or null after `timeoutMs` or when `signal` aborts.
   */
  async waitForChange(
    since: number | undefined,
    timeoutMs: number,
    signal: AbortSignal | undefined,
    everyMs = 1000,
  ): Promise<SeatView | null> {
    const from = since ?? this.seenSeq;
    const until = performance.now() + timeoutMs;
    for (;;) {
      const view = await this.view();
      if (view.exercise.seq > from) return view;
      const left = until - performance.now();
      if (left <= 0 || signal?.aborted) return null;
      await pause(Math.min(everyMs, left), signal);
    }
  }
}

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
