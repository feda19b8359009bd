/**
 * Faults in what a model's files arrive as, and in where they would be kept (issue 14): the ONNX
 * file answered with a web page, the ONNX file or tokenizer.json cut short by a server whose
 * headers agree with the short body (so the browser sees a complete download), and a browser that
 * refuses storage altogether. Each time the person reads what happened, nothing bad is kept, and the same page
 * then loads and generates. Dev server, real worker, transformers.js and ONNX Runtime.
 */
import { expect, test, type Page, type Worker } from '@playwright/test';
import { PlaygroundPage } from './fixtures/playground-page.ts';
import { INDEX_HTML } from './fixtures/watched-host.ts';
import { WorkspacePage } from './fixtures/workspace.ts';

test.use({ locale: 'en-US', colorScheme: 'light' });
// Two loads and a generation each, on a shared 2-core machine.
test.describe.configure({ timeout: 300_000 });

const TINY = 'local/gpt2-tiny';
const ONNX_Q8 = 'onnx/model_quantized.onnx';
const ONNX_URL = `**/models/${TINY}/${ONNX_Q8}`;

/** Every URL in the page's Cache Storage (the worker stores model files there), with its content type. */
async function stored(page: Page): Promise<{ path: string; type: string | null }[]> {
  return page.evaluate(async () => {
    const cache = await caches.open('transformers-cache');
    const requests = await cache.keys();
    return Promise.all(requests.map(async (r) => ({ path: new URL(r.url).pathname, type: (await cache.match(r))?.headers.get('content-type') ?? null })));
  });
}

/** After a fault: Load again, and the model loads and writes `tokens` tokens. */
async function loadsAndGenerates(playground: PlaygroundPage, ws: WorkspacePage, tokens: number): Promise<void> {
  await playground.loadButton.click();
  await expect(playground.modelStatus).toContainText(`Loaded ${TINY}`, { timeout: 180_000 });
  await expect(playground.loadError).toHaveCount(0);
  await ws.panel(1).set('Max new tokens', tokens);
  await ws.generateAndWait();
  await expect(ws.panel(1).metric('Tokens generated')).toHaveText(String(tokens));
}

test('the ONNX file answered with a web page says so, keeps nothing of it, and loads once the server is right', async ({ page }, testInfo) => {
  const playground = new PlaygroundPage(page);
  const ws = new WorkspacePage(page);
  await ws.goto();
  // A server with a single-page fallback that lacks the file: its index.html, 200, text/html.
  await page.route(ONNX_URL, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: INDEX_HTML }));
  await playground.chooseModel(TINY, { backend: 'wasm', dtype: 'q8' });
  await playground.loadButton.click();
  await expect(playground.loadError).toContainText(`The server answered ${ONNX_Q8} of “${TINY}” with a web page`, { timeout: 180_000 });
  await expect(playground.loadError).not.toContainText('damaged');
  await playground.saveScreenshot(testInfo, 'onnx-answered-with-web-page');
  const kept = await stored(page);
  expect(kept.map((e) => e.path), 'the web page is not stored as the model file').not.toContain(`/models/${TINY}/${ONNX_Q8}`);
  expect(kept.filter((e) => e.type?.includes('text/html')), 'no web page is stored at all').toEqual([]);

  await page.unroute(ONNX_URL);
  await loadsAndGenerates(playground, ws, 6);
  expect((await stored(page)).map((e) => e.path)).toContain(`/models/${TINY}/${ONNX_Q8}`);
});

/**
 * Answers `url` with the real file's first half and headers that agree with it (`content-length`
 * of the half): to the browser a complete download. Returns the sizes, filled in once it answered.
 */
async function cutInHalf(page: Page, url: string): Promise<{ whole: number; sent: number }> {
  const sizes = { whole: 0, sent: 0 };
  await page.route(url, async (route) => {
    const response = await route.fetch();
    const body = await response.body();
    const half = body.subarray(0, Math.floor(body.length / 2));
    sizes.whole = body.length;
    sizes.sent = half.length;
    await route.fulfill({ status: 200, headers: { 'content-type': response.headers()['content-type'] ?? 'application/octet-stream', 'content-length': String(half.length) }, body: half });
  });
  return sizes;
}

test('an ONNX file cut short with a matching Content-Length reads as damaged, is not kept, and the fixed server loads', async ({ page }, testInfo) => {
  const playground = new PlaygroundPage(page);
  const ws = new WorkspacePage(page);
  await ws.goto();
  const cut = await cutInHalf(page, ONNX_URL);
  await playground.chooseModel(TINY, { backend: 'wasm', dtype: 'q8' });
  await playground.loadButton.click();
  await expect(playground.loadError).toContainText(`The file ${ONNX_Q8} of “${TINY}” is damaged`, { timeout: 180_000 });
  expect(cut.sent).toBe(Math.floor(cut.whole / 2));
  expect(cut.whole, 'the generated q8 file is about 6.6 MB').toBeGreaterThan(6_000_000);
  await playground.saveScreenshot(testInfo, 'onnx-cut-short');
  // The cut file was stored as it arrived, then forgotten with the rest of the model's files.
  expect((await stored(page)).filter((e) => e.path.startsWith(`/models/${TINY}/`))).toEqual([]);

  await page.unroute(ONNX_URL);
  await loadsAndGenerates(playground, ws, 6);
  expect((await stored(page)).map((e) => e.path)).toContain(`/models/${TINY}/${ONNX_Q8}`);
});

// The same fault for a file other than the model's: tokenizer.json cut short is JSON that does not
// parse. It is read after the model's session was created, so that session must be let go too.
test('tokenizer.json cut short with a matching Content-Length reads as damaged, is not kept, and the fixed server loads', async ({ page }) => {
  const playground = new PlaygroundPage(page);
  const ws = new WorkspacePage(page);
  await ws.goto();
  const tokenizerUrl = `**/models/${TINY}/tokenizer.json`;
  const cut = await cutInHalf(page, tokenizerUrl);
  await playground.chooseModel(TINY, { backend: 'wasm', dtype: 'q8' });
  await playground.loadButton.click();
  await expect(playground.loadError).toContainText(`A file of “${TINY}” is damaged`, { timeout: 180_000 });
  await expect(playground.loadError).not.toContainText('web page');
  expect(cut.sent).toBe(Math.floor(cut.whole / 2));
  expect((await stored(page)).filter((e) => e.path.startsWith(`/models/${TINY}/`))).toEqual([]);

  await page.unroute(tokenizerUrl);
  await loadsAndGenerates(playground, ws, 6);
  expect((await stored(page)).map((e) => e.path)).toContain(`/models/${TINY}/tokenizer.json`);
});

/** The model worker of the page (src/state/worker-bridge.ts starts it with the page). */
async function modelWorker(page: Page): Promise<Worker> {
  await expect.poll(() => page.workers().some((w) => w.url().includes('engine.worker')), { timeout: 60_000 }).toBe(true);
  const worker = page.workers().find((w) => w.url().includes('engine.worker'));
  if (!worker) throw new Error('The model worker did not start.');
  return worker;
}

// `addInitScript` does not reach workers, so the refusal is put into the model worker itself,
// before its first load, with the words Chromium uses where storage is blocked (an iframe in a
// private window): every CacheStorage call rejects with a SecurityError.
test('a browser that refuses storage altogether still runs the model, from memory, and says so', async ({ page }, testInfo) => {
  const playground = new PlaygroundPage(page);
  const ws = new WorkspacePage(page);
  await ws.goto();
  const worker = await modelWorker(page);
  await worker.evaluate(() => {
    const refuse = (method: string) => () =>
      Promise.reject(new DOMException(`Failed to execute '${method}' on 'CacheStorage': An attempt was made to break through the security policy of the user agent.`, 'SecurityError'));
    for (const method of ['open', 'match', 'has', 'keys', 'delete'] as const) {
      Object.defineProperty(CacheStorage.prototype, method, { configurable: true, value: refuse(method) });
    }
  });
  expect(await worker.evaluate(() => caches.open('x').then(() => 'opened', (e: DOMException) => e.name))).toBe('SecurityError');

  await playground.chooseModel(TINY, { backend: 'wasm', dtype: 'q8' });
  await loadsAndGenerates(playground, ws, 8);
  await expect(playground.modelStatus.getByRole('note')).toHaveText(/did not keep the model’s files .* runs from memory for this visit/);
  await playground.saveScreenshot(testInfo, 'storage-refused');
  expect((await stored(page)).filter((e) => e.path.startsWith('/models/')), 'nothing reached storage').toEqual([]);
});
