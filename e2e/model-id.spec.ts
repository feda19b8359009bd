/**
 * Errors in the right category. An id that cannot be a model id is refused on the model field
 * before any request (it used to reach the page's server as a path and come back as its HTML, read
 * as "a file is damaged"); a server that answers a model file with a web page says so; a local
 * model whose server cannot be reached reads as a connection failure, not "not found".
 * Dev server, real worker, transformers.js and ONNX Runtime.
 */
import { expect, test, type Page } from '@playwright/test';
import { PlaygroundPage } from './fixtures/playground-page.ts';
import { INDEX_HTML } from './fixtures/watched-host.ts';

test.use({ locale: 'en-US', colorScheme: 'light' });

const TINY = 'local/gpt2-tiny';

/** Every URL the page and its workers ask for, from now on. */
function watchRequests(page: Page): string[] {
  const urls: string[] = [];
  page.on('request', (request) => urls.push(request.url()));
  return urls;
}

/** The inline error of the model id field. */
const idError = (playground: PlaygroundPage) => playground.modelBar.getByRole('alert').filter({ hasText: 'model id' });

test('a path as a model id is refused on the field, and nothing is requested for it', async ({ page }, testInfo) => {
  const playground = new PlaygroundPage(page);
  await playground.goto('/');
  const urls = watchRequests(page);
  await playground.hubIdField.fill('../../etc/passwd');
  await playground.backendSelect.selectOption('wasm');
  await playground.loadButton.click();
  await expect(idError(playground)).toContainText('“../../etc/passwd” is not a model id');
  await expect(playground.hubIdField).toHaveAttribute('aria-invalid', 'true');
  await expect(playground.modelBar).not.toContainText('damaged');
  await playground.saveScreenshot(testInfo, 'model-id-path-refused');
  expect(urls.filter((u) => /passwd|config\.json/.test(u)), 'no file was asked for').toEqual([]);

  // A good id clears the error and loads.
  await playground.modelSelect.selectOption(TINY);
  await expect(idError(playground)).toHaveCount(0);
  await playground.loadAndWait(TINY);
});

test('a 5,000-character id is refused by its length, and the same holds when a link carries it', async ({ page }) => {
  const playground = new PlaygroundPage(page);
  const long = `${'a'.repeat(2500)}/${'b'.repeat(2499)}`;
  await playground.goto('/');
  await playground.hubIdField.fill(long);
  await playground.backendSelect.selectOption('wasm');
  await playground.shareButton.click();
  const link = await playground.shareLink.inputValue();
  await page.keyboard.press('Escape');
  await playground.loadButton.click();
  await expect(idError(playground)).toContainText('5,000 characters');

  // The link loads its model at once: the check comes first there too.
  const urls = watchRequests(page);
  await playground.goto(link);
  await expect(idError(playground)).toContainText('5,000 characters');
  expect(urls.filter((u) => u.includes('aaaaaaaaaa')), 'the id went nowhere').toEqual([]);
});

test('a model file answered with a web page says so, not "damaged"', async ({ page }) => {
  const playground = new PlaygroundPage(page);
  await playground.goto('/');
  // What a server with a single-page fallback sends for a file it does not have.
  await page.route(`**/models/${TINY}/config.json`, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: INDEX_HTML }));
  await playground.chooseModel(TINY, { backend: 'wasm' });
  await playground.loadButton.click();
  await expect(playground.loadError).toContainText('web page', { timeout: 60_000 });
  await expect(playground.loadError).toContainText('config.json');
  await expect(playground.loadError).not.toContainText('damaged');
  await expect(playground.loadError).not.toContainText('removed');

  await page.unroute(`**/models/${TINY}/config.json`);
  await playground.loadAndWait(TINY);
  await expect(playground.loadError).toHaveCount(0);
});

test('a local model whose server cannot be reached reads as a connection failure, not "not found"', async ({ page }) => {
  const playground = new PlaygroundPage(page);
  await playground.goto('/');
  await page.route(`**/models/${TINY}/**`, (route) => route.abort('internetdisconnected'));
  await playground.chooseModel(TINY, { backend: 'wasm' });
  await playground.loadButton.click();
  // The sentence the person reads; the library's own words ("not found locally") stay folded in the details.
  const message = playground.loadError.getByText(/could not be reached/);
  await expect(message).toBeVisible({ timeout: 60_000 });
  await expect(message).toContainText('“local/gpt2-tiny”');
  await expect(message).not.toContainText('not found');
  await expect(message).not.toContainText('models:generate');

  await page.unroute(`**/models/${TINY}/**`);
  await playground.loadAndWait(TINY);
});
