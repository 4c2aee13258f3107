#!/usr/bin/env node
// An agent that holds one seat of a live exercise through `auspices mcp`, with a trivial strategy: each
// round, submit the first legal move. It shows the loop an LLM agent runs with the same tools.
//
//   npm run build
//   node dist/cli/bin.js serve scenarios/karabakh/format-week-2020.yaml     # prints the join links
//   node examples/agents/mcp-seat.mjs 'http://127.0.0.1:4700/seat#TOKEN' [--rounds N]
//
// Then start a round in the facilitator's console. The agent stops after N rounds (default 3), when the
// exercise ends, or on Ctrl-C.
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

const [link, flag, count] = process.argv.slice(2);
if (!link || (flag !== undefined && (flag !== '--rounds' || !/^\d+$/.test(count ?? '')))) {
  console.error('usage: node examples/agents/mcp-seat.mjs SEAT_LINK [--rounds N]');
  process.exit(2);
}
const rounds = flag ? Number(count) : 3;

// In a project that installed auspices: { command: 'npx', args: ['auspices', 'mcp'] }.
const bin = fileURLToPath(new URL('../../dist/cli/bin.js', import.meta.url));
const transport = new StdioClientTransport({ command: process.execPath, args: [bin, 'mcp'] });
const client = new Client({ name: 'mcp-seat-example', version: '1.0.0' });
await client.connect(transport);

/** Calls a tool; a tool error (the server's refusal) stops the agent with its message. */
async function call(name, args = {}) {
  const result = await client.callTool({ name, arguments: args });
  const text = result.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
  if (result.isError) throw new Error(`${name}: ${text}`);
  return { text, json: result.structuredContent ?? {} };
}

try {
  console.log((await call('join_seat', { link, name: 'mcp-seat example' })).text);
  let played = 0;
  let lastRound = -1;
  while (played < rounds) {
    const { json } = await call('seat_view');
    const { header, submitted } = json;
    if (header.phase === 'ended' || header.finished) break;
    // One submission per open round: the round's number is the rounds resolved so far.
    if (header.phase === 'round' && header.round !== lastRound && submitted.length === 0) {
      const { json: moves } = await call('legal_moves');
      if (moves.legal.length > 0) {
        await call('submit_moves', { moves: [1] });
        console.log(`round ${header.round + 1}: submitted ${moves.legal[0].label}`);
      } else console.log(`round ${header.round + 1}: no legal move`);
      lastRound = header.round;
      played++;
      continue;
    }
    await call('wait_for_change', { timeoutSeconds: 30 });
  }
} catch (error) {
  console.error(error.message);
  process.exitCode = 1;
} finally {
  await client.close();
}
