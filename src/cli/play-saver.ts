import { lstatSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';

/**
 * Why a game cannot be saved to `file` without harm, or null. A save replaces its file (a temporary file
 * renamed over it), so only a regular file or a new name in an existing folder will do: never a device,
 * a pipe, a folder or a symbolic link (which is not followed: the link itself would be replaced).
 */
export function savePathProblem(file: string): string | null {
  let stat: ReturnType<typeof lstatSync>;
  try {
    stat = lstatSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') return `it cannot be checked (${code})`;
    try {
      if (statSync(dirname(file)).isDirectory()) return null;
    } catch {}
    return `no folder ${dirname(file)}`;
  }
  if (stat.isSymbolicLink()) return 'it is a symbolic link, which a save would replace';
  if (!stat.isFile())
    return 'it is not a regular file (a device, a pipe or a folder), which a save would replace';
  return null;
}

/**
 * Write a game: checked with `savePathProblem`, then a temporary file beside it (created new, never
 * through a link) renamed over it, so the file holds the old game or the new one, never half of one.
 * Throws an `Error` whose message says what went wrong.
 */
function writeGame(file: string, text: string): void {
  const problem = savePathProblem(file);
  if (problem) throw new Error(`cannot save the game to ${file}: ${problem}`);
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    rmSync(tmp, { force: true });
    writeFileSync(tmp, text, { flag: 'wx' });
    renameSync(tmp, file);
  } catch (error) {
    rmSync(tmp, { force: true, recursive: false });
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new Error(`cannot write the game to ${file} (${code})`);
  }
}

/** Where a game goes when its save file cannot be written. */
export interface Saver {
  /** The save file (`--save`, the `--resume` file, or the default name). */
  readonly path: string;
  /**
   * Write the game to the save file. If that fails and `fallback` is set, or a save has failed before,
   * write it to the fallback file (in the current folder, else the temporary folder) instead. Returns
   * the file written; throws an `Error` that says where the game can still be saved.
   */
  save(text: string, fallback: boolean): string;
}

/** A first free name for a copy of `file` in `folder`: its own name, else `name-1.json`, `name-2.json`, ... */
function freeName(folder: string, file: string): string | undefined {
  const name = basename(file);
  const ext = name.endsWith('.json') ? '.json' : '';
  const stem = name.slice(0, name.length - ext.length);
  for (let n = 0; n < 100; n++) {
    const candidate = join(folder, n === 0 ? name : `${stem}-${n}${ext}`);
    if (resolve(candidate) === resolve(file)) continue;
    try {
      lstatSync(candidate);
    } catch {
      return candidate;
    }
  }
  return undefined;
}

/** The saver of one game: no game is lost while some file can be written. */
export function createSaver(path: string): Saver {
  let failed = false;
  let fallback: string | undefined;
  const candidates = () =>
    [fallback, freeName(process.cwd(), path), freeName(tmpdir(), path)].filter(
      (f, i, all): f is string => f !== undefined && all.indexOf(f) === i,
    );
  return {
    path,
    save(text, useFallback) {
      try {
        writeGame(path, text);
        return path;
      } catch (error) {
        const message = (error as Error).message;
        if (!useFallback && !failed) {
          failed = true;
          fallback ??= candidates()[0];
          throw new Error(
            fallback
              ? `${message}. The game is kept: Save again, or Quit or Ctrl-C, to write it to ${fallback}`
              : message,
          );
        }
        failed = true;
        const tried: string[] = [];
        for (const file of candidates()) {
          try {
            writeGame(file, text);
            fallback = file;
            return file;
          } catch (again) {
            tried.push((again as Error).message);
          }
        }
        throw new Error([message, ...tried].join('; '));
      }
    },
  };
}
