/**
 * A classroom with no network: the production build (its service worker stores the app shell)
 * loads a model once online, then the browser goes offline, the page is reloaded, and the model
 * loads from the browser's storage and generates — with no failed request and none off the origin.
 */
import { expect, test, type Request } from '@playwright/test';
import { PlaygroundPage } from './fixtures/playground-page.ts';
import { WorkspacePage } from './fixtures/workspace.ts';

test.use({ locale: 'en-US', colorScheme: 'light' });

const TINY = 'local/gpt2-tiny';

test('load once online, then reload offline and generate', async ({ page, context, baseURL }, testInfo) => {
  const playground = new PlaygroundPage(page);
  const ws = new WorkspacePage(page);
  const failed: string[] = [];
  const elsewhere: string[] = [];
  page.on('requestfailed', (request: Request) => failed.push(`${request.url()} (${request.failure()?.errorText})`));
  context.on('request', (request: Request) => {
    if (!request.url().startsWith(baseURL ?? '') && !request.url().startsWith('data:') && !request.url().startsWith('blob:')) elsewhere.push(request.url());
  });
  const offline = page.getByRole('region', { name: 'Offline use' });

  await ws.goto();
  await expect(offline).toContainText('The app is saved in this browser', { timeout: 60_000 });
  await playground.chooseModel(TINY, { backend: 'wasm' });
  await playground.loadAndWait(TINY);
  await expect(offline.getByRole('status').filter({ hasText: 'Ready offline' })).toHaveText(`Ready offline: ${TINY} (q8)`);
  await expect(offline.getByRole('list', { name: 'Models stored in this browser' })).toContainText(TINY);

  await context.setOffline(true);
  await page.reload();
  await expect(ws.prompt).toBeVisible();
  await expect(offline).toContainText('The app is saved in this browser');
  await playground.chooseModel(TINY, { backend: 'wasm' });
  await playground.loadAndWait(TINY);
  await ws.panel(1).set('Max new tokens', 10);
  await ws.generateAndWait();
  await expect(ws.panel(1).metric('Tokens generated')).toHaveText('10');
  await playground.saveScreenshot(testInfo, 'offline-generated');

  expect(failed, 'no request failed, offline included').toEqual([]);
  expect(elsewhere, 'no request left the page’s origin').toEqual([]);
  await context.setOffline(false);
});
