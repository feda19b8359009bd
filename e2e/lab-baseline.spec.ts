/**
 * Issue 14, item 5: when the lab's fp32 baseline cannot be loaded (here its file's connection is
 * cut), the other dtypes are still measured, but the page says plainly that nothing was compared:
 * the table's caption names the model and the backend (it read "… on : …" with an empty backend
 * and "over — tokens"), and the status line does not read as a complete run.
 * Dev server, real worker, transformers.js and ONNX Runtime.
 */
import { expect, test } from '@playwright/test';
import { LabPage } from './fixtures/lab-page.ts';

test.use({ locale: 'en-US', colorScheme: 'light' });
test.describe.configure({ timeout: 240_000 });

const TINY = 'local/gpt2-tiny';

test('a skipped fp32 baseline: the caption names the backend, and the status says nothing was compared', async ({ page }, testInfo) => {
  const lab = new LabPage(page);
  await lab.gotoLab();
  await page.route(`**/models/${TINY}/onnx/model.onnx`, (route) => route.abort('connectionreset'));
  await lab.chooseModel(TINY, { backend: 'wasm' });
  await lab.runButton.click();
  // The results table, in either language (the float formats' table has fp32 rows too).
  const table = page.getByRole('table').filter({ has: page.locator('tr[data-dtype]') });
  // From the fp32 row on (the other dtypes may still be running), the caption names everything.
  await expect(table).toHaveAccessibleName(`${TINY} on WASM: the fp32 baseline was skipped, so no dtype is compared with it`, { timeout: 120_000 });

  await expect(lab.status).toHaveText('Done: 3 measured, 1 skipped. Without the fp32 baseline nothing was compared: run the lab again.', { timeout: 180_000 });
  await expect(lab.progress.getByRole('listitem')).toHaveText(['fp32skipped', 'fp16measured', 'q8measured', 'q4measured']);
  await expect(table).toHaveAccessibleName(`${TINY} on WASM: the fp32 baseline was skipped, so no dtype is compared with it`);
  await expect(table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: /^fp32/ }) })).toContainText('Skipped:');
  await lab.saveScreenshot(testInfo, 'lab-baseline-skipped');

  await test.step('in Spanish', async () => {
    await lab.languageSelect.selectOption('es');
    await expect(page.getByRole('status', { name: 'Estado del laboratorio' })).toHaveText(
      'Terminado: 3 medidos, 1 omitidos. Sin la referencia fp32 no se comparó nada: vuelve a ejecutar el laboratorio.',
    );
    await expect(table).toHaveAccessibleName(`${TINY} en WASM: la referencia fp32 se omitió, así que ningún dtype se compara con ella`);
  });
});

// Stopped after a skipped fp32: the skipped dtype is not counted as a finished one.
test('stopped after a skipped baseline: measured and skipped are counted apart', async ({ page }) => {
  const lab = new LabPage(page);
  await lab.gotoLab();
  await page.route(`**/models/${TINY}/onnx/model.onnx`, (route) => route.abort('connectionreset'));
  // fp16's weights wait until the test has pressed Stop, so the stop lands while fp16 loads.
  const fp16 = await lab.holdRequests(`**/models/${TINY}/onnx/model_fp16.onnx`);
  await lab.chooseModel(TINY, { backend: 'wasm' });
  await lab.runButton.click();
  await fp16.arrived;
  await lab.stopButton.click();
  fp16.release();
  await expect(lab.status).toHaveText('Stopped: 0 of 4 dtypes measured, 1 skipped.', { timeout: 120_000 });
  await expect(lab.progress.getByRole('listitem')).toHaveText(['fp32skipped', 'fp16not reached', 'q8not reached', 'q4not reached']);
});
