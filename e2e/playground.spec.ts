/**
 * The playground page end to end: the real worker, transformers.js and ONNX Runtime (WASM) on the
 * generated `local/gpt2-tiny` (random weights, GPT-2's tokenizer), driven the way a person would:
 * by roles and accessible names. Streaming, Stop, panels running together, seeds.
 */
import { expect, test } from '@playwright/test';
import { WorkspacePage } from './fixtures/workspace.ts';

/** GPT-2's byte-level BPE ids for "Hello, I am" ("Hello", ",", " I", " am"). */
const PROMPT_IDS = ['15496', '11', '314', '716'];
/** `local/gpt2-tiny` has a 256-token context. */
const CONTEXT = 256;

test.describe('playground', () => {
  let ws: WorkspacePage;

  test.beforeEach(async ({ page }) => {
    ws = new WorkspacePage(page);
    await ws.goto();
  });

  test('generates, streams tokens, and shows the prompt tokens and metrics', async ({ page }, testInfo) => {
    await expect(ws.generateButton, 'Generate waits for a model').toBeDisabled();
    await ws.loadModel();
    const panel = ws.panel(1);
    await panel.set('Max new tokens', 200);

    // Record the output's length at every DOM change: streaming means several partial lengths.
    await page.evaluate(() => {
      const output = document.querySelector('[aria-label="Output"]');
      const lengths: number[] = [];
      (window as unknown as { __lengths: number[] }).__lengths = lengths;
      new MutationObserver(() => lengths.push(output?.textContent?.length ?? 0)).observe(output!, { subtree: true, childList: true, characterData: true });
    });
    await ws.generateButton.click();
    await expect(ws.stopButton).toBeEnabled();
    await expect(panel.metric('Finish')).toHaveText('Writing…');
    await ws.saveScreenshot(testInfo, 'playground-streaming');
    await ws.waitUntilIdle();

    const lengths = await page.evaluate(() => (window as unknown as { __lengths: number[] }).__lengths);
    const finalLength = (await panel.text()).length;
    const partial = new Set(lengths.filter((n) => n > 0 && n < finalLength));
    expect(partial.size, `output lengths seen while streaming: ${lengths.join(', ')}`).toBeGreaterThanOrEqual(2);

    await expect(panel.metric('Finish')).toHaveText('Reached max new tokens');
    await expect(panel.metric('Tokens generated')).toHaveText('200');
    await expect(panel.metric('Time to first token')).toHaveText(/^\d[\d,]* ms$/);
    await expect(panel.metric('Tokens/s')).toHaveText(/^\d[\d,.]*$/);
    await expect(ws.promptTokens.getByRole('listitem')).toHaveText(['Hello15496', ',11', ' I314', ' am716']);
    for (const id of PROMPT_IDS) await expect(ws.promptTokens).toContainText(id);
    await ws.saveScreenshot(testInfo, 'playground-done');
  });

  test('Stop ends a long generation mid-stream, and max new tokens is held to the context', async () => {
    await ws.loadModel();
    const panel = ws.panel(1);
    await panel.set('Max new tokens', 500);
    await expect(panel.input('Max new tokens'), 'clamped to the model context on Enter').toHaveValue(String(CONTEXT));
    await expect(panel.slider('Max new tokens')).toHaveAttribute('aria-valuenow', String(CONTEXT));

    await ws.generateButton.click();
    await expect(panel.output).not.toHaveText(/Press Generate|^…$/);
    await ws.stopButton.click();
    await ws.waitUntilIdle();
    await expect(panel.metric('Finish')).toHaveText('Stopped');
    const generated = await panel.generatedTokens();
    expect(generated).toBeGreaterThan(0);
    expect(generated).toBeLessThan(CONTEXT - PROMPT_IDS.length);
    await ws.saveScreenshot(test.info(), 'playground-stopped');
  });

  test('three panels with different temperatures run together', async () => {
    await ws.loadModel();
    await ws.addPanelButton.click();
    await ws.addPanelButton.click();
    await expect(ws.panels()).toHaveCount(3);
    const temperatures = [0.2, 1, 1.8];
    for (const [i, temperature] of temperatures.entries()) {
      const panel = ws.panel(i + 1);
      await panel.set('Temperature', temperature);
      await panel.set('Max new tokens', 120);
      await expect(panel.slider('Temperature')).toHaveAttribute('aria-valuenow', String(temperature));
    }

    await ws.generateButton.click();
    // One batch: every panel is writing at the same time.
    for (const i of [1, 2, 3]) await expect(ws.panel(i).output).toHaveAttribute('aria-busy', 'true');
    await expect(ws.addPanelButton, 'panels cannot change while generating').toBeDisabled();
    await expect(ws.panel(1).removeButton).toBeDisabled();
    await ws.waitUntilIdle();

    const texts = [];
    for (const i of [1, 2, 3]) {
      await expect(ws.panel(i).metric('Finish')).toHaveText('Reached max new tokens');
      texts.push(await ws.panel(i).text());
    }
    expect(texts.every((text) => text.length > 0)).toBe(true);
    expect(new Set(texts).size, 'different temperatures, different texts').toBeGreaterThan(1);
    await ws.saveScreenshot(test.info(), 'playground-three-panels');
  });

  test('the same seed gives the same text twice; another seed another text', async () => {
    await ws.loadModel();
    const panel = ws.panel(1);
    await panel.set('Max new tokens', 60);
    await panel.set('Temperature', 1.2);
    await panel.set('Seed', 1234);

    await ws.generateAndWait();
    const first = await panel.text();
    await ws.generateAndWait();
    expect(await panel.text()).toBe(first);

    await panel.set('Seed', 4321);
    await ws.generateAndWait();
    expect(await panel.text()).not.toBe(first);

    // With the seed shared, a duplicate panel writes exactly what the original writes.
    await panel.set('Seed', 1234);
    await panel.duplicateButton.click();
    await ws.generateAndWait();
    expect(await ws.panel(1).text()).toBe(first);
    expect(await ws.panel(2).text()).toBe(first);

    // Seeds of their own: each panel keeps the seed it showed, then they can part ways. (Panel 1
    // is not compared with `first` here: with q8 weights, activations are quantized with one scale
    // per batch, so a panel's numbers depend on what the other rows hold.)
    await ws.shareSeed.click();
    await expect(ws.shareSeed).toHaveAttribute('aria-checked', 'false');
    await expect(ws.panel(1).seed).toHaveValue('1234');
    await expect(ws.panel(2).seed).toHaveValue('1234');
    await ws.panel(2).set('Seed', 99);
    await ws.generateAndWait();
    expect(await ws.panel(2).text()).not.toBe(await ws.panel(1).text());
  });

  test('each panel stops on its own', async () => {
    await ws.loadModel();
    await ws.addPanelButton.click();
    for (const i of [1, 2]) await ws.panel(i).set('Max new tokens', 250);
    await ws.generateButton.click();
    await expect(ws.panel(1).output).not.toHaveText(/Press Generate|^…$/);
    await ws.panel(1).stopButton.click();
    await expect(ws.panel(1).stopButton).toBeDisabled();
    await ws.waitUntilIdle();
    await expect(ws.panel(1).metric('Finish')).toHaveText('Stopped');
    await expect(ws.panel(2).metric('Finish')).not.toHaveText('Stopped');
    expect(await ws.panel(2).generatedTokens()).toBeGreaterThan(await ws.panel(1).generatedTokens());
  });

  // Panels share a batch but not a finish line: a short one is done, with its own numbers, while a long one writes.
  test('a panel that is done early shows its result and timings while the others still write', async () => {
    await ws.loadModel();
    await ws.addPanelButton.click();
    await ws.panel(1).set('Max new tokens', 5);
    await ws.panel(2).set('Max new tokens', 250);
    await ws.generateButton.click();
    await expect(ws.panel(1).metric('Finish')).toHaveText('Reached max new tokens');
    await expect(ws.panel(2).metric('Finish')).toHaveText('Writing…');
    // The long one's time to first token is known already, and shown while it writes.
    await expect(ws.panel(2).metric('Time to first token')).toHaveText(/^\d[\d,]* ms$/);
    await expect(ws.panel(1).metric('Time to first token')).toHaveText(/^\d[\d,]* ms$/);
    await expect(ws.panel(1).metric('Tokens/s')).toHaveText(/^\d/);
    expect(await ws.panel(1).generatedTokens()).toBe(5);
    await ws.waitUntilIdle();
    await expect(ws.panel(2).metric('Finish')).toHaveText('Reached max new tokens');
    expect(await ws.panel(2).generatedTokens()).toBe(250);
  });
});
