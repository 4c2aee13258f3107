import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The newest modification time under a folder, in ms. */
function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

/**
 * Once before every test file:
 * - the end-to-end and reliability tests run the built CLI, so `dist/` is rebuilt when any source is newer
 *   than it;
 * - the fast-check seed: `FC_SEED` when set, else fixed in CI (`CI=true`), else random and printed, so
 *   that local runs explore new cases and any failure can be replayed with `FC_SEED=<seed>`.
 */
export default function setup(): void {
  const bin = 'dist/cli/bin.js';
  if (!existsSync(bin) || newest('src') > statSync(bin).mtimeMs) {
    const build = spawnSync('npm', ['run', '-s', 'build'], { encoding: 'utf8', stdio: 'inherit' });
    if (build.status !== 0) throw new Error('`npm run -s build` failed; the end-to-end tests need dist/');
  }
  if (process.env.FC_SEED === undefined) {
    const seed = process.env.CI === 'true' ? 20201125 : Math.floor(Math.random() * 2 ** 31);
    process.env.FC_SEED = String(seed);
    if (process.env.CI !== 'true')
      process.stdout.write(`fast-check seed ${seed}: replay a failure with FC_SEED=${seed} npx vitest run\n`);
  }
}
