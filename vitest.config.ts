import { existsSync } from 'node:fs';
import react from '@vitejs/plugin-react';
import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';

// Playwright cannot download browsers on these machines: use Debian's chromium when it is there.
const chromium = '/usr/bin/chromium';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    // Both cores: vitest's default leaves one free, and the suite is then one file at a time.
    maxWorkers: 2,
    hookTimeout: 120_000,
    // Builds dist/ when it is stale, and picks the fast-check seed (see the file).
    globalSetup: ['test/support/global-setup.ts'],
    projects: [
      {
        extends: true,
        test: { name: 'node', include: ['test/**/*.test.ts'], exclude: ['test/browser/**'] },
      },
      {
        // The playground, in a real headless Chromium.
        extends: true,
        plugins: [react()],
        test: {
          name: 'browser',
          include: ['test/browser/**/*.browser.test.tsx'],
          browser: {
            enabled: true,
            headless: true,
            screenshotFailures: false,
            provider: playwright({
              launchOptions: {
                ...(existsSync(chromium) ? { executablePath: chromium } : {}),
                args: ['--no-sandbox'],
              },
            }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
    ],
  },
});
