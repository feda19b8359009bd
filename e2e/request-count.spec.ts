/**
 * Every model file is fetched once per load (issue 15), on the production build: the first load
 * of a model not yet in the browser's storage makes exactly one network request per file, and a
 * load from the browser's storage (after a reload) makes none, in each mode. Two requests for the
 * same file at once made Chromium fail one of them (`net::ERR_CACHE_WRITE_FAILURE`), which failed
 * the load when it was the one transformers.js read.
 */
import { expect, test, type Page } from '@playwright/test';
import { LabPage } from './fixtures/lab-page.ts';
import { countModelRequests } from './fixtures/model-requests.ts';
import { PlaygroundPage } from './fixtures/playground-page.ts';

test.use({ locale: 'en-US', colorScheme: 'light' });
// Two loads per test (and eight for the lab) on a shared machine, where one fp32 load took 80 s.
test.describe.configure({ timeout: 420_000 });

const TINY = 'local/gpt2-tiny';
/** What a load of the tiny GPT-2 reads besides its weights. */
const OTHER_FILES = ['config.json', 'generation_config.json', 'tokenizer.json', 'tokenizer_config.json'];

/** `{ file: 1 }` for each file: one request each. */
const once = (files: readonly string[]): Record<string, number> => Object.fromEntries([...files].sort().map((f) => [f, 1]));

async function loadFp32(page: Page, url: string): Promise<void> {
  const playground = new PlaygroundPage(page);
  await playground.goto(url);
  await playground.chooseModel(TINY, { backend: 'wasm', dtype: 'fp32' });
  await playground.loadButton.click();
  await expect(playground.modelStatus).toContainText(`Loaded ${TINY}`, { timeout: 180_000 });
  await expect(playground.loadError).toHaveCount(0);
}

for (const [mode, url] of [
  ['playground', '/'],
  ['step', '/?mode=step'],
  ['autocomplete', '/?mode=autocomplete'],
] as const) {
  test(`${mode}: one request per file on the first load, none from the browser's storage`, async ({ page, context }) => {
    const requests = countModelRequests(context, TINY);
    await loadFp32(page, url);
    expect(requests.perFile(), requests.seen.join('\n')).toEqual(once([...OTHER_FILES, 'onnx/model.onnx']));
    expect(requests.failed).toEqual([]);

    requests.reset();
    await page.reload();
    await loadFp32(page, url);
    expect(requests.perFile(), requests.seen.join('\n')).toEqual({});
  });
}

test('lab: one request per file of every dtype on the first run, none from the browser\'s storage', async ({ page, context }) => {
  const requests = countModelRequests(context, TINY);
  const lab = new LabPage(page);
  const run = async () => {
    await lab.gotoLab();
    await lab.chooseModel(TINY, { backend: 'wasm' });
    await lab.runButton.click();
    await expect(lab.status).toHaveText('Done: 4 measured, 0 skipped.', { timeout: 200_000 });
  };
  await run();
  const weights = ['onnx/model.onnx', 'onnx/model_fp16.onnx', 'onnx/model_quantized.onnx', 'onnx/model_q4.onnx'];
  expect(requests.perFile(), requests.seen.join('\n')).toEqual(once([...OTHER_FILES, ...weights]));
  expect(requests.failed).toEqual([]);

  requests.reset();
  await page.reload();
  await run();
  expect(requests.perFile(), requests.seen.join('\n')).toEqual({});
});
