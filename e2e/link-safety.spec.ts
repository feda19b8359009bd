/**
 * A shared link must not make the browser contact a host nobody chose. A link with `?hub=<host>`
 * asks first ("Use this model host?"): until the person says yes, no request goes to the host,
 * not even the link's own model load. A host that fails is named in the error. What a link carries
 * that the page cannot use (a `javascript:` host, a mangled `#s=`) is dropped, and the page says
 * so. Dev server, real worker, transformers.js and ONNX Runtime; the hosts are started here.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startMockHub, type MockHub } from '../scripts/hub/mock-hub.ts';
import { PlaygroundPage } from './fixtures/playground-page.ts';
import { closedHostUrl, startWatchedHost, type WatchedHost } from './fixtures/watched-host.ts';

test.use({ locale: 'en-US', colorScheme: 'light' });

const MIRROR_ID = 'acme/gpt2-tiny';
let root: string;
let hub: MockHub;
let evil: WatchedHost;

test.beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'link-safety-'));
  cpSync(path.resolve('public/models/local/gpt2-tiny'), path.join(root, MIRROR_ID), { recursive: true });
  hub = await startMockHub({ root });
  evil = await startWatchedHost('not_found');
});
test.afterAll(async () => {
  await hub.close();
  await evil.close();
  rmSync(root, { recursive: true, force: true });
});

/** A share link made on the page itself (so it follows the page's own codec) naming `modelId` on WASM. */
async function shareLinkFor(playground: PlaygroundPage, modelId: string): Promise<URL> {
  await playground.goto('/');
  await playground.hubIdField.fill(modelId);
  await playground.backendSelect.selectOption('wasm');
  await playground.shareButton.click();
  const link = new URL(await playground.shareLink.inputValue());
  await playground.page.keyboard.press('Escape');
  return link;
}

function withHub(link: URL, host: string): string {
  const url = new URL(link);
  url.searchParams.set('hub', host);
  return url.toString();
}

const hostDialog = (page: Page) => page.getByRole('dialog', { name: 'Use this model host?' });

/** The link's model load starts with the page: on today's code it reached the host within this time. */
const AUTO_LOAD_GRACE_MS = 3_000;

test('a model host from a link is asked about first; nothing reaches it, and Ignore keeps it out', async ({ page }, testInfo) => {
  const playground = new PlaygroundPage(page);
  const link = await shareLinkFor(playground, 'onnx-community/gpt2-ONNX');
  const before = evil.requests.length;

  await playground.goto(withHub(link, evil.url));
  // The link's model load, had it started, would show at once (it starts before the first render).
  await expect(playground.modelStatus).toContainText('No model loaded yet');
  await page.waitForTimeout(AUTO_LOAD_GRACE_MS);
  expect(evil.requests.slice(before), 'no request before the person answered').toEqual([]);

  const dialog = hostDialog(page);
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(evil.label);
  // The safe answer has the focus: Enter by reflex does not let the host in.
  await expect(dialog.getByRole('button', { name: 'Ignore', exact: true })).toBeFocused();
  await playground.saveScreenshot(testInfo, 'link-host-confirm');
  await dialog.getByRole('button', { name: 'Ignore', exact: true }).click();
  await expect(dialog).toHaveCount(0);
  await expect(playground.modelHostField()).toHaveValue('');
  // The link's setup is there, its model not loaded: Load is one click away, from the Hub.
  await expect(playground.hubIdField).toHaveValue('onnx-community/gpt2-ONNX');
  await expect(playground.loadButton).toBeEnabled();
  // Out of the address too: a reload does not ask again, and Share does not pass the host on.
  expect(new URL(page.url()).searchParams.has('hub')).toBe(false);
  expect(evil.requests.slice(before)).toEqual([]);
});

test('Escape answers Ignore; the keyboard reaches "Use <host>", which loads the link’s model from it', async ({ page }) => {
  const playground = new PlaygroundPage(page);
  const link = await shareLinkFor(playground, MIRROR_ID);

  const beforeEvil = evil.requests.length;
  await playground.goto(withHub(link, evil.url));
  await expect(hostDialog(page)).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(hostDialog(page)).toHaveCount(0);
  expect(evil.requests.slice(beforeEvil)).toEqual([]);

  const before = hub.requests.length;
  await playground.goto(withHub(link, hub.url));
  const dialog = hostDialog(page);
  await expect(dialog).toBeVisible();
  await page.waitForTimeout(AUTO_LOAD_GRACE_MS);
  expect(hub.requests.length, 'the mock hub was not asked before the answer').toBe(before);
  const use = dialog.getByRole('button', { name: `Use ${new URL(hub.url).host}`, exact: true });
  await page.keyboard.press('Shift+Tab');
  await expect(use).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(dialog).toHaveCount(0);
  // Confirmed: the host is the page's, and the link's model loads from it as the link meant.
  await expect(playground.modelHostField()).toHaveValue(hub.url);
  await expect(playground.modelStatus).toContainText(`Loaded ${MIRROR_ID}`, { timeout: 90_000 });
  expect(hub.requests.slice(before).map((r) => r.path)).toContain(`/${MIRROR_ID}/resolve/main/config.json`);
});

test('a confirmed host that does not answer is named in the error', async ({ page }) => {
  const playground = new PlaygroundPage(page);
  const closed = await closedHostUrl();
  await playground.goto(`/?hub=${encodeURIComponent(closed)}`);
  await hostDialog(page).getByRole('button', { name: `Use ${new URL(closed).host}`, exact: true }).click();
  await playground.hubIdField.fill(MIRROR_ID);
  await playground.backendSelect.selectOption('wasm');
  await playground.loadButton.click();
  await expect(playground.loadError).toContainText(new URL(closed).host, { timeout: 60_000 });
  await expect(playground.loadError).not.toContainText('was not found');
});

test('a javascript: host and a mangled setup are dropped, and the page says so', async ({ page }, testInfo) => {
  const playground = new PlaygroundPage(page);
  await playground.goto('/?hub=javascript:alert(document.domain)#s=%%%not-base64%%%');
  const notice = page.getByRole('status').filter({ hasText: 'This link was partly ignored' });
  await expect(notice).toBeVisible();
  await expect(notice).toContainText('“javascript:alert(document.domain)” is not a web address');
  await expect(notice).toContainText('could not be read');
  await expect(hostDialog(page)).toHaveCount(0);
  expect(new URL(page.url()).searchParams.has('hub')).toBe(false);
  await playground.saveScreenshot(testInfo, 'link-dropped-notice');
  await notice.getByRole('button', { name: 'Dismiss', exact: true }).click();
  await expect(notice).toHaveCount(0);
});

test.describe('in Spanish', () => {
  test.use({ locale: 'es-ES' });

  test('the question and the notice speak the page’s language', async ({ page }) => {
    await page.goto(`/?hub=${encodeURIComponent(evil.url)}`);
    const dialog = page.getByRole('dialog', { name: '¿Usar este servidor de modelos?' });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole('button', { name: `Usar ${evil.label}`, exact: true })).toBeVisible();
    await dialog.getByRole('button', { name: 'Ignorar', exact: true }).click();

    await page.goto('/?hub=javascript:alert(1)#s=garbage');
    const notice = page.getByRole('status').filter({ hasText: 'Parte de este enlace se ignoró' });
    await expect(notice).toContainText('«javascript:alert(1)» no es una dirección web');
    await expect(notice).toContainText('no se pudo leer');
  });
});
