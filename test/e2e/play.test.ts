import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { hasScript as scriptInstalled } from '../support/tools.js';

const bin = 'dist/cli/bin.js';
const flagship = 'scenarios/karabakh/format-week-2020.yaml';
const tmp = mkdtempSync(join(tmpdir(), 'auspices-play-'));
// `script` (util-linux) runs the game under a pseudo-terminal, as a student's terminal would.
const hasScript = scriptInstalled();

const ESC = String.fromCharCode(27);
const ansi = new RegExp(`${ESC}\\[[0-9;?]*[A-Za-z]`, 'g');
// The menus filter as you type, so letters are text: arrows move.
const keys = { enter: '\r', up: `${ESC}[A`, down: `${ESC}[B`, ctrlC: String.fromCharCode(3) };

/**
 * `auspices play` on a pseudo-terminal, driven like a user: wait for a prompt, press keys. Keys are sent
 * only once the prompt is drawn, so the terminal is in raw mode and each key is one keypress.
 */
class Terminal {
  readonly child: ChildProcessWithoutNullStreams;
  private raw = '';
  private mark = 0;
  readonly exit: Promise<number | null>;

  constructor(args: readonly string[], env: Record<string, string> = { NO_COLOR: '1' }) {
    // The pseudo-terminal gets a size first; without one, prompts wrap at every character.
    const command = `stty cols 160 rows 50; exec ${process.execPath} ${bin} play ${args.join(' ')}`;
    const { NO_COLOR: _no, FORCE_COLOR: _force, ...rest } = process.env;
    this.child = spawn('script', ['-qfec', command, '/dev/null'], {
      env: { ...rest, TERM: 'xterm-256color', ...env },
    });
    this.child.stdout.on('data', (d: Buffer) => {
      this.raw += d.toString('utf8');
    });
    this.exit = new Promise((resolve) => this.child.on('exit', resolve));
  }

  /** Everything shown so far, escape sequences included. */
  get withEscapes(): string {
    return this.raw;
  }

  /** Everything shown so far, without escape sequences. */
  get text(): string {
    return this.raw.replace(ansi, '').replace(/\r/g, '');
  }

  /** Wait until `pattern` appears after the last match; return the text up to and including it. */
  async expect(pattern: RegExp, timeout = 15_000): Promise<string> {
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
      if (Date.now() > until)
        throw new Error(`timed out waiting for ${pattern}; the screen ends with:\n${text.slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  press(...sequence: string[]): void {
    this.child.stdin.write(sequence.join(''));
  }

  /** Type `text` into the menu's search, and wait until the search shows it. */
  async type(text: string): Promise<string> {
    this.press(text);
    return this.expect(new RegExp(`Search: ${text}█`));
  }
}

const prompt = /◆ {2}Your move\n/;
const save = join(tmp, 'france.play.json');

beforeAll(() => {
  if (!existsSync(bin)) {
    const build = spawnSync('npm', ['run', '-s', 'build'], { encoding: 'utf8', stdio: 'inherit' });
    if (build.status !== 0) throw new Error('`npm run -s build` failed; the play tests need dist/cli/bin.js');
  }
});

describe.skipIf(!hasScript)('auspices play on a terminal', () => {
  it('should put the actions first, group moves by kind, filter by typing, try a refused move, undo, save and save on Ctrl-C', async () => {
    const t = new Terminal([flagship, '--as', 'france', '--save', save]);
    let seen = await t.expect(prompt);
    expect(seen).toContain('Day 1 · 25 Nov 2020 · you are France');
    expect(seen).toContain('the French Senate: The French Senate adopts a non-binding resolution');
    expect(seen).toContain('source: https://tass.com/world/1228017');
    expect(t.withEscapes).not.toContain(`${ESC}[1mDay 1`); // NO_COLOR
    // The actions come first, in this order, before any move.
    seen = await t.expect(/to select/);
    expect(seen).toMatch(
      /Search: _?\n│ {2}● Pass the day\n│ {2}○ Why can't I …\? \(see why a move is refused, or try it anyway\)\n│ {2}○ Undo: back one day\n│ {2}○ Save to \S+\n│ {2}○ Quit \(saves, then the summary\)\n│ {2}○ France /,
    );
    // Moves of one kind are one entry: the 14 visits are not listed one by one.
    expect(seen).toContain('○ France visits … (14 moves)');
    expect(seen).toContain('○ France urges the parties to resume talks under the … (4 moves)');
    expect(seen).not.toContain('France visits Russia');
    expect(seen.split('\n').filter((l) => /^│ {2}[○●] /.test(l)).length).toBeLessThan(20);
    t.press(keys.enter); // pass the day

    seen = await t.expect(prompt);
    expect(seen).toContain('Day 2 · 26 Nov 2020');
    expect(seen).toContain('In history, on 26 Nov 2020: The French foreign ministry restates');
    expect(seen).toContain('source: https://www.azatutyun.am/a/30971851.html');
    await t.expect(/to select/);
    // Typing narrows the menu: the historical move, found by a word of its label.
    await t.type('history');
    t.press(keys.enter);
    seen = await t.expect(/◆ {2}Anything else today\? \(1 move chosen\)\n/);
    expect(seen).toContain(
      '◇  Your move\n│  France declines to recognise the de facto Nagorno-Karabakh government (as in history today)\n',
    );
    await t.expect(/to select/);
    t.press(keys.up, keys.enter); // the last entry: the visits, a kind of its own
    seen = await t.expect(/◆ {2}France visits … \(14 moves; type to narrow, Esc to go back\)\n/);
    seen = await t.type('rus');
    expect(seen).toContain('● France visits Armenia'); // the whole kind, before the search narrows it
    t.press(keys.enter);
    seen = await t.expect(/You will: France visits Russia\n/);
    expect(seen).toContain('│  France visits Russia\n');
    await t.expect(/◆ {2}Anything else today\? \(2 moves chosen\)\n/);
    t.press(keys.enter); // end the day

    seen = await t.expect(prompt);
    expect(seen).toContain('Day 3 · 27 Nov 2020');
    expect(seen).toContain('you: France declines to recognise the de facto Nagorno-Karabakh government');
    expect(seen).toContain('you: France visits Russia');
    await t.expect(/to select/);
    t.press(keys.down, keys.enter); // Why can't I …?
    await t.expect(
      /◆ {2}Why can't I …\? \(\d+ moves would be refused today; type to narrow, Esc to go back\)\n/,
    );
    await t.type('convenes');
    t.press(keys.enter);
    // The specific reason first, then the rule; no internal code such as (role/not-mediator).
    seen = await t.expect(/Rule R2: The Chairman-in-Office appoints/);
    expect(seen).toContain('│  France convenes talks under the Russia-led trilateral (R2)\n');
    expect(seen).toMatch(
      /✗ France convenes talks under the Russia-led trilateral\n│ {2}France is not a mediator of the Russia-led trilateral\n│ {2}Rule R2: /,
    );
    expect(seen).not.toMatch(/\(role\/[a-z-]+\)/);
    // Try it anyway: the day loop plays it, and the next day's news records the refusal and its reason.
    await t.expect(/◆ {2}Try it anyway\?\n/);
    t.press(keys.down, keys.enter);
    await t.expect(
      /You will try: France convenes talks under the Russia-led trilateral \(the rules refuse it now/,
    );
    await t.expect(/◆ {2}Anything else today\? \(1 move chosen\)\n/);
    t.press(keys.enter);
    seen = await t.expect(prompt);
    expect(seen).toContain('Day 4 · 28 Nov 2020');
    expect(seen).toMatch(
      /✗ you: France convenes talks under the Russia-led trilateral\n│ {6}refused: France is not a mediator of the Russia-led trilateral\n│ {6}rule R2: The Chairman-in-Office appoints/,
    );

    await t.expect(/to select/);
    t.press(keys.down, keys.down, keys.enter); // undo
    await t.expect(/Back to 27 Nov 2020/);
    seen = await t.expect(prompt);
    expect(seen).toContain('Day 3 · 27 Nov 2020');
    await t.expect(/to select/);
    await t.type('save');
    t.press(keys.enter);
    await t.expect(new RegExp(`Saved to ${save}`));
    await t.expect(prompt);
    t.press(keys.ctrlC);
    seen = await t.expect(/--resume \S+\n/);
    expect(seen).toContain(
      `the game is saved to ${save}. Continue it with: auspices play ${flagship} --resume ${save}`,
    );
    expect(await t.exit).toBe(130);
    const game = JSON.parse(readFileSync(save, 'utf8')) as { as: string; turns: { moves: unknown[] }[] };
    expect(game.as).toBe('france');
    // Day 1 passed, day 2 with two moves; day 3 undone.
    expect(game.turns.map((turn) => turn.moves.length)).toEqual([0, 2]);
  });

  it('should resume the saved game and end with the after-action summary', async () => {
    const t = new Terminal([flagship, '--resume', save]);
    const seen = await t.expect(prompt);
    expect(seen).toContain('Resumed after 2 days played.');
    expect(seen).toContain('Day 3 · 27 Nov 2020 · you are France');
    await t.expect(/to select/);
    await t.type('quit');
    t.press(keys.enter);
    const summary = await t.expect(/Refusals you met\n {2}none\n/);
    expect(summary).toContain(`Saved to ${save}`);
    expect(summary).toContain('After action: you played France');
    expect(summary).toContain('2 days played, not finished');
    expect(await t.exit).toBe(0);
  });

  it('should play to the end in colour and set the choices beside the historical record', async () => {
    const t = new Terminal([flagship, '--as', 'azerbaijan', '--seed', '3'], { FORCE_COLOR: '1' });
    for (let day = 1; day <= 20; day++) {
      const seen = await t.expect(prompt);
      expect(seen).toContain(`Day ${day} · `);
      if (day === 1) {
        // On a terminal that wants colour: the day bold, the sources dim.
        expect(t.withEscapes).toContain(`${ESC}[1mDay 1 · 25 Nov 2020 · you are Azerbaijan${ESC}[22m`);
        expect(t.withEscapes).toContain(`${ESC}[2m    source: https://tass.com/world/1228017${ESC}[22m`);
        // Its first historical statement of the day, found by typing.
        await t.expect(/to select/);
        await t.type('history');
        t.press(keys.enter);
        await t.expect(/◆ {2}Anything else today\?/);
      }
      t.press(keys.enter);
    }
    const summary = await t.expect(/Refusals you met\n {2}none\n/);
    expect(summary).toContain('The game ends on 14 Dec 2020');
    expect(summary).toContain('20 days played, to the end · seed 3');
    expect(summary).toMatch(
      / {2}25 Nov 2020\n {4}you {6}Azerbaijan issues a statement on the French Senate's resolution/,
    );
    expect(summary).toMatch(
      / {2}12 Dec 2020\n {4}you {6}passed\n {4}history {2}Azerbaijani forces take the villages of Khtsaberd and Hin Tagher in Hadrut\.\n {13}\[According to Yerevan,/,
    );
    expect(summary).toContain('source: https://evnreport.com/?p=35527');
    expect(summary).toMatch(/Outcomes on 14 Dec 2020/);
    expect(await t.exit).toBe(0);
  });
});

describe('auspices play: bad input', () => {
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, [bin, 'play', ...args], { encoding: 'utf8', timeout: 60_000 });

  it('should name the close actor for an unknown one, with exit 2', () => {
    const result = cli(flagship, '--as', 'azerbaijn');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('unknown actor "azerbaijn" (did you mean `azerbaijan`?)');
    expect(result.stderr).not.toContain('    at ');
  });

  it('should list the what-ifs for an unknown one, and ask for --as, with exit 2', () => {
    const unknown = cli(flagship, '--as', 'france', '--what-if', 'nope');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('unknown what-if "nope"; this scenario has: france-recognises');
    const noActor = cli(flagship);
    expect(noActor.status).toBe(2);
    expect(noActor.stderr).toContain('name the actor you play with --as ACTOR');
  });

  it('should say where a saved game is broken, with exit 2', () => {
    const broken = join(tmp, 'broken.play.json');
    writeFileSync(broken, '{\n  "auspices": "play"\n  "version": 1\n}\n');
    const result = cli(flagship, '--resume', broken);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`auspices: ${broken}:3:3: not JSON`);
    const missing = cli(flagship, '--resume', join(tmp, 'missing.json'));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('missing.json: no such file');
  });

  it('should refuse a save file in a folder that does not exist, with exit 2', () => {
    const result = cli(flagship, '--as', 'france', '--save', join(tmp, 'no-such-folder', 'g.json'));
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('no-such-folder; choose another file with --save FILE');
  });

  it('should ask for a terminal when standard input is not one, with exit 2', () => {
    const result = cli(flagship, '--as', 'france');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('play is interactive: run it in a terminal');
  });
});
