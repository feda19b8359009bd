/**
 * The app's remote path against a classroom mirror: scripts/hub/mock-hub.ts, started here in the
 * test process, serves a copy of the generated tiny GPT-2 under a Hub-like id with the Hub's URL
 * layout, and the page (offline mode off) downloads it from there — named by `?hub=` or typed in
 * "Model host" — and generates. Dev server, real worker, transformers.js and ONNX Runtime.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Page, type Request, type Response } from '@playwright/test';
import { startMockHub, type MockHub } from '../scripts/hub/mock-hub.ts';
import { PlaygroundPage } from './fixtures/playground-page.ts';
import { WorkspacePage } from './fixtures/workspace.ts';

test.use({ locale: 'en-US', colorScheme: 'light' });

const MIRROR_ID = 'acme/gpt2-tiny';
let root: string;
let hub: MockHub;

test.beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'hub-host-'));
  cpSync(path.resolve('public/models/local/gpt2-tiny'), path.join(root, MIRROR_ID), { recursive: true });
  hub = await startMockHub({ root });
});
test.afterAll(async () => {
  await hub.close();
  rmSync(root, { recursive: true, force: true });
});

/** What the page asked of the mock hub, how it was answered, and what failed anywhere. */
function watchMirror(page: Page) {
  const answers: string[] = [];
  const failed: string[] = [];
  page.on('response', (response: Response) => {
    if (response.url().startsWith(hub.url)) answers.push(`${response.status()} ${new URL(response.url()).pathname}`);
  });
  page.on('requestfailed', (request: Request) => failed.push(`${request.url()} (${request.failure()?.errorText})`));
  return { answers, failed };
}

const port = () => new URL(hub.url).port;

test('a Hub id downloads from the model host the link names, and generates', async ({ page }, testInfo) => {
  const playground = new PlaygroundPage(page);
  const ws = new WorkspacePage(page);
  const { answers, failed } = watchMirror(page);
  const before = hub.requests.length;

  await playground.goto(`/?hub=${encodeURIComponent(hub.url)}`);
  // A host from a link is used only once the person confirms it (docs/reliability.md).
  await page.getByRole('dialog', { name: 'Use this model host?' }).getByRole('button', { name: `Use 127.0.0.1:${port()}`, exact: true }).click();
  await expect(playground.modelHostField()).toHaveValue(hub.url);
  await playground.hubIdField.fill(MIRROR_ID);
  await playground.backendSelect.selectOption('wasm');
  await playground.loadAndWait(MIRROR_ID);
  await expect(playground.loadSource()).toHaveText(`From model host: 127.0.0.1:${port()}`);

  await ws.panel(1).set('Max new tokens', 8);
  await ws.generateAndWait();
  await expect(ws.panel(1).metric('Tokens generated')).toHaveText('8');
  await playground.saveScreenshot(testInfo, 'hub-host-generated');

  const asked = hub.requests.slice(before).filter((r) => r.method === 'GET').map((r) => r.path);
  for (const file of ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model_quantized.onnx']) {
    expect(asked, `${file} came from the mock hub`).toContain(`/${MIRROR_ID}/resolve/main/${file}`);
  }
  expect(answers.length).toBeGreaterThan(0);
  expect(answers.filter((a) => !/^20[06] /.test(a)), 'every answer of the mock hub was a file').toEqual([]);
  expect(failed, 'no request failed (CORS and COEP included)').toEqual([]);
  // Stored like any download, under the mirror's address: it is listed for offline use.
  await expect(playground.offlineSection().getByRole('list', { name: 'Models stored in this browser' })).toContainText(MIRROR_ID);
});

test('a wrong id on the model host says it was not found, and the page stays usable', async ({ page }) => {
  const playground = new PlaygroundPage(page);
  const { failed } = watchMirror(page);
  await playground.goto('/');
  // Typed by hand this time; the next load uses it.
  await playground.modelHostField().fill(hub.url);
  await playground.hubIdField.fill('acme/no-such-model');
  await playground.backendSelect.selectOption('wasm');
  await playground.loadButton.click();
  await expect(playground.loadError).toContainText('Model “acme/no-such-model” was not found', { timeout: 60_000 });
  expect(hub.requests.map((r) => r.path)).toContain('/acme/no-such-model/resolve/main/config.json');

  await playground.hubIdField.fill(MIRROR_ID);
  await playground.loadAndWait(MIRROR_ID);
  await expect(playground.loadError).toHaveCount(0);
  expect(failed).toEqual([]);
});

test('a model host that is not a web address is shown as wrong and not used', async ({ page }) => {
  const playground = new PlaygroundPage(page);
  await playground.goto('/?hub=192.168.1.10:8080');
  // Dropped from the link, and the page says so; typed by hand, the field says what is wrong.
  await expect(page.getByRole('status').filter({ hasText: 'This link was partly ignored' })).toContainText('“192.168.1.10:8080” is not a web address');
  await expect(playground.modelHostField()).toHaveValue('');
  await playground.modelHostField().fill('192.168.1.10:8080');
  await expect(playground.modelHostField()).toHaveAttribute('aria-invalid', 'true');
  await expect(playground.offlineSection()).toContainText('“192.168.1.10:8080” is not a web address');
});
