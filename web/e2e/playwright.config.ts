import { defineConfig } from '@playwright/test';

/**
 * `npm run test:web`: the console's flows in a real Chromium (Debian's package, not a downloaded browser), each
 * spec file against its own freshly started Kanri (support/kanri.ts) built beforehand by `npm run build`.
 * Failure screenshots and traces go to web/e2e/.artifacts (or PLAYWRIGHT_ARTIFACTS), never into git.
 */
const here = `${__dirname}/`;
const jsonOutput = process.env.PLAYWRIGHT_JSON_OUTPUT_NAME;

export default defineConfig({
  testDir: here,
  testMatch: '**/*.spec.ts',
  outputDir: process.env.PLAYWRIGHT_ARTIFACTS ?? `${here}.artifacts`,
  // Spec files run two at a time (each has its own Kanri, port and database; the tests inside one file stay in
  // order); PLAYWRIGHT_WORKERS=1 runs them one by one.
  fullyParallel: false,
  workers: Number(process.env.PLAYWRIGHT_WORKERS ?? 2),
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 10_000 },
  reporter: jsonOutput ? [['list'], ['json', { outputFile: jsonOutput }]] : [['list']],
  use: {
    browserName: 'chromium',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-dev-shm-usage'],
    },
    locale: 'ja-JP',
    timezoneId: 'Asia/Tokyo',
    viewport: { width: 1280, height: 800 },
    screenshot: 'only-on-failure',
    // A trace of every test is recorded and kept for the failed ones: actions, DOM snapshots, network and console.
    // Without the screencast (PLAYWRIGHT_TRACE_SCREENSHOTS=1 adds it): its frames cost the browser and GPU processes
    // a fifth of a spec's time, and a failure keeps its own screenshot anyway.
    trace: { mode: 'retain-on-failure', screenshots: !!process.env.PLAYWRIGHT_TRACE_SCREENSHOTS },
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
  },
});
