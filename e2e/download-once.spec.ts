/**
 * Issue 15 against a model host (scripts/hub/mock-hub.ts, started here, serving a copy of the
 * tiny GPT-2 with the Hub's URL layout): each file of a Hub load is asked of the host once, with
 * no first-byte probe beside the download, and a download that breaks off part way says which
 * file and what the browser said, not "the network or the model host is unreachable".
 * Dev server, real worker, transformers.js and ONNX Runtime.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { startMockHub, type MockHub } from '../scripts/hub/mock-hub.ts';
import { PlaygroundPage } from './fixtures/playground-page.ts';

test.use({ locale: 'en-US', colorScheme: 'light' });
test.describe.configure({ timeout: 300_000 });

const MIRROR_ID = 'acme/gpt2-tiny';
let root: string;
let hub: MockHub;
/** The same folder, served by a host that drops every file's connection after 1 MB. */
let cutting: MockHub;

test.beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'download-once-'));
  cpSync(path.resolve('public/models/local/gpt2-tiny'), path.join(root, MIRROR_ID), { recursive: true });
  hub = await startMockHub({ root });
  cutting = await startMockHub({ root, cutAfterBytes: 1_000_000 });
});
test.afterAll(async () => {
  await hub.close();
  await cutting.close();
  rmSync(root, { recursive: true, force: true });
});

async function loadFromHost(playground: PlaygroundPage, host: string): Promise<void> {
  await playground.goto('/');
  await playground.modelHostField().fill(host);
  await playground.hubIdField.fill(MIRROR_ID);
  await playground.dtypeSelect.selectOption('q8');
  await playground.backendSelect.selectOption('wasm');
  await playground.loadButton.click();
}

test('a Hub load asks the model host for each file once, and nothing the second time', async ({ page }) => {
  const playground = new PlaygroundPage(page);
  await loadFromHost(playground, hub.url);
  await expect(playground.modelStatus).toContainText(`Loaded ${MIRROR_ID}`, { timeout: 180_000 });
  const asked = hub.requests.map((r) => `${r.method} ${r.path.replace(`/${MIRROR_ID}/resolve/main/`, '')}${r.range ? ` [${r.range}]` : ''}`);
  expect(asked.sort()).toEqual(['GET config.json', 'GET generation_config.json', 'GET onnx/model_quantized.onnx', 'GET tokenizer.json', 'GET tokenizer_config.json']);

  // From the browser's storage: the host is not asked again.
  hub.requests.length = 0;
  await page.reload();
  await loadFromHost(playground, hub.url);
  await expect(playground.modelStatus).toContainText(`Loaded ${MIRROR_ID}`, { timeout: 180_000 });
  expect(hub.requests).toEqual([]);
});

test('a download that breaks off names the file and keeps the browser’s words', async ({ page }, testInfo) => {
  const playground = new PlaygroundPage(page);
  await loadFromHost(playground, cutting.url);
  await expect(playground.loadError).toContainText(`The download of onnx/model_quantized.onnx of “${MIRROR_ID}” broke off`, { timeout: 180_000 });
  await expect(playground.loadError).not.toContainText('the network or the model host is unreachable');
  const details = playground.loadError.getByRole('group');
  await details.getByText('What the library said').click();
  await expect(details).toContainText('file_download_failed');
  await expect(details).toContainText(`/${MIRROR_ID}/resolve/main/onnx/model_quantized.onnx: TypeError`);
  await playground.saveScreenshot(testInfo, 'download-broke-off');
});
