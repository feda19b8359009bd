/**
 * Issue 14, item 6: Load pressed from the keyboard keeps the focus on Load (it used to fall to the
 * page's body when the button was disabled for the load), and the page has an icon, so the
 * browser's request for /favicon.ico does not end in a 404. Dev server, real worker and model.
 */
import { expect, test } from '@playwright/test';
import { PlaygroundPage } from './fixtures/playground-page.ts';

test.use({ locale: 'en-US', colorScheme: 'light' });

const TINY = 'local/gpt2-tiny';

test('Load pressed with the keyboard keeps the focus on Load during and after the load', async ({ page }) => {
  const playground = new PlaygroundPage(page);
  await playground.goto('/');
  await playground.chooseModel(TINY, { backend: 'wasm', dtype: 'q4' });
  const held = await playground.holdRequests(`**/models/${TINY}/config.json`);
  await playground.loadButton.focus();
  await page.keyboard.press('Enter');
  await held.arrived;
  // While it loads, Load cannot be pressed again, and it still has the focus.
  await expect(playground.loadButton).toBeDisabled();
  await expect(playground.loadButton).toBeFocused();
  await page.keyboard.press('Enter');
  held.release();
  await expect(playground.modelStatus).toContainText(`Loaded ${TINY}`, { timeout: 90_000 });
  await expect(playground.loadButton).toBeFocused();
  await expect(playground.loadButton).toBeEnabled();
  // Tab goes on from Load, not from the top of the page.
  await page.keyboard.press('Tab');
  await expect(page.locator('body')).not.toBeFocused();
});

test('the page has an icon, and /favicon.ico answers with one', async ({ page, request }) => {
  const playground = new PlaygroundPage(page);
  await playground.goto('/');
  // Browsers and tools that find no icon link ask for /favicon.ico.
  const ico = await request.get('/favicon.ico');
  expect(ico.status()).toBe(200);
  expect(ico.headers()['content-type']).toMatch(/^image\//);
  // An ICO file starts with reserved 0, type 1 (icon).
  expect([...(await ico.body()).subarray(0, 4)]).toEqual([0, 0, 1, 0]);
  // The page's own icon is inline: no request, so none fails offline (offline.spec.ts).
  const link = page.locator('link[rel="icon"]');
  await expect(link, 'index.html names an icon').toHaveAttribute('href', /^data:image\/svg\+xml,/, { timeout: 5_000 });
  const decoded = await page.evaluate(async (href) => (await (await fetch(href)).text()).slice(0, 4), (await link.getAttribute('href')) ?? '');
  expect(decoded).toBe('<svg');
});
