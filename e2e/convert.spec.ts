/**
 * Converting a checkpoint in the page (issue 12): a Hub id with no ONNX export, served by the mock
 * Hub (scripts/hub/mock-hub.ts) from a checkpoint Hugging Face transformers wrote
 * (scripts/convert/fixtures), is converted by the worker — weights read by HTTP Range requests —
 * stored in the browser and loaded, and it generates; "Open model folder" converts a checkpoint
 * folder from disk the same way. Dev server, real worker, converter, transformers.js and ONNX Runtime.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Request } from '@playwright/test';
import { startMockHub, type MockHub } from '../scripts/hub/mock-hub.ts';
import { PlaygroundPage } from './fixtures/playground-page.ts';
import { WorkspacePage } from './fixtures/workspace.ts';

test.use({ locale: 'en-US', colorScheme: 'light' });

const FIXTURES = path.resolve('scripts/convert/fixtures');
/** A GPT-2 checkpoint (model.safetensors, tokenizer, config) with no ONNX file, under a Hub-like id. */
const HUB_ID = 'acme/gpt2-checkpoint';
let root: string;
let hub: MockHub;

test.beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'convert-e2e-'));
  cpSync(path.join(FIXTURES, 'gpt2-safetensors'), path.join(root, HUB_ID), { recursive: true });
  hub = await startMockHub({ root });
});
test.afterAll(async () => {
  await hub.close();
  rmSync(root, { recursive: true, force: true });
});

test('a Hub checkpoint with no ONNX files is converted in the page, stored, loaded and generates', async ({ page }, testInfo) => {
  const playground = new PlaygroundPage(page);
  const ws = new WorkspacePage(page);
  const failed: string[] = [];
  page.on('requestfailed', (request: Request) => failed.push(`${request.url()} (${request.failure()?.errorText})`));

  await playground.goto('/');
  await playground.modelHostField().fill(hub.url);
  await playground.hubIdField.fill(HUB_ID);
  await playground.backendSelect.selectOption('wasm');
  // A plain load finds no ONNX export; the page offers to convert the checkpoint.
  await playground.loadButton.click();
  const offer = playground.modelBar.getByRole('region', { name: 'Convert in the browser' });
  const convert = offer.getByRole('button', { name: 'Convert in the browser', exact: true });
  await expect(convert).toBeVisible({ timeout: 60_000 });
  await expect(offer).toContainText(`“${HUB_ID}” has no ONNX export`);

  const beforeConvert = hub.requests.length;
  // From here on nothing may fail (the failed load before may leave an aborted optional file).
  failed.length = 0;
  await convert.click();
  await expect(offer.getByRole('status')).toContainText(`“${HUB_ID}” was converted to q8`, { timeout: 90_000 });
  await expect(offer.getByRole('progressbar', { name: 'Downloading model.safetensors' })).toHaveAttribute('aria-valuenow', '100');
  await expect(offer.getByRole('progressbar', { name: 'Writing onnx/model_quantized.onnx' })).toHaveAttribute('aria-valuenow', '100');
  await expect(playground.modelStatus).toContainText(`Loaded ${HUB_ID}`, { timeout: 90_000 });
  await expect(playground.modelStatus).toContainText('q8');

  await ws.panel(1).set('Max new tokens', 8);
  await ws.generateAndWait();
  await expect(ws.panel(1).metric('Tokens generated')).toHaveText('8');
  await playground.saveScreenshot(testInfo, 'convert-hub-generated');

  // The weights were read by byte range, never whole; the converted files came from the browser's storage, not the host.
  const during = hub.requests.slice(beforeConvert);
  const weightReads = during.filter((r) => r.path.endsWith('/model.safetensors') && r.method === 'GET');
  expect(weightReads.length).toBeGreaterThan(1);
  expect(weightReads.filter((r) => r.range === undefined)).toEqual([]);
  expect(during.filter((r) => r.path.includes('/onnx/')).map((r) => r.path)).toEqual([]);
  // Listed with the stored models, under its own id.
  await expect(playground.offlineSection().getByRole('list', { name: 'Models stored in this browser' })).toContainText(HUB_ID);
  const stored = await page.evaluate(async () => (await (await caches.open('transformers-cache')).keys()).map((r) => new URL(r.url).pathname));
  expect(stored).toEqual(expect.arrayContaining([`/models/${HUB_ID}/config.json`, `/models/${HUB_ID}/tokenizer.json`, `/models/${HUB_ID}/onnx/model_quantized.onnx`]));

  // Next visit: a plain Load finds the converted model in storage, with no request to the host.
  await page.reload();
  await playground.page.getByRole('heading', { name: 'GPT Playground', level: 1 }).waitFor();
  const beforeReload = hub.requests.length;
  await playground.hubIdField.fill(HUB_ID);
  await playground.backendSelect.selectOption('wasm');
  await playground.loadAndWait(HUB_ID);
  expect(hub.requests.slice(beforeReload).map((r) => r.path)).toEqual([]);
  // The converter learns a weight file's size from a one-byte Range request whose body it cancels: an abort, not a failure.
  expect(failed.filter((f) => !/\/model\.safetensors \(net::ERR_ABORTED\)$/.test(f))).toEqual([]);
});

test('Open model folder converts a checkpoint folder (pytorch_model.bin, no tokenizer.json) and generates', async ({ page }, testInfo) => {
  const playground = new PlaygroundPage(page);
  const ws = new WorkspacePage(page);
  await ws.goto();
  await playground.backendSelect.selectOption('wasm');
  await playground.openModelFolder(path.join(FIXTURES, 'gpt2-bin'));

  await expect(playground.modelStatus).toContainText('Loaded disk/gpt2-bin', { timeout: 90_000 });
  await expect(playground.loadSource()).toHaveText('From disk: gpt2-bin');
  const offer = playground.modelBar.getByRole('region', { name: 'Convert in the browser' });
  await expect(offer).toContainText('The checkpoint folder was converted to q8');
  await expect(playground.dtypeSelect.locator('option')).toHaveText(['Auto (q8)', /^q8 · \d+(\.\d+)? kB$/]);

  await ws.panel(1).set('Max new tokens', 6);
  await ws.generateAndWait();
  await expect(ws.panel(1).metric('Tokens generated')).toHaveText('6');
  await playground.saveScreenshot(testInfo, 'convert-disk-generated');
  // Converted in memory: nothing of it goes into the browser's storage.
  const stored = await page.evaluate(async () => (await (await caches.open('transformers-cache')).keys()).map((r) => r.url));
  expect(stored.filter((url) => url.includes('disk/'))).toEqual([]);
});
