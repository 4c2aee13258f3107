import { spawnSync } from 'node:child_process';

/**
 * Whether a system tool that some tests drive is installed. Locally, a test that needs a missing tool is
 * skipped; in CI (`CI=true`), where `.ci/run` installs everything, a missing tool fails the test file
 * instead of silently skipping its tests.
 */
export function hasTool(command: string, args: readonly string[], debianPackage: string): boolean {
  const ok = process.platform !== 'win32' && spawnSync(command, args, { encoding: 'utf8' }).status === 0;
  if (!ok && process.env.CI === 'true')
    throw new Error(
      `\`${command}\` is missing, and CI must not skip the tests that need it: install ${debianPackage}`,
    );
  return ok;
}

/** `script`, which gives a command a pseudo-terminal (the play and progress-bar tests). */
export const hasScript = () => hasTool('script', ['--version'], 'bsdutils');
