/**
 * The language switch changes every visible string: after switching to Spanish, no piece of the
 * English catalog is left in the page's text or in its accessible names, through the states a
 * person goes through (idle, loaded with a fallback note, tokens with the popover open, the share
 * and export dialogs, an error). What the model wrote is excluded: it is marked translate="no".
 */
import { expect, test } from '@playwright/test';
import { findEnglishLeftovers } from './fixtures/english-leftovers.ts';
import { PlaygroundPage } from './fixtures/playground-page.ts';
import { WorkspacePage } from './fixtures/workspace.ts';

test.use({ locale: 'en-US', colorScheme: 'light' });

test('in Spanish, no English string of ours is left on the page', async ({ page }, testInfo) => {
  const ws = new WorkspacePage(page);
  await ws.goto();
  await page.getByRole('combobox', { name: 'Language' }).selectOption('es');
  await expect(page.locator('html')).toHaveAttribute('lang', 'es');
  const seen: Record<string, Awaited<ReturnType<typeof findEnglishLeftovers>>> = {};
  const look = async (state: string) => (seen[state] = await findEnglishLeftovers(page));

  await look('idle');
  const bar = page.getByRole('region', { name: 'Modelo y backend' });
  // Auto on this machine passes the software adapter over: the fallback note must be Spanish too.
  await bar.getByRole('combobox', { name: 'Backend', exact: true }).selectOption('auto');
  // Held weights keep the page in its loading state (progress bars) long enough to read it.
  const held = await new PlaygroundPage(page).holdRequests(/model_quantized\.onnx/);
  await bar.getByRole('button', { name: 'Cargar', exact: true }).click();
  await held.arrived;
  await expect(bar.getByRole('status', { name: 'Estado del modelo' })).toContainText('Cargando');
  await look('loading');
  held.release();
  await expect(bar.getByRole('status', { name: 'Estado del modelo' })).toContainText('cargado', { timeout: 90_000 });
  await look('loaded');

  const panel = page.getByRole('region', { name: 'Panel 1', exact: true });
  await panel.getByRole('spinbutton', { name: 'Máximo de tokens nuevos' }).fill('12');
  await panel.getByRole('spinbutton', { name: 'Máximo de tokens nuevos' }).press('Enter');
  await page.getByRole('button', { name: 'Generar', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Detener', exact: true })).toBeDisabled({ timeout: 60_000 });
  await page.getByRole('switch', { name: 'Mostrar tokens' }).click();
  await panel.getByRole('group', { name: 'Tokens del panel 1' }).getByRole('button').nth(3).hover();
  await expect(page.getByRole('tooltip')).toBeVisible();
  await look('tokens and popover');
  await ws.saveScreenshot(testInfo, 'language-es-popover', { fullPage: false });
  await page.keyboard.press('Escape');

  await page.getByRole('button', { name: 'Compartir', exact: true }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await look('share dialog');
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Exportar', exact: true }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await look('export dialog');
  await page.keyboard.press('Escape');

  await bar.getByRole('textbox', { name: 'Id del modelo en el Hub' }).fill('local/no-existe');
  await bar.getByRole('combobox', { name: 'Backend', exact: true }).selectOption('wasm');
  await bar.getByRole('button', { name: 'Cargar', exact: true }).click();
  await expect(bar.getByRole('alert')).toContainText('No se encontró el modelo «local/no-existe»', { timeout: 60_000 });
  await look('load error');
  await ws.saveScreenshot(testInfo, 'language-es-error');

  // The teaching modes, as they first appear.
  for (const tab of ['Paso a paso', 'Autocompletar', 'Cuantización']) {
    await page.getByRole('tab', { name: tab, exact: true }).click();
    await expect(page.getByRole('tab', { name: tab, exact: true })).toHaveAttribute('aria-selected', 'true');
    await look(tab);
  }

  expect(seen).toEqual({
    idle: [],
    loading: [],
    loaded: [],
    'tokens and popover': [],
    'share dialog': [],
    'export dialog': [],
    'load error': [],
    'Paso a paso': [],
    Autocompletar: [],
    Cuantización: [],
  });
});
