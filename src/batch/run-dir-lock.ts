import { randomUUID } from 'node:crypto';
import { closeSync, openSync, readFileSync, statSync, unlinkSync, utimesSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { BatchInputError, BatchWriteError, isDiskError } from './errors.js';
import { removeQuietly, writeAll } from './files.js';

/** The lock file of a run directory, held by the one process writing it. */
export const LOCK_FILE = '.auspices-lock';
/** How often the writer refreshes its lock file's modification time, in milliseconds. */
const LOCK_REFRESH_MS = 5_000;
/** A lock not refreshed for this long (milliseconds) belongs to a writer that is gone. */
const LOCK_STALE_MS = 60_000;

/** What a lock file holds: who writes the directory. */
interface LockHolder {
  readonly pid: number;
  readonly hostname: string;
  /** When the writer took the lock (ISO 8601). */
  readonly started: string;
  /** Tells this writer's lock from an earlier one of the same pid and host. */
  readonly token: string;
}

/** A lock held on a run directory. */
export interface RunDirLock {
  /** Mark the lock as alive (cheap; does something at most every `LOCK_REFRESH_MS`). */
  refresh(): void;
  /** Remove the lock file, if it is still this writer's. */
  release(): void;
}

interface Seen {
  readonly holder: LockHolder | null;
  readonly text: string;
  readonly mtimeMs: number;
}

const held = new Set<RunDirLock>();
let exitHook = false;

function readLock(file: string): Seen | null {
  try {
    const mtimeMs = statSync(file).mtimeMs;
    const text = readFileSync(file, 'utf8');
    let holder: LockHolder | null = null;
    try {
      const data = JSON.parse(text) as Partial<LockHolder>;
      if (typeof data.pid === 'number' && typeof data.hostname === 'string')
        holder = {
          pid: data.pid,
          hostname: data.hostname,
          started: String(data.started),
          token: String(data.token),
        };
    } catch {
      // cut short by a kill right after it was created: judged by its age
    }
    return { holder, text, mtimeMs };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

function tryCreate(file: string, text: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeAll(fd, text);
  } catch (error) {
    closeSync(fd);
    removeQuietly(file);
    throw error;
  }
  closeSync(fd);
  return true;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const who = (holder: LockHolder | null) =>
  holder
    ? `pid ${holder.pid} on ${holder.hostname} (started ${holder.started})`
    : 'a writer that left no name';
const ageOf = (seen: Seen) => Math.round((Date.now() - seen.mtimeMs) / 1000);

/**
 * Whether the lock's holder is surely alive (`alive`), surely gone (a reason), or can only be judged by
 * whether it refreshes its lock (`unknown`): on another host, or with this process's own pid (an earlier
 * container of the same name), or unreadable.
 */
function judge(seen: Seen): 'alive' | 'unknown' | { gone: string } {
  const { holder } = seen;
  const stale = Date.now() - seen.mtimeMs > LOCK_STALE_MS;
  if (holder && holder.hostname === hostname() && holder.pid !== process.pid)
    return isRunning(holder.pid) ? 'alive' : { gone: 'which is no longer running' };
  if (stale) return { gone: `whose lock was last refreshed ${ageOf(seen)} s ago` };
  return 'unknown';
}

/**
 * Remove a stale lock unless it changed meanwhile; a second file keeps two writers from breaking it at
 * once. Returns whether this call removed it.
 */
function breakLock(file: string, seen: Seen): boolean {
  const breaker = `${file}.break`;
  if (!tryCreate(breaker, JSON.stringify({ pid: process.pid, hostname: hostname() }))) {
    // Another writer is breaking it, or was killed doing so: its breaker goes once it is old.
    const other = readLock(breaker);
    if (other && Date.now() - other.mtimeMs > LOCK_REFRESH_MS) removeQuietly(breaker);
    return false;
  }
  try {
    const now = readLock(file);
    if (!now || now.text !== seen.text || now.mtimeMs !== seen.mtimeMs) return false;
    unlinkSync(file);
    return true;
  } finally {
    removeQuietly(breaker);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function hold(file: string, token: string): RunDirLock {
  let refreshed = Date.now();
  const refresh = () => {
    try {
      const now = new Date();
      utimesSync(file, now, now);
      refreshed = now.getTime();
    } catch {
      // removed by hand: nothing to refresh
    }
  };
  const timer = setInterval(refresh, LOCK_REFRESH_MS);
  timer.unref();
  const lock: RunDirLock = {
    refresh() {
      if (Date.now() - refreshed >= LOCK_REFRESH_MS) refresh();
    },
    release() {
      clearInterval(timer);
      held.delete(lock);
      if (readLock(file)?.holder?.token === token) removeQuietly(file);
    },
  };
  held.add(lock);
  if (!exitHook) {
    // process.exit (a second Ctrl-C, an uncaught error) skips `finally` blocks, but not this.
    process.on('exit', () => {
      for (const each of [...held]) each.release();
    });
    exitHook = true;
  }
  return lock;
}

/**
 * Take the lock of run directory `dir` (which must exist): a lock file created only if absent
 * (`O_EXCL`), holding this process's pid, host name and start time. A lock whose writer is gone is taken
 * over, with a notice: a pid no longer running on this host, or (on another host) a lock not refreshed
 * for `LOCK_STALE_MS`. A lock from another host that is still fresh is watched until it is refreshed
 * (its writer is alive) or goes stale. A live writer makes this throw a `BatchInputError` naming it.
 */
export async function lockRunDir(dir: string, notice: (message: string) => void): Promise<RunDirLock> {
  const file = join(dir, LOCK_FILE);
  const me: LockHolder = {
    pid: process.pid,
    hostname: hostname(),
    started: new Date().toISOString(),
    token: randomUUID(),
  };
  const text = `${JSON.stringify(me, null, 2)}\n`;
  const refuse = (seen: Seen) =>
    new BatchInputError(
      `${dir}: another batch is writing this run directory: ${who(seen.holder)}, as its lock file ${file} says. ` +
        `A run directory takes one writer at a time, so this one stops here. If that process is gone for good, delete ${file} and run again.`,
    );
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      if (tryCreate(file, text)) return hold(file, me.token);
    } catch (error) {
      if (isDiskError(error)) throw new BatchWriteError(file, error);
      throw new BatchInputError(`${dir}: cannot write the run directory (${(error as Error).message})`);
    }
    let seen = readLock(file);
    if (!seen) continue; // released meanwhile
    let verdict = judge(seen);
    if (verdict === 'unknown') {
      notice(
        `${dir}: ${file} names ${who(seen.holder)}, which cannot be checked from here; waiting up to ${Math.round(LOCK_STALE_MS / 1000)} s to see whether it is still writing`,
      );
      while (verdict === 'unknown') {
        await sleep(500);
        const now = readLock(file);
        if (!now || now.text !== seen.text) break; // released, or taken by another: try again
        if (now.mtimeMs !== seen.mtimeMs) throw refuse(now);
        seen = now;
        verdict = judge(seen);
      }
      if (verdict === 'unknown') continue;
    }
    if (verdict === 'alive') throw refuse(seen);
    if (breakLock(file, seen)) notice(`${dir}: took over the lock of ${who(seen.holder)}, ${verdict.gone}`);
    else await sleep(200);
  }
  throw new BatchInputError(`${dir}: could not take the lock ${file}; other writers keep taking it`);
}
