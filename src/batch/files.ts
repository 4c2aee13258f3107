import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { dirname, resolve } from 'node:path';

/** The temporary files `writeAtomically` writes: `<file>.tmp-<pid>`. */
export const isTemporary = (name: string): boolean => /\.tmp-\d+$/.test(name);

/** Remove a file if it is there; other errors are ignored too (it is a clean-up). */
export function removeQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // already gone, or not ours to remove
  }
}

/**
 * Make a folder and the folders above it that are missing, as `mkdir -p` does, one level at a time.
 * Node's own `mkdirSync(dir, { recursive: true })` never returns for a path under `/proc` (it spins on
 * the kernel's answer), so a hostile `--out /proc/x` would hang the command; here every level is tried
 * once and the first error is thrown.
 */
export function makeFolder(dir: string): void {
  const missing: string[] = [];
  for (let at = resolve(dir); ; at = dirname(at)) {
    let kind: 'directory' | 'other' | 'none';
    try {
      kind = statSync(at).isDirectory() ? 'directory' : 'other';
    } catch {
      kind = 'none';
    }
    if (kind === 'directory') break;
    if (kind === 'other') {
      const error = new Error(`${at} is not a folder`) as NodeJS.ErrnoException;
      error.code = 'ENOTDIR';
      throw error;
    }
    missing.push(at);
    if (dirname(at) === at) break;
  }
  for (const at of missing.reverse()) {
    try {
      mkdirSync(at);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

/** Write all of `data` at the end of an open file, however many writes it takes. */
export function writeAll(fd: number, data: string | Buffer): number {
  const buffer = typeof data === 'string' ? Buffer.from(data) : data;
  let written = 0;
  while (written < buffer.length) written += writeSync(fd, buffer, written, buffer.length - written);
  return buffer.length;
}

/**
 * Write a file so that readers see the old content or the new, never a part: a temporary file, flushed
 * to disk, then renamed over the file. If the write fails (a full disk), the temporary file is removed
 * and the error thrown.
 */
export function writeAtomically(file: string, text: string | Buffer): void {
  const temporary = `${file}.tmp-${process.pid}`;
  try {
    const fd = openSync(temporary, 'w');
    try {
      writeAll(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, file);
  } catch (error) {
    removeQuietly(temporary);
    throw error;
  }
}

/** What is at a path: nothing, a directory, or something else (a file, a device...). */
export function pathKind(path: string): 'none' | 'directory' | 'other' {
  try {
    return statSync(path).isDirectory() ? 'directory' : 'other';
  } catch {
    return 'none';
  }
}

/**
 * Call `fn` with each line of a file (its text and its bytes, without the newline), its number from 1
 * and whether it ended with a newline, reading in blocks so that memory stays flat. Returns false, having
 * read nothing, if the path is not a regular file.
 */
export function eachLine(
  file: string,
  fn: (line: string, raw: Buffer, lineNo: number, complete: boolean) => void,
): boolean {
  if (!statSync(file).isFile()) return false;
  const fd = openSync(file, 'r');
  const block = Buffer.alloc(1 << 20);
  let rest = Buffer.alloc(0);
  let lineNo = 0;
  try {
    for (;;) {
      const n = readSync(fd, block, 0, block.length, null);
      if (n === 0) break;
      let data = Buffer.concat([rest, block.subarray(0, n)]);
      let nl = data.indexOf(10);
      while (nl >= 0) {
        const raw = data.subarray(0, nl);
        fn(raw.toString('utf8'), raw, ++lineNo, true);
        data = data.subarray(nl + 1);
        nl = data.indexOf(10);
      }
      rest = Buffer.from(data);
    }
    if (rest.length > 0) fn(rest.toString('utf8'), rest, ++lineNo, false);
    return true;
  } finally {
    closeSync(fd);
  }
}
