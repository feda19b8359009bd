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

/**
 * Makes the model worker's WebGPU adapter report `bytes` as its largest storage-buffer binding.
 * Chromium's software adapter reports 1 GiB, more than any catalog model's largest tensor (GPT-Neo
 * 2.7B's fp32 embedding, 514.6 MB), so the limit is lowered to WebGPU's guaranteed minimum,
 * 128 MiB, the way `deviceMemory` is overridden above: `addInitScript` does not reach workers, so
 * the line goes at the top of the worker's own script, before it probes the adapter.
 */
async function reportBindingLimit(page: Page, bytes: number): Promise<void> {
  await page.route(/\/engine\.worker\.ts\?/, async (route) => {
    const original = await route.fetch();
    const patch = `Object.defineProperty(GPUSupportedLimits.prototype, 'maxStorageBufferBindingSize', { configurable: true, get: () => ${bytes} });\n`;
    await route.fulfill({ response: original, body: patch + (await original.text()) });
  });
}

/** The warning box when it holds the adapter-limit sentence (its title is the memory one when both apply). */
const gpuWarning = (playground: PlaygroundPage) => playground.modelBar.getByRole('status').filter({ hasText: 'in one buffer' });

test('on WebGPU, a model whose embedding exceeds the adapter’s buffer limit is flagged before any request', async ({ page }, testInfo) => {
  await reportMemory(page, 8);
  await reportBindingLimit(page, 134_217_728);
  const playground = new PlaygroundPage(page);
  await playground.goto('/');
  await playground.modelHostField().fill(hub.url);
  const before = hub.requests.length;
  // The worker's probe has answered: the page shows the adapter.
  await expect(playground.adapterList).toBeVisible();
  await playground.chooseModel(GPT2, { backend: 'webgpu', dtype: 'fp32' });

  // GPT-2's token embedding in fp32: 50,257 × 768 × 4 bytes = 154.4 MB, over 128 MiB (134.2 MB).
  const warning = gpuWarning(playground);
  await expect(warning).toBeVisible();
  await expect(warning).toContainText('This model may not run on this GPU');
  await expect(warning).toContainText('is 154 MB');
  await expect(warning).toContainText('at most 134 MB in one buffer (maxStorageBufferBindingSize)');
  await expect(sizeWarning(playground)).toHaveCount(0);
  await expect(playground.loadButton).toBeDisabled();
  await playground.saveScreenshot(testInfo, 'too-large-for-gpu-buffer');

  // q8 keeps it in one byte a weight (38.6 MB), and WASM has no such limit: no warning either way.
  await playground.dtypeSelect.selectOption('q8');
  await expect(warning).toHaveCount(0);
  await playground.chooseModel(GPT2, { backend: 'wasm', dtype: 'fp32' });
  await expect(warning).toHaveCount(0);
  await expect(playground.loadButton).toBeEnabled();

  await playground.chooseModel(GPT2, { backend: 'webgpu', dtype: 'fp32' });
  await warning.getByRole('checkbox', { name: 'Load anyway', exact: true }).check();
  await expect(playground.loadButton).toBeEnabled();
  expect(hub.requests.length, 'nothing was downloaded before the answer').toBe(before);
});

// No override here: the page's verdict on the largest catalog tensor follows the adapter's real
// limits (Chromium's software adapter, SwiftShader, reports 1,073,741,824 bytes for both).
test('with the adapter’s real limits, the largest catalog tensor is judged against them', async ({ page }) => {
  await reportMemory(page, 8);
  const playground = new PlaygroundPage(page);
  await playground.goto('/');
  await expect(playground.adapterList).toBeVisible();
  const limit = await page.evaluate(async () => {
    const adapter = await navigator.gpu.requestAdapter();
    return adapter ? Math.min(adapter.limits.maxBufferSize, adapter.limits.maxStorageBufferBindingSize) : null;
  });
  if (limit === null) throw new Error('This browser offers no WebGPU adapter (see webgpu-smoke.spec.ts).');
  // GPT-Neo 2.7B fp32: its embedding is 50,257 × 2,560 × 4 = 514,631,680 bytes; its 10.6 GB of
  // weights are what the memory warning is about.
  await playground.chooseModel('EleutherAI/gpt-neo-2.7B', { backend: 'webgpu', dtype: 'fp32' });
  await expect(sizeWarning(playground)).toBeVisible();
  await expect(gpuWarning(playground)).toHaveCount(limit < 514_631_680 ? 1 : 0);
});
