/**
 * The quantization lab end to end: the real worker loads every dtype of the generated
 * `local/gpt2-tiny` on WASM, one after another, and measures each against fp32; the float formats
 * show a typed number's bits and its quantization. (fp16 skipped on WebGPU without shader-f16 is
 * covered in src/worker/lab-runner.test.ts: the software adapter here is too slow for a full run.)
 */
import { expect, test } from '@playwright/test';
import { findEnglishLeftovers } from './fixtures/english-leftovers.ts';
import { LabPage } from './fixtures/lab-page.ts';

test.describe('quantization lab', () => {
  let lab: LabPage;

  test.beforeEach(async ({ page }) => {
    lab = new LabPage(page);
    await lab.gotoLab();
  });

  test('measures every dtype of the tiny GPT-2 against fp32 and fills the table and charts', async ({ page }, testInfo) => {
    await lab.chooseModel('local/gpt2-tiny', { backend: 'wasm' });
    await lab.chooseText('English paragraph');
    await expect(lab.referenceText).toHaveValue(/^A language model reads a text/);
    await expect(lab.status).toHaveText('Not run yet.');
    await lab.runButton.click();
    await expect(lab.stopButton).toBeEnabled();
    await expect(lab.progress.getByRole('listitem')).toHaveCount(4);
    await expect(lab.status).toHaveText('Done: 4 measured, 0 skipped.', { timeout: 90_000 });

    await expect(lab.progress.getByRole('listitem')).toHaveText(['fp32measured', 'fp16measured', 'q8measured', 'q4measured']);
    await expect(lab.results).toHaveAccessibleName('local/gpt2-tiny on WASM: every dtype against the fp32 baseline, over 106 tokens of the reference text');
    await expect(lab.results.getByRole('rowheader')).toHaveText(['fp32 (baseline)', 'fp16', 'q8', 'q4']);

    // The baseline against itself.
    await expect(await lab.cell('fp32', 'Mean KL vs fp32')).toHaveText('0 nats');
    await expect(await lab.cell('fp32', 'Top-1 agreement')).toHaveText('100%');
    await expect(await lab.cell('fp32', 'Largest logit difference')).toHaveText('0');
    await expect(await lab.cell('fp32', 'Download size')).toHaveText('13.3 MB');

    for (const dtype of ['fp16', 'q8', 'q4']) {
      await expect(await lab.cell(dtype, 'Download size'), dtype).toHaveText(/^\d+(\.\d)? MB$/);
      await expect(await lab.cell(dtype, 'Load time'), dtype).toHaveText(/^[\d,]+ ms$|^\d+\.\d s$/);
      await expect(await lab.cell(dtype, 'Decode speed'), dtype).toHaveText(/^\d[\d.]* tokens\/s$/);
      await expect(await lab.cell(dtype, 'Perplexity'), dtype).toHaveText(/^\d[\d.]*$/);
      // Not the baseline's 0: a positive number, often tiny (2.6E-7 for fp16).
      await expect(await lab.cell(dtype, 'Mean KL vs fp32'), dtype).toHaveText(/^(\d\.?\d*(E-\d+)?|0\.\d+) nats$/);
      await expect(await lab.cell(dtype, 'Mean KL vs fp32'), dtype).not.toHaveText('0 nats');
      await expect(await lab.cell(dtype, 'Top-1 agreement'), dtype).toHaveText(/^\d+(\.\d)?%$/);
      await expect(await lab.cell(dtype, 'Largest logit difference'), dtype).not.toHaveText('0');
    }
    const charts = lab.charts.getByRole('img');
    await expect(charts).toHaveCount(7);
    await expect(charts.first()).toHaveAccessibleName(/^Download size, lower is better: fp32 13\.3 MB, fp16 6\.7 MB, q8 6\.6 MB, q4 5\.4 MB$/);
    await lab.saveScreenshot(testInfo, 'lab-results');

    await test.step('the results speak Spanish', async () => {
      await lab.languageSelect.selectOption('es');
      await expect(page.getByRole('status', { name: 'Estado del laboratorio' })).toHaveText('Terminado: 4 medidos, 0 omitidos.');
      await expect(page.getByRole('table', { name: /cada dtype frente a la referencia fp32/ }).getByRole('rowheader').first()).toHaveText('fp32 (referencia)');
      expect(await findEnglishLeftovers(page)).toEqual([]);
    });
  });

  test('shows a typed number in fp32, fp16 and bf16, and quantized in a block', async ({ page }, testInfo) => {
    await lab.typeNumber('1');
    await expect(lab.bits('fp32')).toHaveText('0 01111111 00000000000000000000000');
    await expect(lab.bits('fp16')).toHaveText('0 01111 0000000000');
    await expect(lab.bits('bf16')).toHaveText('0 01111111 0000000');
    // Range [-0.42, 1]: scale 1.42 / 255, zero point 75; 1 lands on code 255, 180 steps up: 0.00235 too far.
    await expect(lab.int8.getByRole('definition')).toHaveText(['0.005569', '75', '1.00235', '0.00235']);

    await lab.typeNumber('-2.5');
    await expect(lab.bits('fp16')).toHaveText('1 10000 0100000000');
    await expect(lab.stored('fp16')).toHaveText('-2.5');

    // The largest fp16 number; bf16 has 8 mantissa bits and rounds it up to 2^16.
    await lab.typeNumber('65504');
    await expect(lab.bits('fp16')).toHaveText('0 11110 1111111111');
    await expect(lab.stored('fp16')).toHaveText('65504');
    await expect(lab.stored('bf16')).toHaveText('65536');
    await expect(lab.bits('bf16')).toHaveText('0 10001111 0000000');
    // In the 4-bit block, 65504 takes code 0 and every small neighbour collapses to 0.
    await expect(lab.q4.getByRole('definition').nth(2)).toHaveText('65504');

    await lab.numberField.fill('abc');
    await expect(lab.page.getByText('Type a number, such as 1, -2.5, 0.1 or 65504.')).toBeVisible();

    const before = await lab.rangeSummary.textContent();
    await expect(lab.rangeSummary).toContainText('Values from -1 to 1 (range 2): worst-case error 0.125 with 4-bit codes');
    await lab.blockRange.focus();
    await lab.page.keyboard.press('End');
    await expect(lab.rangeSummary).toContainText('Values from -8 to 8 (range 16): worst-case error 1 with 4-bit codes');
    expect(await lab.rangeSummary.textContent()).not.toBe(before);
    await lab.typeNumber('0.1');
    await expect(lab.stored('fp32')).toHaveText('0.10000000149011612');
    await lab.saveScreenshot(testInfo, 'lab-float-formats');
    await lab.languageSelect.selectOption('es');
    await expect(page.getByRole('textbox', { name: 'Número', exact: true })).toHaveValue('0.1');
    expect(await findEnglishLeftovers(page)).toEqual([]);
  });
});
