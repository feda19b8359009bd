/**
 * A model folder opened from disk (a USB stick in a classroom): picked with "Open model folder",
 * served to transformers.js by the worker from the File objects, and run — with no request for a
 * model file to any server. Dev server, real worker, transformers.js and ONNX Runtime.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Request } from '@playwright/test';
import { PlaygroundPage } from './fixtures/playground-page.ts';
import { WorkspacePage } from './fixtures/workspace.ts';

test.use({ locale: 'en-US', colorScheme: 'light' });

/** The generated tiny GPT-2 (`npm run models:ensure`), a folder as a teacher would copy it. */
const TINY_DIR = path.resolve('public/models/local/gpt2-tiny');
const DISK_ID = 'disk/gpt2-tiny';

/** Every request for a model file or for anything under /models/, which a folder from disk must not make. */
function watchModelRequests(page: import('@playwright/test').Page) {
  const modelRequests: string[] = [];
  const failed: string[] = [];
  page.on('request', (request: Request) => {
    const url = request.url();
    // The dev server serves the app's own modules (src/convert/tokenizer-files.ts…) by URL too: not model files.
    if (/\/(src|node_modules|@[\w-]+)\//.test(new URL(url).pathname)) return;
    if (/\/models\/|\.onnx|tokenizer|config\.json/.test(url)) modelRequests.push(url);
  });
  page.on('requestfailed', (request: Request) => failed.push(`${request.url()} (${request.failure()?.errorText})`));
  return { modelRequests, failed };
}

test('open a model folder from disk and generate', async ({ page }, testInfo) => {
  const playground = new PlaygroundPage(page);
  const ws = new WorkspacePage(page);
  const { modelRequests, failed } = watchModelRequests(page);
  await ws.goto();
  await playground.backendSelect.selectOption('wasm');
  await playground.openModelFolder(TINY_DIR);

  await expect(playground.modelStatus).toContainText(`Loaded ${DISK_ID}`, { timeout: 90_000 });
  await expect(playground.loadSource()).toHaveText('From disk: gpt2-tiny');
  await expect(playground.modelSelect.locator('option:checked')).toHaveText('From disk: gpt2-tiny');
  // Only the dtypes the folder has, with their sizes from the files themselves.
  await expect(playground.dtypeSelect.locator('option')).toHaveText(['Auto (q8)', /^fp32 · 13\.\d MB$/, /^fp16 · 6\.\d MB$/, /^q8 · 6\.\d MB$/, /^q4 · 5\.\d MB$/]);
  await expect(playground.modelStatus).toContainText('q8');

  await ws.panel(1).set('Max new tokens', 8);
  await ws.generateAndWait();
  await expect(ws.panel(1).metric('Tokens generated')).toHaveText('8');
  await playground.saveScreenshot(testInfo, 'disk-folder-generated');

  // Another dtype of the same folder loads from the same files, still with no server.
  await playground.dtypeSelect.selectOption('q4');
  await playground.loadAndWait(DISK_ID);
  await expect(playground.modelStatus).toContainText('q4');

  expect(modelRequests, 'no model file was asked of any server').toEqual([]);
  expect(failed).toEqual([]);
  // A folder from disk is not copied into the browser's storage.
  const stored = await page.evaluate(async () => (await (await caches.open('transformers-cache')).keys()).map((r) => r.url));
  expect(stored.filter((url) => url.includes('disk/'))).toEqual([]);
});

test('a folder from disk also runs on WebGPU', async ({ page }) => {
  // SwiftShader (the software adapter here) compiles and runs slowly.
  test.slow();
  const playground = new PlaygroundPage(page);
  const ws = new WorkspacePage(page);
  const { modelRequests } = watchModelRequests(page);
  await ws.goto();
  await playground.backendSelect.selectOption('wasm');
  await playground.openModelFolder(TINY_DIR);
  await expect(playground.modelStatus).toContainText(`Loaded ${DISK_ID}`, { timeout: 90_000 });
  // The same opened folder, loaded again on the other backend: its files are still in the page.
  await playground.chooseModel(DISK_ID, { backend: 'webgpu', dtype: 'q4' });
  await playground.loadButton.click();
  await expect(playground.modelStatus.getByTestId('loaded-backend')).toHaveText('WebGPU', { timeout: 180_000 });
  await expect(playground.modelStatus).toContainText(`Loaded ${DISK_ID}`);
  await ws.panel(1).set('Max new tokens', 3);
  await ws.generateAndWait();
  await expect(ws.panel(1).metric('Tokens generated')).toHaveText('3');
  expect(modelRequests).toEqual([]);
});

test.describe('a folder that is not a whole model', () => {
  let dir: string;
  test.beforeAll(() => {
    // What a teacher might copy by mistake: the configs, without the tokenizer or the weights.
    dir = path.join(mkdtempSync(path.join(tmpdir(), 'disk-folder-')), 'half-model');
    mkdirSync(dir);
    for (const name of ['config.json', 'tokenizer_config.json']) copyFileSync(path.join(TINY_DIR, name), path.join(dir, name));
  });
  test.afterAll(() => rmSync(path.dirname(dir), { recursive: true, force: true }));

  test('says what it lacks, in English and Spanish, and leaves the page usable', async ({ page }, testInfo) => {
    const playground = new PlaygroundPage(page);
    const ws = new WorkspacePage(page);
    await ws.goto();
    await playground.openModelFolder(dir);
    // By role alone: the region's name changes with the language.
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('This folder cannot be run as a model');
    await expect(alert).toContainText('The folder “half-model” is missing: tokenizer.json and onnx/model*.onnx.');
    await expect(alert).toContainText('Open the folder that contains config.json');
    await expect(playground.modelStatus).toContainText('No model loaded yet');
    await playground.saveScreenshot(testInfo, 'disk-folder-incomplete');

    await playground.languageSelect.selectOption('es');
    await expect(alert).toContainText('En la carpeta «half-model» falta: tokenizer.json y onnx/model*.onnx.');
    await page.getByRole('combobox', { name: 'Idioma', exact: true }).selectOption('en');

    // The page goes on: a whole folder opens and runs, and the message is gone.
    await playground.backendSelect.selectOption('wasm');
    await playground.openModelFolder(TINY_DIR);
    await expect(playground.modelStatus).toContainText(`Loaded ${DISK_ID}`, { timeout: 90_000 });
    await expect(alert).toHaveCount(0);
  });
});
