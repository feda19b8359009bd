/**
 * A run leaves the page two ways: as a link that sets up the same run again (same seeds, same
 * text), and as files (JSON, Markdown) that hold what the page showed. Real worker, real model.
 */
import { readFile } from 'node:fs/promises';
import { expect, test, type Download } from '@playwright/test';
import { PlaygroundPage } from './fixtures/playground-page.ts';
import { WorkspacePage } from './fixtures/workspace.ts';

test.use({ locale: 'en-US', colorScheme: 'light' });

const TINY = 'local/gpt2-tiny';
const PROMPT = 'The weather in Madrid is';

/** Two panels that differ in everything a panel has, with seeds of their own. */
async function setUpTwoPanels(ws: WorkspacePage): Promise<void> {
  await ws.prompt.fill(PROMPT);
  await ws.addPanelButton.click();
  await ws.shareSeed.click();
  const first = ws.panel(1);
  await first.set('Temperature', 1.3);
  await first.set('Top-k', 20);
  await first.set('Max new tokens', 30);
  await first.set('Seed', 2024);
  const second = ws.panel(2);
  await second.set('Temperature', 0.9);
  await second.set('Top-p', 0.8);
  await second.set('Repetition penalty', 1.2);
  await second.set('No-repeat n-gram size', 2);
  await second.set('Max new tokens', 24);
  await second.set('Seed', 77);
}

test('a shared link, opened in a fresh page, gives the same text again', async ({ page, browser }, testInfo) => {
  const playground = new PlaygroundPage(page);
  const ws = new WorkspacePage(page);
  await ws.goto();
  await ws.loadModel(TINY);
  await setUpTwoPanels(ws);
  await ws.generateAndWait();
  const texts = [await ws.panel(1).text(), await ws.panel(2).text()];
  expect(texts.every((text) => text.length > 0)).toBe(true);

  await playground.shareButton.click();
  const link = await playground.shareLink.inputValue();

  // Another browser context: nothing carried over but the link.
  const context = await browser.newContext({ locale: 'en-US' });
  const fresh = await context.newPage();
  const freshPlayground = new PlaygroundPage(fresh);
  const freshWs = new WorkspacePage(fresh);
  await freshPlayground.goto(link);
  await expect(freshWs.prompt).toHaveValue(PROMPT);
  await expect(freshWs.panels()).toHaveCount(2);
  await expect(freshWs.shareSeed).toHaveAttribute('aria-checked', 'false');
  await expect(freshWs.panel(1).input('Temperature')).toHaveValue('1.3');
  await expect(freshWs.panel(2).input('No-repeat n-gram size')).toHaveValue('2');
  await expect(freshWs.panel(2).seed).toHaveValue('77');
  await expect(freshPlayground.modelSelect).toHaveValue(TINY);
  await expect(freshPlayground.backendSelect).toHaveValue('wasm');

  // The link names its model, and the page loads it by itself: Generate is the only click left.
  await expect(freshPlayground.modelStatus).toContainText(`Loaded ${TINY}`, { timeout: 90_000 });
  await freshWs.generateAndWait();
  expect([await freshWs.panel(1).text(), await freshWs.panel(2).text()]).toEqual(texts);
  await freshPlayground.saveScreenshot(testInfo, 'share-reopened');

  // The address bar follows the setup: a change, then a reload, keeps it (nothing to share by hand).
  await freshWs.panel(2).set('Seed', 78);
  await expect.poll(() => fresh.url()).toContain('#s=');
  await expect.poll(async () => (await freshWs.panel(2).seed.inputValue()) === '78' && fresh.url() !== link).toBe(true);
  await fresh.reload();
  await expect(freshWs.panel(2).seed).toHaveValue('78');
  await expect(freshWs.panel(1).input('Temperature')).toHaveValue('1.3');
  await context.close();
});

test('Export says there is nothing to export before a run', async ({ page }) => {
  const playground = new PlaygroundPage(page);
  await playground.goto();
  await playground.exportButton.click();
  await expect(playground.exportDialog).toHaveText('Nothing to export yet: generate some text first.');
  await page.keyboard.press('Escape');
  await expect(playground.exportDialog).toBeHidden();
});

// The real download path (Blob + a.download): the files hold what the page showed for the run,
// even after the controls moved on.
test('Export downloads the run as JSON and Markdown, matching what is on screen', async ({ page }) => {
  const playground = new PlaygroundPage(page);
  const ws = new WorkspacePage(page);
  await ws.goto();
  await ws.loadModel(TINY);
  await setUpTwoPanels(ws);
  await ws.generateAndWait();
  const shown = [];
  for (const i of [1, 2]) {
    const panel = ws.panel(i);
    shown.push({ text: await panel.text(), generated: await panel.generatedTokens(), finish: await panel.metric('Finish').textContent() });
  }
  // Move the controls after the run: the export is of the run, not of the controls.
  await ws.prompt.fill('Something else entirely');
  await ws.panel(1).set('Temperature', 0.1);

  await playground.exportButton.click();
  const read = async (download: Download) => readFile(await download.path(), 'utf8');
  const [jsonDownload] = await Promise.all([page.waitForEvent('download'), playground.exportDialog.getByRole('button', { name: 'Download JSON' }).click()]);
  expect(jsonDownload.suggestedFilename()).toMatch(/^gpt-playground-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}\.json$/);
  const run = JSON.parse(await read(jsonDownload));
  expect(run).toMatchObject({ format: 'gpt-playground-run', version: 1, prompt: PROMPT, sharedSeed: false, model: { id: TINY, dtype: 'q8', backend: 'wasm' } });
  // GPT-2's ids for the prompt, as the page listed them.
  const promptIds = await ws.promptTokens.locator('.prompt-token-id').allTextContents();
  expect(run.promptTokenIds.map(String)).toEqual(promptIds);
  expect(run.panels).toHaveLength(2);
  const finishNames: Record<string, string> = { max_tokens: 'Reached max new tokens', eos: 'End of text', context_full: 'Context full', stopped: 'Stopped' };
  for (const [i, panel] of run.panels.entries()) {
    expect(panel.text, `panel ${i + 1} text`).toBe(shown[i]?.text);
    expect(panel.tokenIds).toHaveLength(shown[i]?.generated ?? -1);
    expect(panel.metrics.generatedTokens).toBe(shown[i]?.generated);
    expect(finishNames[panel.finishReason]).toBe(shown[i]?.finish);
    expect(panel.snapshots.map((s: { textDelta: string }) => s.textDelta).join('')).toBe(panel.text);
  }
  expect(run.panels[0]).toMatchObject({ seed: 2024, maxNewTokens: 30, settings: { temperature: 1.3, topK: 20 } });
  expect(run.panels[1]).toMatchObject({ seed: 77, maxNewTokens: 24, settings: { temperature: 0.9, topP: 0.8, repetitionPenalty: 1.2, noRepeatNgramSize: 2 } });

  await playground.exportButton.click();
  const [mdDownload] = await Promise.all([page.waitForEvent('download'), playground.exportDialog.getByRole('button', { name: 'Download Markdown' }).click()]);
  expect(mdDownload.suggestedFilename()).toMatch(/\.md$/);
  const markdown = await read(mdDownload);
  expect(markdown.startsWith('# GPT Playground run')).toBe(true);
  expect(markdown).toContain(`| Id | ${TINY} |`);
  expect(markdown).toContain(promptIds.join(' '));
  expect(markdown).toContain(shown[0]?.text ?? 'missing');
});
