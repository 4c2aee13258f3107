import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, ftruncateSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { closest, hint } from '../../src/scenario/issues.js';
import { hasTool } from '../support/tools.js';
import { auspices, put, scratch, stackOrBug, tinyScenario } from './inputs-support.js';

const tmp = scratch('inputs');
const hasFifo = hasTool('mkfifo', ['--version'], 'coreutils');
const fifo = join(tmp, 'scenario.fifo');
const MiB = 1024 * 1024;

beforeAll(() => {
  if (hasFifo) spawnSync('mkfifo', [fifo]);
  put(tmp, 'tiny.yaml', tinyScenario);
});

/** A file of `bytes` zero bytes, made without writing them (a sparse file). */
function sized(name: string, bytes: number): string {
  const file = join(tmp, name);
  const fd = openSync(file, 'w');
  ftruncateSync(fd, bytes);
  closeSync(fd);
  return file;
}

/** The promise every case below checks: exit 2, the message, nothing else on stdout, no stack. */
function expectRefused(result: ReturnType<typeof auspices>, message: RegExp): void {
  expect(result.status, `killed or wrong exit; stderr:\n${result.stderr}`).toBe(2);
  expect(result.stderr).toMatch(message);
  expect(stackOrBug(result)).toBeNull();
}

describe('endless and blocking inputs are refused, never read', () => {
  const notRegular = /not a regular file/;

  it.each(['/dev/zero', '/dev/urandom'].filter(existsSync))(
    'validate %s: exit 2 "not a regular file" within 10 s',
    (device) => {
      const result = auspices(['validate', device], 10);
      expectRefused(result, new RegExp(`^${device}:1:1: not a regular file`, 'm'));
    },
  );

  it.skipIf(!hasFifo)('validate a FIFO nobody writes to: exit 2 "not a regular file" within 10 s', () => {
    expectRefused(auspices(['validate', fifo], 10), notRegular);
  });

  it.skipIf(!hasFifo)(
    'run with an `extends:` base that is /dev/zero or a FIFO: exit 2, located at `extends:`',
    () => {
      for (const base of ['/dev/zero', fifo]) {
        const file = put(tmp, 'branch.yaml', `title: A branch\nextends: ${base}\n`);
        const result = auspices(['run', file], 10);
        expectRefused(
          result,
          new RegExp(`^${file}:2:10: cannot read the base scenario \`${base}\`: not a regular file`, 'm'),
        );
      }
    },
  );

  it('validate a scenario over 4 MiB: exit 2, the size and the limit stated, within 10 s', () => {
    const big = sized('big.yaml', 5 * MiB);
    const result = auspices(['validate', big], 10);
    expectRefused(
      result,
      /big\.yaml:1:1: is 5,242,880 bytes, more than the limit of 4,194,304 bytes \(4 MiB\)/,
    );
  });

  it('an `extends:` base over 4 MiB: exit 2, located at `extends:`', () => {
    sized('big-base.yaml', 5 * MiB);
    const file = put(tmp, 'big-branch.yaml', 'extends: ./big-base.yaml\ntitle: A branch\n');
    expectRefused(
      auspices(['validate', file], 10),
      /big-branch\.yaml:1:10: cannot read the base scenario `\.\/big-base\.yaml`: is 5,242,880 bytes, more than the limit/,
    );
  });

  describe('a saved game given to play --resume', () => {
    const play = (saved: string) =>
      auspices(['play', join(tmp, 'tiny.yaml'), '--as', 'armenia', '--resume', saved], 10);

    it.each(['/dev/zero', '/dev/urandom'].filter(existsSync))(
      '%s: exit 2 "not a regular file" within 10 s',
      (device) => {
        expectRefused(play(device), new RegExp(`cannot read saved game ${device}: not a regular file`));
      },
    );

    it.skipIf(!hasFifo)('a FIFO: exit 2 "not a regular file" within 10 s', () => {
      expectRefused(play(fifo), notRegular);
    });

    it('over 16 MiB: exit 2, the size and the limit stated', () => {
      expectRefused(
        play(sized('huge.play.json', 17 * MiB)),
        /is 17,825,792 bytes, more than the limit of 16,777,216 bytes \(16 MiB\) for saved games/,
      );
    });
  });
});

describe('"did you mean" hints have a bounded cost', () => {
  it('closest() on names of 50,000 characters returns within 1 s', () => {
    const long = 'a'.repeat(50_000);
    const start = performance.now();
    closest(`${long}b`, [long, `${long}c`, 'armenia']);
    hint(`${long}b`, [long, `${long}c`, 'armenia']);
    expect(performance.now() - start).toBeLessThan(1000);
  });

  it('closest() against 100,000 known names returns within 1 s and still finds a typo', () => {
    const known = Array.from({ length: 100_000 }, (_, i) => `actor-${i}`);
    const start = performance.now();
    for (let i = 0; i < 20; i++) closest(`actr-${i}`, known);
    expect(performance.now() - start).toBeLessThan(1000);
    expect(closest('azerbajan', ['armenia', 'azerbaijan', 'russia'])).toBe('azerbaijan');
  });

  it('a hint lists long known names shortened, never whole', () => {
    const text = hint('x', ['y'.repeat(10_000), 'armenia']);
    expect(text.length).toBeLessThan(200);
    expect(text).toContain('`armenia`');
  });

  it('validate a 1 MB file of long misspelt names: exit 2 with a located message within 15 s', () => {
    const long = 'a'.repeat(400_000);
    const scenario = {
      id: 'long',
      title: 'Long names',
      calendar: { start: '2020-11-25', end: '2020-11-30' },
      actors: { armenia: { name: 'Armenia', kind: 'state' }, [long]: { name: 'Long', kind: 'state' } },
      formats: { trilateral: { name: 'T', mediators: ['armenia'], parties: [`${long.slice(1)}b`] } },
      initial: { activeFormat: 'trilateral' },
    };
    const file = put(tmp, 'long-names.json', JSON.stringify(scenario));
    const result = auspices(['validate', file], 30);
    expect(result.status, `killed after ${result.seconds.toFixed(1)} s`).toBe(2);
    expect(result.seconds).toBeLessThan(15);
    expect(result.stderr).toMatch(/long-names\.json:1:\d+: /);
    expect(stackOrBug(result)).toBeNull();
  });
});
