import { expect, test } from '@playwright/test';
import { PlaygroundPage } from './fixtures/playground-page.ts';

// The model runs in a dedicated worker on WebGPU; if a worker gets no adapter here,
// every model test would silently measure WebAssembly instead.
test('a dedicated worker gets a WebGPU adapter and the page reports it', async ({ page }, testInfo) => {
  const playground = new PlaygroundPage(page);
  await playground.goto();

  // Ask the browser directly, without our code, so the test does not only trust our UI.
  const pageView = await playground.adapterSeenByPage();
  const workerView = await playground.adapterSeenByNewWorker();
  if (workerView === null) throw new Error('A dedicated worker made by the test got no WebGPU adapter.');
  expect(workerView.vendor).not.toBe('');

  await expect(playground.unavailable).toHaveCount(0);
  await expect(playground.adapterList).toBeVisible();
  const shown = (await playground.adapter.textContent()) ?? '';
  const [vendor = '', architecture = ''] = shown.split(' / ');
  expect(vendor.trim(), `vendor in "${shown}"`).not.toBe('');
  expect(architecture.trim(), `architecture in "${shown}"`).not.toBe('');
  await expect(playground.adapter).toHaveText(
    `${workerView.vendor || 'unknown vendor'} / ${workerView.architecture || 'unknown architecture'}`,
  );

  // SwiftShader is the software adapter of GPU-less machines (CI); there we know exactly what to expect.
  if (pageView?.architecture === 'swiftshader') {
    expect(workerView).toEqual(pageView);
    await expect(playground.adapter).toHaveText('google / swiftshader');
    await expect(playground.fallback).toHaveText('yes (software)');
    await expect(playground.shaderF16).toHaveText(pageView.shaderF16 ? 'yes' : 'no');
  }

  await playground.saveScreenshot(testInfo, 'webgpu-backend');
});
