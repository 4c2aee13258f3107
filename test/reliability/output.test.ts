import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { Command } from '@commander-js/extra-typings';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { registerPlay } from '../../src/cli/play-command.js';
import { mdLink, mdText } from '../../src/report/markdown.js';
import {
  auspices,
  auspicesShell,
  controls,
  put,
  scratch,
  stackOrBug,
  tinyScenario,
} from './inputs-support.js';

const tmp = scratch('output');
const ESC = '\u001b';
const BEL = '\u0007';
/** Text that retitles the window, plants a hyperlink, clears the screen and colours with an 8-bit CSI. */
const hostile = `${ESC}]0;PWNED${BEL} ${ESC}]8;;https://evil.example/${ESC}\\click${ESC}]8;;${ESC}\\ ${ESC}[2J\u009b31m\r`;
/** The same, written as a YAML double-quoted string. */
const hostileYaml = '\\e]0;PWNED\\a \\e]8;;https://evil.example/\\e\\\\click\\e]8;;\\e\\\\ \\e[2J\\x9b31m\\r';

const withEscapes = put(
  tmp,
  'escapes.yaml',
  tinyScenario
    .replace('{ name: Azerbaijan,', `{ name: "Azer${hostileYaml}baijan",`)
    .replace(
      'text: Azerbaijan welcomes the trilateral statement.',
      `text: "Azerbaijan ${hostileYaml} welcomes the statement."\n    framing: "${hostileYaml}"`,
    ),
);

describe('text from a scenario reaches the terminal without control characters', () => {
  it('the fixture really holds escape sequences', () => {
    expect(hostile).toMatch(controls);
  });

  it.each(['text', 'md', 'json'])('run --format %s: exit 0, no control character in the output', (format) => {
    const result = auspices(['run', withEscapes, '--format', format]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).not.toMatch(controls);
    expect(result.stdout).toContain('welcomes the statement');
    expect(result.stdout).not.toContain('PWNED');
  });

  it('run in colour (FORCE_COLOR=1): the only escape codes left are its own colours', () => {
    const result = auspices(['run', withEscapes], 30, undefined, {
      ...process.env,
      FORCE_COLOR: '1',
      NO_COLOR: '',
    });
    expect(result.status, result.stderr).toBe(0);
    // Bold, dim, red, green and their resets: what the timeline is coloured with.
    const ours = new RegExp(`${ESC}\\[(?:1|2|22|31|32|39)m`, 'g');
    expect(result.stdout).toMatch(ours);
    const rest = result.stdout.replace(ours, '');
    expect(rest).not.toMatch(controls);
    expect(rest).not.toContain('PWNED');
    expect(rest).toContain('welcomes the statement');
  });

  it.each([
    ['compare', ['--what-if', 'quiet', '--runs', '2', '--workers', '0']],
    ['explore', ['--actors', 'azerbaijan', '--depth', '2', '--out', join(tmp, 'explored')]],
  ])('%s in colour: the only escape codes left are its own colours', async (command, options) => {
    // An outcome, a what-if and the world's names hold escape sequences; compare and explore show them.
    // The outcome also hides its end with a colour code (SGR 8, concealed), which must not pass either.
    const file = put(
      tmp,
      'escapes-reports.yaml',
      `${readFileSync(withEscapes, 'utf8')}outcomes:\n  welcomed:\n    text: "Welcomed ${hostileYaml} at \\e[8mlast"\n    when: { activeFormat: trilateral }\nwhatIfs:\n  quiet:\n    title: "Quiet ${hostileYaml}"\n`,
    );
    let out = '';
    const code = await runCli([command, file, ...options], {
      out: (t) => (out += t),
      err: () => {},
      colour: true,
    });
    expect(code).toBe(0);
    // Bold, dim, red, green, yellow and their resets: what the reports are coloured with.
    const ours = new RegExp(`${ESC}\\[(?:1|2|22|31|32|33|39)m`, 'g');
    expect(out).toMatch(ours);
    const rest = out.replace(ours, '');
    expect(rest).not.toMatch(controls);
    expect(rest).not.toContain('PWNED');
    expect(rest).toContain('Welcomed');
    expect(rest).toMatch(/click\s+at last/);
  });

  it('validate quoting a name with escape sequences: exit 2, located, no control character', () => {
    const file = put(
      tmp,
      'bad-name.yaml',
      tinyScenario.replace('by: azerbaijan', `by: "azer${hostileYaml}"`),
    );
    const result = auspices(['validate', file]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/bad-name\.yaml:19:9: unknown actor `azer.*`/);
    expect(result.stderr).not.toMatch(controls);
  });

  it('play: the intro, news and menus show the names without control characters', async () => {
    const input = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => input });
    let shown = '';
    const output = Object.assign(
      new Writable({
        write(chunk, _encoding, done) {
          shown += String(chunk);
          done();
        },
      }),
      { isTTY: true, columns: 160, rows: 50 },
    );
    const program = new Command().exitOverride();
    // In colour, as on a terminal: the colours are ours, the scenario's escape codes still removed.
    registerPlay(program, { out: () => {}, err: () => {}, colour: true }, { input, output });
    const save = join(tmp, 'game.play.json');
    // Played as the actor whose name holds the escape sequences, so that the intro and the menus show it.
    const played = program.parseAsync(['play', withEscapes, '--as', 'azerbaijan', '--save', save], {
      from: 'user',
    });
    // Wait for the first menu, then find Quit by typing, and confirm.
    for (let i = 0; i < 200 && !shown.includes('Quit'); i++) await new Promise((r) => setTimeout(r, 20));
    input.write('quit');
    await new Promise((r) => setTimeout(r, 50));
    input.write('\r');
    await played;
    expect(existsSync(save)).toBe(true);
    expect(shown).toMatch(/You play Azer\b/);
    expect(shown).toContain(`${ESC}[1mDay 1 · `);
    // The prompts library draws with CSI sequences of its own; none of the scenario's may pass.
    for (const planted of [`${ESC}]`, BEL, '\u009b', `${ESC}[2J`, 'PWNED'])
      expect(shown).not.toContain(planted);
  });
});

describe('sources are web pages and Markdown reports are escaped', () => {
  it.each([
    ['javascript:alert(1)', 'injects[0].source'],
    ['data:text/html,<script>alert(1)</script>', 'injects[0].source'],
    ['file:///etc/passwd', 'injects[0].source'],
  ])('validate a source %s: exit 2, located at the source', (url, name) => {
    const file = put(tmp, 'bad-source.yaml', tinyScenario.replace(/source: .*/, `source: "${url}"`));
    const result = auspices(['validate', file]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(
      `bad-source.yaml:22:13: ${name} is "${url}", not an http:// or https:// URL`,
    );
  });

  it('run --format md: HTML and Markdown in scenario text come out as text', () => {
    const file = put(
      tmp,
      'markup.yaml',
      tinyScenario.replace(
        'text: Azerbaijan welcomes the trilateral statement.',
        'text: "<img src=x onerror=alert(1)> [click](javascript:alert(1)) **bold** | pipe"',
      ),
    );
    const result = auspices(['run', file, '--format', 'md']);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).not.toContain('<img');
    expect(result.stdout).not.toMatch(/[^\\]\]\(javascript:/);
    expect(result.stdout).toContain(
      '&lt;img src=x onerror=alert(1)&gt; \\[click\\](javascript:alert(1)) \\*\\*bold\\*\\* \\| pipe',
    );
  });

  it('mdText escapes markup, strips control characters and keeps plain words', () => {
    expect(mdText('Talks <b>& co-chairs</b>')).toBe('Talks &lt;b&gt;& co-chairs&lt;/b&gt;');
    expect(mdText('a_b *c* [d](e) `f` ~g~ h|i \\ &amp;')).toBe(
      'a\\_b \\*c\\* \\[d\\](e) \\`f\\` \\~g\\~ h\\|i \\\\ &amp;amp;',
    );
    expect(mdText(`line\nnext${hostile}`)).not.toMatch(controls);
    expect(mdText('The OSCE Minsk Group co-chairs, 25 Nov 2020.')).toBe(
      'The OSCE Minsk Group co-chairs, 25 Nov 2020.',
    );
  });

  it('mdLink links only http(s) URLs, with the characters that could end the link encoded', () => {
    expect(mdLink('1', 'https://example.org/a_(b)')).toBe('[1](https://example.org/a_%28b%29)');
    expect(mdLink('1', 'https://evil.org/)](javascript:x')).toBe(
      '[1](https://evil.org/%29%5D%28javascript:x)',
    );
    expect(mdLink('1', 'javascript:alert(1)')).toBe('javascript:alert(1)');
    expect(mdLink('1', 'JaVaScRiPt:alert(1)')).not.toContain('](');
  });
});

describe('output that cannot be written', () => {
  it('run > /dev/full: exit 1, "no space left on device", no stack trace', () => {
    if (!existsSync('/dev/full')) return;
    const result = auspicesShell(['run', withEscapes], '> /dev/full');
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('auspices: cannot write the output: no space left on device (ENOSPC)\n');
    expect(stackOrBug(result)).toBeNull();
  });

  it('run | head -1 (the pipe closes early): exit 0, nothing on standard error', () => {
    const flagship = 'scenarios/karabakh/format-week-2020.yaml';
    const result = auspicesShell(['run', flagship], `| head -c 10 > /dev/null; exit \${PIPESTATUS[0]}`);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
  });
});

describe('an output folder that cannot be made', () => {
  // Node's own recursive mkdir never returns under /proc: each command used to spin there for good.
  const folder = '/proc/auspices-no-such-folder/out';
  const commands: [string, string[]][] = [
    [
      'explore',
      ['explore', 'scenarios/karabakh/format-week-2020.yaml', '-a', 'france', '-d', '1', '-o', folder],
    ],
    ['stability', ['stability', 'examples/stability/elmira.gmcr', '--out', folder]],
    ['brief', ['brief', 'scenarios/karabakh/format-week-2020.yaml', '--out', folder]],
    ['batch', ['batch', 'scenarios/karabakh/format-week-2020.yaml', '--runs', '2', '--out', folder]],
  ];

  it.runIf(existsSync('/proc/self'))(
    'is refused at once with exit 2 and the reason, by every command that makes one',
    () => {
      for (const [name, args] of commands) {
        const r = auspices(args, 20);
        expect(r.status, `${name}: ${r.stderr}`).toBe(2);
        expect(r.seconds, name).toBeLessThan(15);
        expect(r.stderr, name).toMatch(/\/proc\/auspices-no-such-folder.*(ENOENT|no such file)/);
        expect(r.stderr, name).not.toMatch(/internal error|at .*\.js:\d+/);
      }
    },
  );
});
