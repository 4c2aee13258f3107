import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { exerciseLimits } from '../exercise/exercise-types.js';
import { type Fetch, SeatApiError, SeatLinkError } from './seat-client.js';
import { type MoveChoice, MoveChoiceError, SeatSession } from './seat-session.js';
import {
  headerLine,
  messageLine,
  moveList,
  moveListText,
  seatViewSummary,
  seatViewText,
} from './seat-text.js';

/** Options of `createAuspicesMcp`. */
export interface AuspicesMcpOptions {
  /** The version the server reports to clients. */
  readonly version: string;
  /** Where log lines go (never standard output, which carries the protocol). */
  readonly log?: ((line: string) => void) | undefined;
  readonly fetch?: Fetch | undefined;
}

/** The MCP server and a way to join a seat before any client asks (`auspices mcp --link`). */
export interface AuspicesMcp {
  readonly server: McpServer;
  /** Join the seat of `link`; resolves to the sentence `join_seat` answers. Throws a `SeatLinkError` or `SeatApiError`. */
  join(link: string, name?: string): Promise<string>;
}

const moveObject = z
  .object({
    type: z.string().min(1).max(80).describe('the move, e.g. "talks.convene"'),
    by: z.string().optional(),
  })
  .catchall(z.union([z.string().max(200), z.number(), z.boolean(), z.null()]))
  .describe('a move as JSON: its type, `by` (one of the seat’s actors; the first by default) and its fields');
const moveChoice = z.union([
  z.number().int().min(1).describe('the number legal_moves gave the move'),
  moveObject,
]);

/** What the server tells a client's model about playing a seat with these tools. */
const instructions = [
  'You hold one seat of a live auspices exercise: a role in a simulated mediation, played with other seats under a facilitator.',
  'Join with join_seat and the join link the facilitator gave (unless the server was started with --link).',
  'Read seat_view for your brief, the situation, the news and your messages, and legal_moves for what you may do now.',
  'While a round is open, submit_moves with the numbers legal_moves gave (a new submission replaces the earlier one); every seat’s moves are resolved together when the round closes.',
  'Negotiate with send_message (to "all" or to seat ids; a proposal may carry a move), read answers with read_messages, and wait for the next round or message with wait_for_change.',
  'A refusal says which rule or limit refused it and how to fix it.',
].join(' ');

/** A tool's answer: text for the model, and the JSON beside it when there is some. */
function answer(text: string, json?: Record<string, unknown>): CallToolResult {
  return { content: [{ type: 'text', text }], ...(json ? { structuredContent: json } : {}) };
}

/**
 * The MCP server "auspices": tools that hold one seat of a live exercise through the exercise protocol.
 * It has no rights of its own: every tool is an HTTP request with the seat's token, which the exercise
 * server authorises as it would a browser seat. Refusals come back as tool errors with the server's
 * message.
 *
 * @example
 * const { server } = createAuspicesMcp({ version: '1.0.0', log: (l) => process.stderr.write(`${l}\n`) });
 * await server.connect(new StdioServerTransport());
 */
export function createAuspicesMcp(options: AuspicesMcpOptions): AuspicesMcp {
  const log = options.log ?? (() => {});
  const server = new McpServer({ name: 'auspices', version: options.version }, { instructions });
  let session: SeatSession | null = null;

  const seat = (): SeatSession => {
    if (!session) throw new SeatLinkError('no seat yet: call join_seat with the seat’s join link first');
    return session;
  };
  /** Runs a tool; a refusal or a bad argument is a tool error with its message, never a crash. */
  const tool =
    <A>(name: string, run: (args: A, signal: AbortSignal) => Promise<CallToolResult>) =>
    async (args: A, extra: { signal: AbortSignal }): Promise<CallToolResult> => {
      try {
        return await run(args, extra.signal);
      } catch (error) {
        const known =
          error instanceof SeatApiError || error instanceof SeatLinkError || error instanceof MoveChoiceError;
        const message = known || error instanceof Error ? (error as Error).message : String(error);
        log(`${name}: ${known ? '' : 'unexpected error: '}${message}`);
        return { content: [{ type: 'text', text: message }], isError: true };
      }
    };

  const join = async (link: string, name?: string): Promise<string> => {
    const joined = await SeatSession.join(link, name, options.fetch);
    const view = await joined.describe();
    session = joined;
    const s = view.seat;
    log(
      `joined seat ${s.id} (${s.name}) of exercise ${joined.identity.exercise}; it moves for ${s.actors.join(', ')}`,
    );
    return `Joined seat ${s.id} (${s.name}) of exercise ${joined.identity.exercise}; it moves for ${s.actors.join(', ')}.\n${headerLine(view.exercise)}\nNext: seat_view for the brief and the situation, legal_moves for the moves.`;
  };

  server.registerTool(
    'join_seat',
    {
      title: 'Join a seat',
      description:
        'Hold a seat of a live auspices exercise with its join link (http://127.0.0.1:PORT/seat#TOKEN, from the facilitator). Optionally say who sits in it. Says which seat it is and which actors it moves for.',
      inputSchema: {
        link: z.string().min(1).max(500).describe('the seat’s join link'),
        name: z.string().min(1).max(80).optional().describe('the name to show the other seats'),
      },
    },
    tool('join_seat', async ({ link, name }: { link: string; name?: string | undefined }) =>
      answer(await join(link, name)),
    ),
  );

  server.registerTool(
    'seat_view',
    {
      title: 'What the seat sees',
      description:
        'The seat’s view: the exercise (phase, round, simulated day), the seat’s brief, the situation, the last 20 news items, this round’s submission and the messages the seat may read. Text, with the same as JSON in structuredContent.',
      inputSchema: {},
    },
    tool('seat_view', async () => {
      const view = await seat().view();
      return answer(seatViewText(view), { ...seatViewSummary(view) });
    }),
  );

  server.registerTool(
    'legal_moves',
    {
      title: 'Legal moves',
      description:
        'The seat’s moves now: the legal ones numbered from 1 (give these numbers to submit_moves), and the ones the rules would refuse, each with its rule and reason.',
      inputSchema: {},
    },
    tool('legal_moves', async () => {
      const view = await seat().view();
      const list = moveList(view.moves);
      return answer(moveListText(list, view.exercise.phase), {
        phase: view.exercise.phase,
        ...list,
        submitted: view.submitted,
      });
    }),
  );

  server.registerTool(
    'submit_moves',
    {
      title: 'Submit moves',
      description: `Submit the seat’s moves for the open round, replacing any earlier submission ([] withdraws it); at most ${exerciseLimits.movesPerRound}. Each is a number from legal_moves or a move as JSON. All seats’ moves are resolved together when the round is resolved.`,
      inputSchema: { moves: z.array(moveChoice).max(exerciseLimits.movesPerRound) },
    },
    tool('submit_moves', async ({ moves }: { moves: MoveChoice[] }) => {
      const s = seat();
      const resolved = await s.resolveMoves(moves);
      const seq = await s.command({ type: 'moves.submit', moves: resolved });
      return answer(
        resolved.length === 0
          ? 'Withdrew the seat’s submission for this round.'
          : `Submitted ${resolved.length} move${resolved.length === 1 ? '' : 's'} for this round: ${resolved.map((m) => JSON.stringify(m)).join('; ')}`,
        { seq, moves: resolved },
      );
    }),
  );

  server.registerTool(
    'send_message',
    {
      title: 'Send a message',
      description:
        'A public statement (to "all") or a bilateral or group message (to seat ids, as seat_view lists them). A proposal may carry a move (a number from legal_moves or a move as JSON) that a recipient may submit as its own.',
      inputSchema: {
        to: z
          .union([z.literal('all'), z.array(z.string().min(1)).min(1).max(exerciseLimits.recipients)])
          .describe('"all", or a list of seat ids'),
        text: z.string().min(1).max(exerciseLimits.messageText),
        proposal: z
          .object({ text: z.string().min(1).max(exerciseLimits.proposalText), move: moveChoice.optional() })
          .optional(),
      },
    },
    tool(
      'send_message',
      async ({
        to,
        text,
        proposal,
      }: {
        to: 'all' | string[];
        text: string;
        proposal?: { text: string; move?: MoveChoice | undefined } | undefined;
      }) => {
        const s = seat();
        const move = proposal?.move === undefined ? [] : await s.resolveMoves([proposal.move]);
        const seq = await s.command({
          type: 'message.send',
          to,
          text,
          ...(proposal ? { proposal: { text: proposal.text, ...(move[0] ? { move: move[0] } : {}) } } : {}),
        });
        return answer(`Sent message #${seq} to ${to === 'all' ? 'all' : to.join(', ')}.`, { seq });
      },
    ),
  );

  server.registerTool(
    'read_messages',
    {
      title: 'Read messages',
      description:
        'The messages the seat may read (public statements and its own bilateral or group messages), oldest first; with `since`, only those after that message number.',
      inputSchema: {
        since: z.number().int().min(0).optional().describe('only messages numbered above this'),
      },
    },
    tool('read_messages', async ({ since }: { since?: number | undefined }) => {
      const all = await seat().messages();
      const messages = all.filter((m) => since === undefined || m.seq > since);
      return answer(messages.length === 0 ? 'No messages.' : messages.map((m) => messageLine(m)).join('\n'), {
        messages,
      });
    }),
  );

  server.registerTool(
    'wait_for_change',
    {
      title: 'Wait for a change',
      description:
        'Wait until something happens in the exercise (a round opens or is resolved, a message arrives, a seat moves), at most timeoutSeconds; answers the exercise’s header then. Call seat_view to see what changed.',
      inputSchema: {
        timeoutSeconds: z.number().min(1).max(60).describe('how long to wait, at most 60 s'),
        since: z
          .number()
          .int()
          .min(0)
          .optional()
          .describe('the log position (seq) already seen; the last one this server saw by default'),
      },
    },
    tool(
      'wait_for_change',
      async ({ timeoutSeconds, since }: { timeoutSeconds: number; since?: number | undefined }, signal) => {
        const s = seat();
        const view = await s.waitForChange(since, timeoutSeconds * 1000, signal);
        if (!view)
          return answer(`No change in ${timeoutSeconds} s (seq ${s.seenSeq}).`, {
            changed: false,
            seq: s.seenSeq,
          });
        return answer(`Changed: ${headerLine(view.exercise)}`, { changed: true, header: view.exercise });
      },
    ),
  );

  return { server, join };
}
