import { expect, test } from '@playwright/test';
import { PlaygroundPage } from './fixtures/playground-page.ts';

// An English, light page whatever the machine's settings, so names and screenshots are stable.
test.use({ locale: 'en-US', colorScheme: 'light' });

const TINY = 'local/gpt2-tiny';
/** q8 is what `auto` means on WASM; the generated model's file for it. */
const TINY_Q8_FILE = 'onnx/model_quantized.onnx';

test('loads gpt2-tiny on WASM with a progress bar per file, then shows the backend and the times', async ({ page }, testInfo) => {
  const playground = new PlaygroundPage(page);
  await playground.goto();
  await expect(playground.modelStatus).toHaveText('No model loaded yet: pick one and press Load.');

  await playground.chooseModel(TINY, { backend: 'wasm' });
  await expect(playground.dtypeSelect.getByRole('option', { selected: true })).toHaveText('Auto (q8)');
  await expect(playground.modelBar).toContainText('random weights — for testing the pipeline');

  // Hold the weights back, so the page can be seen mid-load: config.json is done, the weights are not.
  const weights = await playground.holdRequests(`**/models/${TINY}/${TINY_Q8_FILE}`);
  await playground.loadButton.click();
  await weights.arrived;
  await expect(playground.modelStatus).toHaveText(`Loading ${TINY}…`);
  await expect(playground.loadButton).toBeDisabled();
  const config = playground.fileProgress('config.json');
  await expect(config).toBeVisible();
  await expect(config).toHaveAttribute('aria-valuenow', '100');
  await playground.saveScreenshot(testInfo, 'model-bar-loading');
  weights.release();

  await expect(playground.modelStatus).toContainText(`Loaded ${TINY}`, { timeout: 90_000 });
  await expect(playground.modelStatus.getByTestId('loaded-backend')).toHaveText('WASM');
  await expect(playground.modelStatus).toContainText('Dtypeq8');
  await expect(playground.modelStatus.getByTestId('loaded-load-time')).toHaveText(/^\d[\d,]* ms$|^\d+\.\d s$/);
  await expect(playground.modelStatus).toContainText(/Warm-up\d/);
  // The generated model's n_positions.
  await expect(playground.modelStatus).toContainText('Context256 tokens');
  await expect(playground.loadButton).toBeEnabled();

  // The files stay listed after the load, folded; each bar is full and says its size.
  await playground.modelBar.getByText(/^\d+ files, /).click();
  const weightsBar = playground.fileProgress(TINY_Q8_FILE);
  await expect(weightsBar).toHaveAttribute('aria-valuenow', '100');
  await expect(weightsBar).toHaveAttribute('aria-valuetext', /MB of .* MB · 100%|MB · done/);
  await playground.saveScreenshot(testInfo, 'model-bar-loaded');
});

// Auto skips a software WebGPU adapter (slower than WASM); when it does, the page must say so and why.
test('auto shows the backend it picked, with a fallback badge and its reason when WebGPU was passed over', async ({ page }) => {
  const playground = new PlaygroundPage(page);
  await playground.goto();
  const adapter = await playground.adapterSeenByNewWorker();
  const realGpu = adapter !== null && !adapter.isFallbackAdapter;

  await playground.chooseModel(TINY, { backend: 'auto' });
  await expect(playground.backendSelect.getByRole('option', { selected: true })).toHaveText(`Auto (${realGpu ? 'WebGPU' : 'WASM'} here)`);
  await playground.loadAndWait(TINY);

  const badge = playground.modelStatus.getByText('WebGPU fell back to WASM');
  if (realGpu) {
    await expect(playground.modelStatus.getByTestId('loaded-backend')).toHaveText('WebGPU');
    await expect(badge).toHaveCount(0);
  } else {
    await expect(playground.modelStatus.getByTestId('loaded-backend')).toHaveText('WASM');
    await expect(badge).toBeVisible();
    await expect(playground.modelStatus).toContainText(adapter ? 'software one' : 'WebGPU');
  }
});

// A typo in a model id must not leave the page stuck: the next load has to work.
test('an unknown model id shows an alert with "not found", and the page still loads a model', async ({ page }, testInfo) => {
  const playground = new PlaygroundPage(page);
  await playground.goto();

  await playground.hubIdField.fill('local/does-not-exist');
  await expect(playground.modelSelect.getByRole('option', { selected: true })).toHaveText('Another Hub model (type its id)');
  await playground.backendSelect.selectOption('wasm');
  await playground.loadButton.click();

  await expect(playground.loadError).toBeVisible({ timeout: 60_000 });
  await expect(playground.loadError).toContainText('could not be loaded');
  await expect(playground.loadError).toContainText(/not found/i);
  await expect(playground.loadError).toContainText('local/does-not-exist');
  await expect(playground.loadButton).toBeEnabled();
  await playground.saveScreenshot(testInfo, 'model-bar-error');

  await playground.chooseModel(TINY);
  await expect(playground.hubIdField).toHaveValue(TINY);
  await playground.loadAndWait(TINY);
  await expect(playground.loadError).toHaveCount(0);
});

test('the language switch puts the header and the model bar in Spanish', async ({ page }, testInfo) => {
  const playground = new PlaygroundPage(page);
  await playground.goto();

  await playground.languageSelect.selectOption('es');

  await expect(page.locator('html')).toHaveAttribute('lang', 'es');
  await expect(page.getByRole('combobox', { name: 'Idioma', exact: true })).toHaveValue('es');
  const bar = page.getByRole('region', { name: 'Modelo y backend' });
  await expect(bar.getByRole('combobox', { name: 'Modelo', exact: true })).toBeVisible();
  await expect(bar.getByRole('textbox', { name: 'Id del modelo en el Hub' })).toBeVisible();
  await expect(bar.getByRole('button', { name: 'Cargar', exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Exportar', exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Compartir', exact: true })).toBeVisible();
  await expect(page.getByRole('group', { name: 'Tema' }).getByRole('button', { name: 'Oscuro' })).toBeVisible();
  await expect(bar.getByRole('status', { name: 'Estado del modelo' })).toHaveText('Aún no hay ningún modelo cargado: elige uno y pulsa Cargar.');
  await expect(bar).toContainText('pesos aleatorios — para probar el sistema');
  // Nothing of ours is left in English.
  await expect(playground.loadButton).toHaveCount(0);
  await expect(playground.exportButton).toHaveCount(0);
  await expect(playground.modelSelect).toHaveCount(0);

  await bar.getByRole('button', { name: 'Cargar', exact: true }).click();
  await expect(bar.getByRole('status', { name: 'Estado del modelo' })).toContainText(`${TINY} cargado`, { timeout: 90_000 });
  await playground.saveScreenshot(testInfo, 'model-bar-spanish');
});

test.describe('with a Spanish browser', () => {
  test.use({ locale: 'es-ES' });

  test('the page starts in Spanish', async ({ page }) => {
    await new PlaygroundPage(page).goto();
    await expect(page.getByRole('combobox', { name: 'Idioma', exact: true })).toHaveValue('es');
    await expect(page.getByRole('button', { name: 'Cargar', exact: true })).toBeVisible();
  });
});

test('the theme switch flips data-theme on the page', async ({ page }, testInfo) => {
  const playground = new PlaygroundPage(page);
  await playground.goto();
  const html = page.locator('html');
  const dark = playground.themeGroup.getByRole('button', { name: 'Dark' });
  const light = playground.themeGroup.getByRole('button', { name: 'Light' });
  await expect(html).toHaveAttribute('data-theme', 'light');
  await expect(light).toHaveAttribute('aria-pressed', 'true');

  await dark.click();
  await expect(html).toHaveAttribute('data-theme', 'dark');
  await expect(dark).toHaveAttribute('aria-pressed', 'true');
  // The variables really changed: the page background is dark now.
  const background = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  expect(background).toBe('rgb(17, 20, 24)');
  await playground.chooseModel(TINY, { backend: 'wasm' });
  await playground.loadAndWait(TINY);
  await playground.saveScreenshot(testInfo, 'model-bar-dark');

  await light.click();
  await expect(html).toHaveAttribute('data-theme', 'light');
});

test.describe('with a dark system theme', () => {
  test.use({ colorScheme: 'dark' });

  test('the page starts dark', async ({ page }) => {
    await new PlaygroundPage(page).goto();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  });
});

// The link must carry the setup into a fresh page, exactly.
test('Share gives a link that opens the same model, dtype and backend', async ({ page }, testInfo) => {
  const playground = new PlaygroundPage(page);
  await playground.goto();
  await playground.chooseModel('local/gpt-neo-tiny', { backend: 'wasm', dtype: 'q4' });

  await playground.shareButton.click();
  await expect(playground.shareLink).toBeVisible();
  const link = await playground.shareLink.inputValue();
  expect(link).toMatch(/#s=[A-Za-z0-9_-]+$/);
  await playground.saveScreenshot(testInfo, 'model-bar-share');

  await page.goto('about:blank');
  await playground.goto(link);
  await expect(playground.modelSelect).toHaveValue('local/gpt-neo-tiny');
  await expect(playground.dtypeSelect).toHaveValue('q4');
  await expect(playground.backendSelect).toHaveValue('wasm');
});

// 390 px is a small phone: nothing may stick out sideways, and the controls stay usable.
test('works 390 px wide', async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const playground = new PlaygroundPage(page);
  await playground.goto();
  await playground.chooseModel(TINY, { backend: 'wasm' });
  await playground.loadAndWait(TINY);

  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, 'horizontal overflow in px').toBe(0);
  const loadBox = await playground.loadButton.boundingBox();
  expect(loadBox?.width ?? 0).toBeGreaterThan(300);
  await playground.saveScreenshot(testInfo, 'model-bar-390px');
});
