/** A problem with a run directory or the options for one: the CLI prints it and exits 2. */
export class BatchInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BatchInputError';
  }
}

/**
 * A file of a run directory could not be written (a full disk, a quota, a file size limit, an I/O
 * error). The runs written before it are kept; the CLI prints the message and exits 1.
 */
export class BatchWriteError extends Error {
  /** The file that could not be written. */
  readonly file: string;
  /** The operating system's error code, such as `ENOSPC`. */
  readonly code: string | undefined;
  constructor(file: string, cause: unknown) {
    super(`cannot write ${file} (${(cause as Error).message})`, { cause });
    this.name = 'BatchWriteError';
    this.file = file;
    this.code = (cause as NodeJS.ErrnoException).code;
  }
}

/** Error codes that say the disk, not the path, is the problem: no space, a quota, a size limit, I/O. */
const diskCodes = new Set(['ENOSPC', 'EDQUOT', 'EFBIG', 'EIO']);

/** Whether an error from the file system is about the disk (full, over quota, failing) rather than the path. */
export function isDiskError(error: unknown): boolean {
  return diskCodes.has((error as NodeJS.ErrnoException)?.code ?? '');
}
