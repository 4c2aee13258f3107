import { spawn } from 'node:child_process';
import type { Explorer } from '../../src/explore/explorer.js';

/**
 * What `auspices explore --json` found, less what may differ between two searches that agree: which of
 * several shortest paths is reported (threads and shards may pick another), the time, the path files.
 */
export function exploreAnswers(stdout: string) {
  const json = JSON.parse(stdout) as {
    states: number;
    edges: number;
    bound: string | null;
    outcomes: { id: string; reachable: boolean | null; path: { moves: unknown[] } | null }[];
    violations: { invariant: string; path: { moves: unknown[] } }[];
    regionStates: { reached: string[] };
  };
  return {
    states: json.states,
    edges: json.edges,
    bound: json.bound,
    outcomes: json.outcomes.map((o) => [o.id, o.reachable, o.path?.moves.length ?? null]),
    broken: json.violations.map((v) => [v.invariant, v.path.moves.length]),
    regions: json.regionStates.reached,
  };
}

/** How a process ended, and what it printed. */
export interface Finished {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Run a process to its end (killed after two minutes), for tests that start several at once. */
export function finished(
  command: string,
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<Finished> {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += String(d);
  });
  child.stderr.on('data', (d) => {
    stderr += String(d);
  });
  const killer = setTimeout(() => child.kill('SIGKILL'), 120_000);
  return new Promise((done) =>
    child.on('exit', (code) => {
      clearTimeout(killer);
      done({ code, stdout, stderr });
    }),
  );
}

/**
 * The keys of the worlds an explorer finds breadth first from its start: every world within `depth`
 * moves, stopping once `limit` are found (the level being expanded is finished first).
 */
export function worldsNear(ex: Explorer, depth: number, limit = Number.POSITIVE_INFINITY): string[] {
  const keys = [ex.codec.encode(ex.start.world, ex.start.history)];
  const seen = new Set(keys);
  for (let head = 0, level = 0; level < depth && keys.length < limit; level++) {
    const end = keys.length;
    for (; head < end; head++)
      ex.expand(ex.codec.decode(keys[head]!), head, (_label, key) => {
        if (seen.has(key)) return;
        seen.add(key);
        keys.push(key);
      });
  }
  return keys;
}
