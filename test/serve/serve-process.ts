import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';

/** What `auspices serve` printed before `Ready.`: the console link and each seat's line. */
export interface Printed {
  readonly url: string;
  readonly facilitator: string;
  readonly seats: readonly { readonly seat: string; readonly name: string; readonly link: string }[];
}

/** `auspices serve` in a child process, with what it printed. */
export interface ServeProcess extends Printed {
  readonly child: ChildProcessWithoutNullStreams;
  readonly exit: Promise<number | null>;
  stderr(): string;
}

/** The token of a link: the part after `#`. */
export const tokenOf = (link: string): string => link.slice(link.indexOf('#') + 1);

/** Parses the lines `auspices serve` prints before `Ready.` */
export function parsePrinted(text: string): Printed {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const facilitator = /^Facilitator console: (\S+)$/.exec(lines[0] ?? '')?.[1];
  if (!facilitator) throw new Error(`no console line in:\n${text}`);
  const seats = lines
    .slice(1)
    .filter((l) => /\shttp:\/\/\S+#\S+$/.test(l))
    .map((l) => {
      const parts = l.trim().split(/\s+/);
      return {
        seat: parts[0] ?? '',
        name: parts.slice(1, -1).join(' '),
        link: parts.at(-1) ?? '',
      };
    });
  return { url: new URL(facilitator).origin, facilitator, seats };
}

/** Spawns `node dist/cli/bin.js serve ...args` and waits for `Ready.` (or its exit). */
export function serve(args: readonly string[]): Promise<ServeProcess> {
  const child = spawn(process.execPath, ['dist/cli/bin.js', 'serve', ...args]);
  let out = '';
  let err = '';
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  child.stderr.on('data', (d: Buffer) => {
    err += d.toString('utf8');
  });
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString('utf8');
      if (/^Ready\.$/m.test(out)) resolve({ ...parsePrinted(out), child, exit, stderr: () => err });
    });
    void exit.then((code) => reject(new Error(`serve exited ${code} before Ready:\n${out}${err}`)));
  });
}

/** An answer: its status and its body, parsed if JSON. */
export interface Answer<T> {
  readonly status: number;
  readonly json: T;
}

/** A client of the protocol for one token. */
export function client(url: string, token: string) {
  const call = async <T>(method: string, path: string, body?: unknown): Promise<Answer<T>> => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    let json: unknown = null;
    try {
      json = JSON.parse(text);
    } catch {
      json = text;
    }
    return { status: res.status, json: json as T };
  };
  return {
    get: <T = unknown>(path: string) => call<T>('GET', path),
    command: (exercise: string, command: unknown) =>
      call<{ ok?: boolean; seq?: number; error?: { code: string } }>(
        'POST',
        `/api/exercises/${exercise}/commands`,
        command,
      ),
  };
}
