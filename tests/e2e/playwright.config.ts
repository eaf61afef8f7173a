// Playwright end-to-end specs. `cargo xtask test` starts a fresh server on a temporary
// database and passes its address in PORTICO_URL. Debian's Chromium is used; no browser is
// downloaded.
import { defineConfig } from '@playwright/test';
import { scaled } from './timing';

const baseURL = process.env.PORTICO_URL;
if (!baseURL) {
  throw new Error('PORTICO_URL is not set: run the end-to-end tests through `cargo xtask test`.');
}

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  outputDir: './output/results',
  fullyParallel: true,
  // One worker: on the 2-core CI machine the server, Chromium and a second worker's Chromium
  // compete for the cores, and waits tuned on a quiet machine become races. (PORTICO_E2E_WORKERS
  // raises it for a local run.)
  workers: Number(process.env.PORTICO_E2E_WORKERS ?? 1),
  retries: 0,
  // A committed test.only would shrink the suite silently: refused everywhere, not only in CI.
  forbidOnly: true,
  // Waits scale with the machine (PORTICO_TIME_SCALE, 2 under CI): see timing.ts.
  timeout: scaled(30_000),
  expect: { timeout: scaled(10_000) },
  use: {
    baseURL,
    browserName: 'chromium',
    // The app takes its language from the browser; the specs read English unless they switch.
    locale: 'en-US',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
});
