/** Presets, keyboard, clamping, adding and removing panels, layout and the Spanish workspace. */
import { expect, test } from '@playwright/test';
import { WorkspacePage } from './fixtures/workspace.ts';

test.describe('controls', () => {
  let ws: WorkspacePage;

  test.beforeEach(async ({ page }) => {
    ws = new WorkspacePage(page);
    await ws.goto();
  });

  test('presets fill the prompt and every setting of every panel', async ({ page }) => {
    await ws.addPanelButton.click();
    const presets = [
      { name: 'Fútbol en español', prompt: 'Me gusta mucho el futbol', t: '0.7', k: '50', p: '0.95', max: '150', rep: '1', ngram: '2', greedy: 'false' },
      { name: 'Componente React con GPT-Neo', prompt: 'crea un componente base en ReactJS con Formik para el inicio de sesión', t: '0.7', k: '50', p: '0.95', max: '500', rep: '1', ngram: '0', greedy: 'false' },
      { name: 'Autocompletar', prompt: 'The future of artificial', t: '0.7', k: '50', p: '0.95', max: '50', rep: '1', ngram: '0', greedy: 'false' },
      { name: 'Paso voraz', prompt: 'Hello, I am', t: '0.7', k: '50', p: '0.95', max: '6', rep: '1', ngram: '0', greedy: 'true' },
    ];
    // Start from settings no preset has, so every field must change.
    for (const i of [1, 2]) {
      const panel = ws.panel(i);
      await panel.set('Temperature', 1.5);
      await panel.set('Top-k', 7);
      await panel.set('Top-p', 0.5);
      await panel.set('Repetition penalty', 1.3);
      await panel.set('No-repeat n-gram size', 4);
      await panel.greedy.click();
    }
    for (const preset of presets) {
      await page.getByRole('button', { name: preset.name }).click();
      await expect(ws.prompt).toHaveValue(preset.prompt);
      for (const i of [1, 2]) {
        const panel = ws.panel(i);
        await expect(panel.input('Temperature')).toHaveValue(preset.t);
        await expect(panel.input('Top-k')).toHaveValue(preset.k);
        await expect(panel.input('Top-p')).toHaveValue(preset.p);
        await expect(panel.input('Max new tokens')).toHaveValue(preset.max);
        await expect(panel.input('Repetition penalty')).toHaveValue(preset.rep);
        await expect(panel.input('No-repeat n-gram size')).toHaveValue(preset.ngram);
        await expect(panel.greedy).toHaveAttribute('aria-checked', preset.greedy);
        await expect(panel.slider('Temperature')).toHaveAttribute('aria-valuenow', preset.t);
      }
      if (preset.name === 'Componente React con GPT-Neo') {
        await expect(page.getByRole('combobox', { name: 'Model', exact: true })).toHaveValue('EleutherAI/gpt-neo-2.7B');
      }
    }
  });

  test('keyboard: Ctrl+Enter generates, Esc stops, sliders and number inputs clamp', async ({ page }, testInfo) => {
    await ws.loadModel();
    const panel = ws.panel(1);

    // Radix slider keys: arrows step, PageUp steps by ten, Home and End go to the ends.
    const slider = panel.slider('Temperature');
    await slider.focus();
    await page.keyboard.press('ArrowRight');
    await expect(panel.input('Temperature')).toHaveValue('0.71');
    await page.keyboard.press('End');
    await expect(slider).toHaveAttribute('aria-valuenow', '2');
    await page.keyboard.press('Home');
    await expect(panel.input('Temperature')).toHaveValue('0');
    await panel.slider('Top-k').focus();
    await page.keyboard.press('PageUp');
    await expect(panel.input('Top-k')).toHaveValue('60');

    // Out-of-range typing is clamped on Enter and on blur, and the clamped value is what shows.
    await panel.set('Temperature', 5);
    await expect(panel.input('Temperature')).toHaveValue('2');
    await expect(slider).toHaveAttribute('aria-valuenow', '2');
    await panel.input('Top-p').fill('-3');
    await panel.input('Top-p').blur();
    await expect(panel.input('Top-p')).toHaveValue('0');
    await panel.set('No-repeat n-gram size', 9);
    await expect(panel.input('No-repeat n-gram size')).toHaveValue('5');
    await panel.set('Repetition penalty', 0.2);
    await expect(panel.input('Repetition penalty')).toHaveValue('1');
    await panel.greedy.focus();
    await page.keyboard.press('Space');
    await expect(panel.greedy).toHaveAttribute('aria-checked', 'true');
    await page.keyboard.press('Space');

    await panel.set('Temperature', 0.7);
    await panel.set('Top-p', 0.95);
    await panel.set('Max new tokens', 250);
    await ws.prompt.focus();
    await page.keyboard.press('Control+Enter');
    await expect(ws.stopButton).toBeEnabled();
    await expect(ws.prompt, 'Ctrl+Enter does not type a line break').toHaveValue('Hello, I am');
    await expect(panel.output).not.toHaveText(/Press Generate|^…$/);
    await page.keyboard.press('Escape');
    await ws.waitUntilIdle();
    await expect(panel.metric('Finish')).toHaveText('Stopped');
    await ws.saveScreenshot(testInfo, 'playground-keyboard-stopped');
  });

  test('panels: add, duplicate and remove within 1 to 4', async () => {
    await expect(ws.panels()).toHaveCount(1);
    await expect(ws.panel(1).removeButton).toBeDisabled();
    await ws.panel(1).set('Temperature', 1.3);
    await ws.panel(1).duplicateButton.click();
    await expect(ws.panel(2).input('Temperature')).toHaveValue('1.3');
    await ws.addPanelButton.click();
    await ws.addPanelButton.click();
    await expect(ws.panels()).toHaveCount(4);
    await expect(ws.addPanelButton).toBeDisabled();
    await expect(ws.panel(4).duplicateButton).toBeDisabled();
    await ws.panel(2).removeButton.click();
    await expect(ws.panels()).toHaveCount(3);
    await expect(ws.addPanelButton).toBeEnabled();
  });

  // Every panel action works without a mouse, and a new random seed is really new and really used.
  test('panels by keyboard: add, duplicate, remove, and a new random seed', async ({ page }) => {
    await ws.addPanelButton.focus();
    await page.keyboard.press('Enter');
    await expect(ws.panels()).toHaveCount(2);
    await ws.panel(2).duplicateButton.focus();
    await page.keyboard.press('Space');
    await expect(ws.panels()).toHaveCount(3);
    await ws.panel(3).removeButton.focus();
    await page.keyboard.press('Enter');
    await expect(ws.panels()).toHaveCount(2);

    await ws.shareSeed.click();
    await expect(ws.shareSeed).toHaveAttribute('aria-checked', 'false');
    const before = await ws.panel(2).seed.inputValue();
    await ws.panel(2).newSeedButton.focus();
    await page.keyboard.press('Enter');
    await expect(ws.panel(2).seed).not.toHaveValue(before);
    const seed = Number(await ws.panel(2).seed.inputValue());
    expect(Number.isInteger(seed) && seed >= 0 && seed <= 4_294_967_295).toBe(true);
    await expect(ws.panel(1).seed).toHaveValue(before);
  });

  test('layout: columns on a wide screen, stacked on a phone', async ({ page }, testInfo) => {
    await ws.addPanelButton.click();
    await page.setViewportSize({ width: 1280, height: 900 });
    const wide = [await ws.panel(1).region.boundingBox(), await ws.panel(2).region.boundingBox()];
    expect(wide[1]!.x).toBeGreaterThan(wide[0]!.x + wide[0]!.width - 1);
    expect(Math.abs(wide[1]!.y - wide[0]!.y)).toBeLessThan(2);

    await page.setViewportSize({ width: 390, height: 844 });
    const phone = [await ws.panel(1).region.boundingBox(), await ws.panel(2).region.boundingBox()];
    expect(phone[1]!.y).toBeGreaterThan(phone[0]!.y + phone[0]!.height - 1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await ws.saveScreenshot(testInfo, 'playground-phone');
  });

  test('speaks Spanish when the page does', async ({ page }, testInfo) => {
    await page.getByRole('combobox', { name: 'Language' }).selectOption('es');
    await expect(page.getByRole('button', { name: 'Generar', exact: true })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Detener', exact: true })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Añadir panel' })).toBeVisible();
    const panel = page.getByRole('region', { name: 'Panel 1', exact: true });
    await expect(panel.getByRole('slider', { name: 'Temperatura' })).toBeVisible();
    await expect(panel.getByRole('spinbutton', { name: 'Temperatura' })).toBeVisible();
    await expect(panel.getByRole('button', { name: 'Detener panel 1' })).toBeVisible();
    await expect(page.getByRole('switch', { name: 'Compartir semilla' })).toBeVisible();
    await ws.saveScreenshot(testInfo, 'playground-es');
    // The workspace draws with the theme's variables: look at it dark too.
    await page.getByRole('button', { name: /Oscuro/ }).click();
    await page.getByRole('switch', { name: 'Mostrar tokens' }).click();
    await expect(page.getByRole('group', { name: 'Colores de los tokens' })).toBeVisible();
    await ws.saveScreenshot(testInfo, 'playground-es-dark');
  });
});
