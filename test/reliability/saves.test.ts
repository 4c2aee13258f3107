import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hasScript as scriptInstalled } from '../support/tools.js';

// The real command line: the built binary (rebuilt by the global setup when a source is newer), from
// any folder.
const cli = [resolve('dist/cli/bin.js')];
const flagship = resolve('scenarios/karabakh/format-week-2020.yaml');
const tmp = mkdtempSync(join(tmpdir(), 'auspices-saves-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
// `script` (util-linux) runs the game under a pseudo-terminal, as a student's terminal would.
const hasScript = scriptInstalled();

const play = (...args: string[]) =>
  spawnSync(process.execPath, [...cli, 'play', ...args], {
    cwd: tmp,
    encoding: 'utf8',
    timeout: 60_000,
    killSignal: 'SIGKILL',
  });

const ESC = String.fromCharCode(27);
const ansi = new RegExp(`${ESC}\\[[0-9;?]*[A-Za-z]`, 'g');
const keys = { enter: '\r', ctrlC: String.fromCharCode(3) };

/** `auspices play` on a pseudo-terminal, in folder `cwd`, driven like a user (see test/e2e/play.test.ts). */
class Terminal {
  readonly child: ChildProcessWithoutNullStreams;
  private raw = '';
  private mark = 0;
  readonly exit: Promise<number | null>;

  constructor(args: readonly string[], cwd: string) {
    const command = `stty cols 160 rows 50; exec ${[process.execPath, ...cli, 'play', ...args].join(' ')}`;
    this.child = spawn('script', ['-qfec', command, '/dev/null'], {
      cwd,
      env: { ...process.env, TERM: 'xterm-256color', NO_COLOR: '1' },
    });
    this.child.stdout.on('data', (d: Buffer) => {
      this.raw += d.toString('utf8');
    });
    this.exit = new Promise((done) => this.child.on('exit', done));
  }

  get text(): string {
    return this.raw.replace(ansi, '').replace(/\r/g, '');
  }

  async expect(pattern: RegExp, timeout = 30_000): Promise<string> {
    const until = Date.now() + timeout;
    for (;;) {
      const text = this.text;
      const m = pattern.exec(text.slice(this.mark));
      if (m) {
        const seen = text.slice(this.mark, this.mark + m.index + m[0].length);
        this.mark += m.index + m[0].length;
        await new Promise((r) => setTimeout(r, 40));
        return seen;
      }
      if (Date.now() > until) {
        this.child.kill('SIGKILL');
        throw new Error(`timed out waiting for ${pattern}; the screen ends with:\n${text.slice(-2000)}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  press(...sequence: string[]): void {
    this.child.stdin.write(sequence.join(''));
  }

  /** Type `text` into the menu's search, wait until the search shows it, and choose what it finds. */
  async choose(text: string): Promise<void> {
    this.press(text);
    await this.expect(new RegExp(`Search: ${text}█`));
    this.press(keys.enter);
  }
}

const prompt = /◆ {2}Your move\n/;

describe('auspices play --save: a save never replaces what is not a regular file', () => {
  it('should refuse a named pipe as the save file, with exit 2, and leave it in place', () => {
    const fifo = join(tmp, 'pipe.json');
    spawnSync('mkfifo', [fifo]);
    const result = play(flagship, '--as', 'france', '--save', fifo);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`auspices: cannot save the game to ${fifo}: it is not a regular file`);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });

  it('should refuse a symbolic link as the save file, with exit 2, leaving the link and its target as they were', () => {
    const target = join(tmp, 'notes.txt');
    const link = join(tmp, 'link.play.json');
    writeFileSync(target, 'my notes\n');
    symlinkSync(target, link);
    const result = play(flagship, '--as', 'france', '--save', link);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`auspices: cannot save the game to ${link}: it is a symbolic link`);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, 'utf8')).toBe('my notes\n');
  });

  it('should refuse a folder as the save file, with exit 2', () => {
    const folder = join(tmp, 'a-folder');
    mkdirSync(folder);
    const result = play(flagship, '--as', 'france', '--save', folder);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`auspices: cannot save the game to ${folder}: it is not a regular file`);
    expect(lstatSync(folder).isDirectory()).toBe(true);
  });
});

describe.skipIf(!hasScript)('auspices play: no game is lost when a save fails', () => {
  it('should refuse to save over a symbolic link that appeared during the game, keep the game, and save it elsewhere on Ctrl-C', async () => {
    const home = mkdtempSync(join(tmp, 'home-'));
    const save = join(home, 'france.play.json');
    const target = join(home, 'notes.txt');
    writeFileSync(target, 'my notes\n');
    const t = new Terminal([flagship, '--as', 'france', '--save', save], home);
    await t.expect(prompt);
    t.press(keys.enter); // pass the first day
    await t.expect(prompt);
    symlinkSync(target, save);
    await t.choose('save');
    const failed = await t.expect(/to write it to \S+\n/);
    expect(failed).toContain(`cannot save the game to ${save}: it is a symbolic link`);
    expect(failed).toMatch(
      /The game is kept: Save again, or Quit or Ctrl-C, to write it to \S+france\.play-1\.json/,
    );
    expect(lstatSync(save).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, 'utf8')).toBe('my notes\n');
    t.press(keys.ctrlC);
    const fallback = join(home, 'france.play-1.json');
    const seen = await t.expect(/--resume \S+\n/);
    expect(seen).toContain(`the game is saved to ${fallback}`);
    expect(await t.exit).toBe(130);
    const game = JSON.parse(readFileSync(fallback, 'utf8')) as { as: string; turns: unknown[] };
    expect(game.as).toBe('france');
    expect(game.turns).toHaveLength(1);
    expect(readFileSync(target, 'utf8')).toBe('my notes\n');
  });

  it('should write the game to a fallback file on Ctrl-C after a save failed because its folder went away', async () => {
    const home = mkdtempSync(join(tmp, 'home-'));
    const folder = join(home, 'games');
    mkdirSync(folder);
    const save = join(folder, 'france.play.json');
    const t = new Terminal([flagship, '--as', 'france', '--save', save], home);
    await t.expect(prompt);
    t.press(keys.enter); // pass the first day
    await t.expect(prompt);
    rmSync(folder, { recursive: true });
    await t.choose('save');
    const failed = await t.expect(/to write it to \S+\n/);
    expect(failed).toContain(`cannot save the game to ${save}: no folder ${folder}`);
    const fallback = join(home, 'france.play.json');
    expect(failed).toContain(`The game is kept: Save again, or Quit or Ctrl-C, to write it to ${fallback}`);
    t.press(keys.ctrlC);
    const seen = await t.expect(/--resume \S+\n/);
    expect(seen).toContain(`the game is saved to ${fallback}`);
    expect(await t.exit).toBe(130);
    const game = JSON.parse(readFileSync(fallback, 'utf8')) as { as: string; turns: unknown[] };
    expect(game.turns).toHaveLength(1);
    expect(existsSync(folder)).toBe(false);
  });

  it('should write to the save file again once it can, after a failed save', async () => {
    const home = mkdtempSync(join(tmp, 'home-'));
    const save = join(home, 'france.play.json');
    const target = join(home, 'notes.txt');
    writeFileSync(target, 'my notes\n');
    const t = new Terminal([flagship, '--as', 'france', '--save', save], home);
    await t.expect(prompt);
    symlinkSync(target, save);
    await t.choose('save'); // refused
    await t.expect(/it is a symbolic link/);
    await t.expect(prompt);
    unlinkSync(save);
    await t.choose('quit'); // the save file can be written now
    const summary = await t.expect(/After action/);
    expect(summary).toContain(`Saved to ${save}`);
    expect(await t.exit).toBe(0);
    expect(lstatSync(save).isFile()).toBe(true);
  });
});
