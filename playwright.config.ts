import { existsSync } from 'node:fs';
import { defineConfig, devices } from '@playwright/test';

const isCI = Boolean(process.env.CI);

/** Port of the dev server the specs run against; strict, so a busy port fails loudly instead of moving. */
const PORT = 5174;

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

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
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
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          executablePath: chromiumExecutable,
          args: chromiumArgs,
          // Playwright adds --no-sandbox unless told otherwise; keep the sandbox where it can run.
          chromiumSandbox: !withoutSandbox,
        },
      },
    },
  ],
  webServer: {
    command: `npx vite --port ${PORT} --strictPort`,
    url: `http://localhost:${PORT}`,
    reuseExistingServer: !isCI,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
