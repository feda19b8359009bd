/**
 * Through the page itself (not the worker harness): a damaged model file shows a message a person
 * can act on and leaves the page usable, and a generation runs on WebGPU (SwiftShader here).
 */
import { expect, test } from '@playwright/test';
import { PlaygroundPage } from './fixtures/playground-page.ts';
import { WorkspacePage } from './fixtures/workspace.ts';

test.use({ locale: 'en-US', colorScheme: 'light' });

const TINY = 'local/gpt2-tiny';

// A download cut short: the server answers 200 with a few kilobytes of something that is not
// ONNX. The message must say what to do, and following it (Load again) must work: the damaged
// copy that transformers.js stored in the browser's cache is dropped with the error.
test('a damaged model file shows what to do, and Load again then works', async ({ page }, testInfo) => {
  const playground = new PlaygroundPage(page);
  const ws = new WorkspacePage(page);
  await ws.goto();
  const damaged = `**/models/${TINY}/onnx/model_quantized.onnx`;
  await page.route(damaged, (route) =>
    route.fulfill({ status: 200, contentType: 'application/octet-stream', body: Buffer.from('not an ONNX model: the download was cut short\n'.repeat(100)) }),
  );
  await playground.chooseModel(TINY, { backend: 'wasm' });
  await playground.loadButton.click();
  await expect(playground.loadError).toBeVisible({ timeout: 60_000 });
  await expect(playground.loadError).toContainText('The model could not be loaded');
  await expect(playground.loadError).toContainText(`The file onnx/model_quantized.onnx of “${TINY}” is damaged`);
  await expect(playground.loadError).toContainText('press Load to fetch it again');
  await expect(ws.generateButton).toBeDisabled();
  await playground.saveScreenshot(testInfo, 'page-error-damaged-file');
  // The damaged copy is gone from the browser's storage.
  const stored = await page.evaluate(async () => (await (await caches.open('transformers-cache')).keys()).map((r) => r.url));
  expect(stored.filter((url) => url.includes('model_quantized.onnx'))).toEqual([]);

  // The server has the good file again (the "download" is repaired): Load, then generate.
  await page.unroute(damaged);
  await playground.loadAndWait(TINY);
  await expect(playground.loadError).toHaveCount(0);
  await ws.panel(1).set('Max new tokens', 8);
  await ws.generateAndWait();
  await expect(ws.panel(1).metric('Tokens generated')).toHaveText('8');
});

test('one generation runs on WebGPU, and the page says which adapter did it', async ({ page }, testInfo) => {
  const playground = new PlaygroundPage(page);
  const ws = new WorkspacePage(page);
  await ws.goto();
  const adapter = await playground.adapterSeenByNewWorker();
  expect(adapter, 'Chromium with --enable-unsafe-webgpu offers an adapter').not.toBeNull();

  await playground.chooseModel(TINY, { backend: 'webgpu', dtype: 'q4' });
  await playground.loadAndWait(TINY);
  await expect(playground.modelStatus.getByTestId('loaded-backend')).toHaveText('WebGPU');
  await expect(playground.modelStatus).not.toContainText('fell back');
  await expect(playground.adapter).toContainText(adapter?.vendor ?? '');
  await expect(playground.adapter).toContainText(adapter?.architecture ?? '');
  testInfo.annotations.push({ type: 'WebGPU adapter', description: `${adapter?.vendor} / ${adapter?.architecture}, fallback: ${adapter?.isFallbackAdapter}` });
  // On these test machines (no GPU) the only adapter is SwiftShader, Chromium's software one; on a
  // machine with a GPU the same test runs on that GPU instead.
  if (adapter?.isFallbackAdapter) expect(adapter).toMatchObject({ vendor: 'google', architecture: 'swiftshader', shaderF16: false });

  // SwiftShader decodes about 2 tokens/s with the full vocabulary: a handful of tokens.
  await ws.panel(1).set('Max new tokens', 4);
  await ws.generateAndWait(90_000);
  await expect(ws.panel(1).metric('Tokens generated')).toHaveText('4');
  await expect(ws.panel(1).metric('Finish')).toHaveText('Reached max new tokens');
  expect((await ws.panel(1).text()).length).toBeGreaterThan(0);
  await playground.saveScreenshot(testInfo, 'page-webgpu-run');
});
