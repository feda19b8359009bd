import { existsSync } from 'node:fs';
import { defineConfig, devices } from '@playwright/test';

const isCI = Boolean(process.env.CI);

// E2E_PORT, E2E_PRODUCTION_PORT and E2E_DIST let two runs on one machine keep out of each other's way.
/** Port of the dev server the specs run against; strict, so a busy port fails loudly instead of moving. */
const PORT = Number(process.env.E2E_PORT ?? 5174);
/** Port of the production build (`vite build` + `vite preview`) for the specs that measure speed. */
const PRODUCTION_PORT = Number(process.env.E2E_PRODUCTION_PORT ?? 5175);
/** Specs that run against the production build only. */
const PRODUCTION_SPECS = /(responsiveness|offline|request-count|damaged-model|worker-faults)\.spec\.ts$/;
/** Where the e2e production build goes (git-ignored). */
const PRODUCTION_OUT_DIR = process.env.E2E_DIST ?? '.e2e-dist';

/**
 * Which Chromium runs the specs.
 * `PLAYWRIGHT_CHROMIUM_EXECUTABLE=/path/to/chrome` picks one explicitly; otherwise Debian's
 * `/usr/bin/chromium` when it exists (CI installs it because Playwright cannot download its own
 * browser there); otherwise undefined, so Playwright's own downloaded Chromium is used.
 */
const chromiumExecutable =
  process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE || (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

/** Chromium's sandbox cannot start as root, and CI containers usually run as root. */
const withoutSandbox = isCI || process.getuid?.() === 0;

const chromiumArgs = [
  // WebGPU in headless Linux Chromium. Without a GPU this gives the SwiftShader (software) adapter.
  // Never add --disable-software-rasterizer: it removes that adapter and navigator.gpu offers none.
  '--enable-unsafe-webgpu',
  // No calls home: the test machines have no internet, and refused connections only add noise.
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  ...(withoutSandbox ? ['--no-sandbox'] : []),
];

const launchOptions = {
  executablePath: chromiumExecutable,
  args: chromiumArgs,
  // Playwright adds --no-sandbox unless told otherwise; keep the sandbox where it can run.
  chromiumSandbox: !withoutSandbox,
};

export default defineConfig({
  testDir: 'e2e',
  outputDir: process.env.E2E_OUTPUT ?? 'test-results',
  // Models run on a software GPU at about 2 tokens/s, so tests get minutes, not seconds.
  timeout: 120_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  forbidOnly: isCI,
  retries: 0,
  // Model tests are CPU heavy and the test machines have 2 cores: one browser at a time in CI.
  workers: isCI ? 1 : 2,
  reporter: [['list'], ['html', { open: 'never' }]],
  use: {
    baseURL: `http://localhost:${PORT}`,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      testIgnore: PRODUCTION_SPECS,
      use: { ...devices['Desktop Chrome'], launchOptions },
    },
    {
      name: 'production',
      testMatch: PRODUCTION_SPECS,
      use: { ...devices['Desktop Chrome'], launchOptions, baseURL: `http://localhost:${PRODUCTION_PORT}` },
    },
  ],
  webServer: [
    {
      command: `E2E_NO_HMR=1 npx vite --port ${PORT} --strictPort`,
      url: `http://localhost:${PORT}`,
      reuseExistingServer: !isCI,
      timeout: 120_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      // The generated models are copied in from public/: the build serves them like the dev server.
      command: `npx vite build --outDir ${PRODUCTION_OUT_DIR} --emptyOutDir --logLevel warn && npx vite preview --outDir ${PRODUCTION_OUT_DIR} --port ${PRODUCTION_PORT} --strictPort`,
      url: `http://localhost:${PRODUCTION_PORT}`,
      reuseExistingServer: !isCI,
      timeout: 180_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
  ],
});
