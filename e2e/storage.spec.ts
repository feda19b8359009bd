/**
 * Models kept in the browser: the page lists what is stored (per dtype, with sizes) and can delete
 * it; when the browser refuses to store (quota exceeded), the model still runs from memory and the
 * page says so. Dev server, real worker and model.
 */
import { expect, test } from '@playwright/test';
import { PlaygroundPage } from './fixtures/playground-page.ts';
import { WorkspacePage } from './fixtures/workspace.ts';

test.use({ locale: 'en-US', colorScheme: 'light' });

const TINY = 'local/gpt2-tiny';

test('a loaded model is listed as stored, with its size, and can be deleted', async ({ page }, testInfo) => {
  const playground = new PlaygroundPage(page);
  const ws = new WorkspacePage(page);
  await ws.goto();
  const offline = page.getByRole('region', { name: 'Offline use' });
  await expect(offline).toContainText('No model is stored in this browser yet');
  await expect(offline).toContainText(/Browser storage: .+ used, .+ available\./);

  await playground.chooseModel(TINY, { backend: 'wasm', dtype: 'q4' });
  await playground.loadAndWait(TINY);
  const list = offline.getByRole('list', { name: 'Models stored in this browser' });
  await expect(list.getByRole('listitem')).toHaveCount(1);
  // The generated q4 file is about 5.4 MB; config and tokenizer add about 2 MB.
  await expect(list).toContainText(/local\/gpt2-tiny\s+q4 5\.\d MB · \d+(\.\d)? MB in all/);
  await playground.saveScreenshot(testInfo, 'storage-listed');

  await offline.getByRole('button', { name: `Delete ${TINY} from this browser` }).click();
  await expect(offline).toContainText('No model is stored in this browser yet');
  const stored = await page.evaluate(async () => (await (await caches.open('transformers-cache')).keys()).map((r) => r.url).filter((u) => u.includes('/models/')));
  expect(stored).toEqual([]);

  // The next load downloads it again, and it runs.
  await playground.loadAndWait(TINY);
  await expect(list.getByRole('listitem')).toHaveCount(1);
});

test('with the storage quota full, the model runs from memory and the page says so', async ({ page, context, baseURL }, testInfo) => {
  const playground = new PlaygroundPage(page);
  const ws = new WorkspacePage(page);
  const cdp = await context.newCDPSession(page);
  // 200 kB for this origin: the model's files (MBs) cannot be stored.
  await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(baseURL ?? '').origin, quotaSize: 200_000 });
  await ws.goto();
  await playground.chooseModel(TINY, { backend: 'wasm' });
  await playground.loadAndWait(TINY);
  await expect(playground.modelStatus.getByRole('note')).toHaveText(/did not keep the model’s files .* runs from memory for this visit/);
  await ws.panel(1).set('Max new tokens', 8);
  await ws.generateAndWait();
  await expect(ws.panel(1).metric('Tokens generated')).toHaveText('8');
  await playground.saveScreenshot(testInfo, 'storage-quota-full');
});

// A classroom link: `?offline=1` turns offline mode on, and a Hub model then fails with a message
// that says why, without a single request leaving the page's origin.
test('offline mode from the link keeps a Hub model off the network and says why', async ({ page, baseURL }) => {
  const playground = new PlaygroundPage(page);
  const elsewhere: string[] = [];
  page.on('request', (request) => {
    if (!request.url().startsWith(baseURL ?? '') && !/^(data|blob):/.test(request.url())) elsewhere.push(request.url());
  });
  await playground.goto('/?offline=1');
  const offline = page.getByRole('region', { name: 'Offline use' });
  await expect(offline.getByRole('switch', { name: 'Offline mode: never contact the Hub' })).toHaveAttribute('aria-checked', 'true');

  await playground.chooseModel('Xenova/distilgpt2', { backend: 'wasm' });
  await playground.loadButton.click();
  await expect(playground.loadError).toContainText('“Xenova/distilgpt2” is neither stored in this browser nor served by this page', { timeout: 60_000 });
  expect(elsewhere).toEqual([]);

  // Offline mode still loads what the page serves.
  await playground.chooseModel(TINY, { backend: 'wasm' });
  await playground.loadAndWait(TINY);
});
