// Faults of the model worker itself, injected into the real worker of the production build:
// the worker killed mid-run, an error thrown outside any request, and its WebGPU device lost
// mid-run. Each time the page must say what happened, keep the text written so far, start a new
// worker, and load and generate again without a reload.
import { expect, test, type Page, type Worker } from '@playwright/test';
import { WorkspacePage } from './fixtures/workspace.ts';

const MODEL = 'local/gpt2-tiny';
/** What an empty panel shows instead of text. */
const EMPTY_PANEL = 'Press Generate and the text appears here.';

/** The page's model worker: the newest one, as the page starts a new one after each fault. */
async function modelWorker(page: Page, before: readonly Worker[] = []): Promise<Worker> {
  const fresh = () => page.workers().filter((w) => w.url().includes('engine.worker') && !before.includes(w));
  await expect.poll(() => fresh().length, { timeout: 60_000, message: 'a model worker started' }).toBeGreaterThan(0);
  return fresh().at(-1)!;
}

function modelBar(page: Page) {
  const bar = page.getByRole('region', { name: 'Model and backend' });
  return {
    bar,
    status: bar.getByRole('status', { name: 'Model status' }),
    error: bar.getByRole('alert'),
    load: bar.getByRole('button', { name: 'Load', exact: true }),
  };
}

async function load(page: Page, backend: 'wasm' | 'webgpu', dtype = 'q8'): Promise<void> {
  const { bar, status, load } = modelBar(page);
  await bar.getByRole('combobox', { name: 'Model', exact: true }).selectOption(MODEL);
  await bar.getByRole('combobox', { name: 'Dtype', exact: true }).selectOption(dtype);
  await bar.getByRole('combobox', { name: 'Backend', exact: true }).selectOption(backend);
  await load.click();
  await expect(status).toContainText(`Loaded ${MODEL}`, { timeout: 180_000 });
}

/** Starts a generation and waits until panel 1 shows its first tokens (the run is under way). */
async function startWriting(ws: WorkspacePage, maxNewTokens: number): Promise<void> {
  await ws.prompt.fill('Hello, I am');
  await ws.panel(1).set('Max new tokens', maxNewTokens);
  await ws.generateButton.click();
  // A running panel shows "…" until its first token.
  const written = async () => (await ws.panel(1).text()).replace(EMPTY_PANEL, '').replace(/…$/, '');
  await expect.poll(async () => (await written()).length, { timeout: 120_000, intervals: [20] }).toBeGreaterThan(0);
}

/** After a fault: the page names it, keeps panel 1's text, and loads and generates again. */
async function expectHealed(page: Page, ws: WorkspacePage, textAtFault: string, backend: 'wasm' | 'webgpu', sentence: RegExp): Promise<void> {
  const { error, status } = modelBar(page);
  await expect(error).toContainText(sentence, { timeout: 60_000 });
  await expect(error).toContainText('text written so far is kept');
  await expect(status).not.toContainText(`Loaded ${MODEL}`);
  await expect(ws.generateButton).toBeDisabled();
  // What was written stays on the page: nothing of it is lost, and nothing was added after the fault.
  const kept = await ws.panel(1).text();
  expect(textAtFault).not.toContain(EMPTY_PANEL);
  expect(textAtFault.replace(/…$/, '').length).toBeGreaterThan(0);
  expect(kept.startsWith(textAtFault.replace(/…$/, '')), `panel 1 kept "${textAtFault}", shows "${kept}"`).toBe(true);

  // No reload: the same page loads the model into the new worker and generates.
  await load(page, backend);
  await expect(error).toHaveCount(0);
  await ws.panel(1).set('Max new tokens', 3);
  await ws.generateButton.click();
  await ws.waitUntilIdle(180_000);
  await expect(ws.panel(1).metric('Tokens generated')).toHaveText('3');
}

test.describe('the model worker', () => {
  test.setTimeout(420_000);

  test('killed mid-run: the page says so, keeps the text, starts a new worker and loads and generates again', async ({ page }) => {
    const ws = new WorkspacePage(page);
    await ws.goto();
    const first = await modelWorker(page);
    await load(page, 'wasm');
    await startWriting(ws, 200);
    const textAtFault = await ws.panel(1).text();
    // As the browser does when it ends a worker (memory pressure, a crash): no message, no error.
    void first.evaluate(() => self.close()).catch(() => undefined);
    const second = await modelWorker(page, [first]);
    expect(second).not.toBe(first);
    // The run was cut off: it ends as failed, with the same words, not as finished.
    await expect(page.getByRole('alert').filter({ hasText: 'Generation failed' })).toContainText('worker stopped without a word');
    await expectHealed(page, ws, textAtFault, 'wasm', /worker stopped without a word/);
  });

  test('an error thrown outside any request: the worker is replaced and the page says why', async ({ page }) => {
    const ws = new WorkspacePage(page);
    await ws.goto();
    const first = await modelWorker(page);
    await load(page, 'wasm');
    await ws.prompt.fill('Hello, I am');
    await ws.panel(1).set('Max new tokens', 5);
    await ws.generateButton.click();
    await ws.waitUntilIdle();
    const textAtFault = await ws.panel(1).text();
    await first.evaluate(() => {
      setTimeout(() => {
        throw new RangeError('Array buffer allocation failed (injected by the test)');
      }, 0);
    });
    await modelWorker(page, [first]);
    await expectHealed(page, ws, textAtFault, 'wasm', /failed with an error outside any request/);
  });

  test('the WebGPU device lost mid-run: a clear error, the text kept, and the model loads again', async ({ page }) => {
    const ws = new WorkspacePage(page);
    await ws.goto();
    const first = await modelWorker(page);
    const hasAdapter = await page.evaluate(async () => Boolean(await navigator.gpu?.requestAdapter()));
    expect(hasAdapter, 'Chromium runs with --enable-unsafe-webgpu and gets an adapter (SwiftShader without a GPU)').toBe(true);
    // Keep every device the worker's ONNX Runtime asks for, so the test can destroy it as a driver reset would.
    await first.evaluate(() => {
      const devices: GPUDevice[] = [];
      (self as unknown as { __testDevices: GPUDevice[] }).__testDevices = devices;
      const requestDevice = GPUAdapter.prototype.requestDevice;
      GPUAdapter.prototype.requestDevice = async function (this: GPUAdapter, ...args: Parameters<GPUAdapter['requestDevice']>) {
        const device = await requestDevice.apply(this, args);
        devices.push(device);
        return device;
      };
    });
    await load(page, 'webgpu');
    // SwiftShader writes about 2 tokens a second: 40 keep the run going while the device goes.
    await startWriting(ws, 40);
    const textAtFault = await ws.panel(1).text();
    const destroyed = await first.evaluate(() => {
      const devices = (self as unknown as { __testDevices: GPUDevice[] }).__testDevices;
      for (const device of devices) device.destroy();
      return devices.length;
    });
    expect(destroyed).toBeGreaterThan(0);
    await expect(page.getByRole('alert').filter({ hasText: 'Generation failed' })).toContainText('The GPU was lost', { timeout: 60_000 });
    await modelWorker(page, [first]);
    await expectHealed(page, ws, textAtFault, 'webgpu', /The GPU was lost while running “local\/gpt2-tiny”/);
  });
});
