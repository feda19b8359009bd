/**
 * A model too large for the device is flagged before its download starts, not after minutes of
 * it: the page compares the catalog's size of the chosen dtype with the memory the browser reports
 * (`navigator.deviceMemory`, overridden here before the page's scripts run), warns next to Load, and
 * loads only once the person says "Load anyway". The model comes from the mock hub (a copy of the
 * generated tiny GPT-2 under the catalog's GPT-2 id), so the load after the warning is real.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startMockHub, type MockHub } from '../scripts/hub/mock-hub.ts';
import { PlaygroundPage } from './fixtures/playground-page.ts';

test.use({ locale: 'en-US', colorScheme: 'light' });

const GPT2 = 'onnx-community/gpt2-ONNX';
let root: string;
let hub: MockHub;

test.beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'too-large-'));
  cpSync(path.resolve('public/models/local/gpt2-tiny'), path.join(root, GPT2), { recursive: true });
  hub = await startMockHub({ root });
});
test.afterAll(async () => {
  await hub.close();
  rmSync(root, { recursive: true, force: true });
});

/** What `navigator.deviceMemory` says on this page (GB; Chromium rounds it to a power of two). */
async function reportMemory(page: Page, gigabytes: number): Promise<void> {
  await page.addInitScript((gb) => Object.defineProperty(Navigator.prototype, 'deviceMemory', { configurable: true, get: () => gb }), gigabytes);
}

const sizeWarning = (playground: PlaygroundPage) => playground.modelBar.getByRole('status').filter({ hasText: 'may not fit' });

test('with 0.5 GB of memory, GPT-2 in fp32 is flagged before any request, and "Load anyway" loads it', async ({ page }, testInfo) => {
  await reportMemory(page, 0.5);
  const playground = new PlaygroundPage(page);
  await playground.goto('/');
  // Typed by the person, so no question is asked about the host.
  await playground.modelHostField().fill(hub.url);
  const before = hub.requests.length;
  await playground.chooseModel(GPT2, { backend: 'wasm', dtype: 'fp32' });

  const warning = sizeWarning(playground);
  await expect(warning).toBeVisible();
  await expect(warning).toContainText('fp32');
  await expect(warning).toContainText('0.5 GB');
  await expect(playground.loadButton).toBeDisabled();
  await playground.saveScreenshot(testInfo, 'too-large-warning');

  // q4 is small enough for this device: no warning, Load is free.
  await playground.dtypeSelect.selectOption('q4');
  await expect(warning).toHaveCount(0);
  await expect(playground.loadButton).toBeEnabled();
  await playground.dtypeSelect.selectOption('fp32');
  expect(hub.requests.length, 'nothing was downloaded before the answer').toBe(before);

  await warning.getByRole('checkbox', { name: 'Load anyway', exact: true }).check();
  await expect(playground.loadButton).toBeEnabled();
  await playground.loadAndWait(GPT2);
  expect(hub.requests.slice(before).map((r) => r.path)).toContain(`/${GPT2}/resolve/main/onnx/model.onnx`);
});

test('with 8 GB of memory the same choice gets no warning', async ({ page }) => {
  await reportMemory(page, 8);
  const playground = new PlaygroundPage(page);
  await playground.goto('/');
  await playground.chooseModel(GPT2, { backend: 'wasm', dtype: 'fp32' });
  await expect(playground.modelBar.getByText(/^The fp32 weights/)).toHaveCount(0);
  await expect(sizeWarning(playground)).toHaveCount(0);
  await expect(playground.loadButton).toBeEnabled();
});
