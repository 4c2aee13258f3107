import { type Command, InvalidArgumentError } from '@commander-js/extra-typings';
import { parseSeatLink, SeatApiError, SeatLinkError } from '../mcp/seat-client.js';
import { CliError } from './cli-error.js';
import { interrupted } from './interrupt.js';
import type { CliIo } from './io.js';

function parseLink(value: string): string {
  try {
    parseSeatLink(value);
  } catch (error) {
    if (error instanceof SeatLinkError) throw new InvalidArgumentError(error.message);
    throw error;
  }
  return value;
}

/**
 * `auspices mcp`: the MCP server over stdio (src/mcp/server.ts). Standard output carries the protocol
 * and nothing else; log lines go to standard error. It stops when the client closes standard input, or
 * on Ctrl-C or SIGTERM.
 */
export function registerMcp(cmd: Command, io: CliIo, version: string): void {
  cmd
    .command('mcp')
    .description(
      'serve the Model Context Protocol over stdio, so that an MCP client (an LLM agent) holds a seat of a live exercise (auspices serve): join with the seat’s link, read its view, legal moves and messages, submit moves, send messages',
    )
    .option('--link <url>', 'join this seat at start (http://127.0.0.1:PORT/seat#TOKEN)', parseLink)
    .option('--name <name>', 'with --link: the name the other seats see')
    .addHelpText(
      'after',
      '\nAn MCP client starts it with a seat\'s join link, for example:\n  {"command": "npx",\n   "args": ["auspices", "mcp", "--link", "http://127.0.0.1:PORT/seat#TOKEN"]}\nThe tools and the protocol: docs/exercise-protocol.md.',
    )
    .action(async (opts) => {
      if (opts.name !== undefined && opts.link === undefined)
        throw new CliError('--name names who sits in the seat of --link; give --link too');
      const log = (line: string) => io.err(`auspices mcp: ${line}\n`);
      // The SDK loads only for this command, so that the others start no slower.
      const [{ createAuspicesMcp }, { StdioServerTransport }] = await Promise.all([
        import('../mcp/server.js'),
        import('@modelcontextprotocol/sdk/server/stdio.js'),
      ]);
      const mcp = createAuspicesMcp({ version, log });
      if (opts.link !== undefined) {
        try {
          await mcp.join(opts.link, opts.name);
        } catch (error) {
          if (error instanceof SeatApiError || error instanceof SeatLinkError)
            throw new CliError(`cannot join the seat: ${error.message}`);
          throw error;
        }
      }
      const signal = io.signal;
      await new Promise<void>((resolve, reject) => {
        const stop = () => {
          process.stdin.off('end', stop);
          signal?.removeEventListener('abort', stop);
          void mcp.server
            .close()
            .then(() => (signal?.aborted ? reject(interrupted('mcp', signal)) : resolve()));
        };
        process.stdin.once('end', stop);
        signal?.addEventListener('abort', stop, { once: true });
        mcp.server.connect(new StdioServerTransport()).then(
          () => log('ready on stdio'),
          (error: unknown) => reject(error),
        );
      });
    });
}
