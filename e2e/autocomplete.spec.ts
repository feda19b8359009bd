// The autocomplete mode on the real worker, transformers.js and ONNX Runtime (tiny GPT-2, WASM):
// ghost text after a pause, Tab, Alt+], the page's cache, KV reuse, and no stale suggestion ever.
import { expect, test } from '@playwright/test';
import { AutocompletePage } from './fixtures/autocomplete-page.ts';
import { findEnglishLeftovers } from './fixtures/english-leftovers.ts';

test('suggests after a pause; Tab accepts, Alt+] cycles, a repeated text is a cache hit, and an extended text reuses the KV cache', async ({ page }, testInfo) => {
  const ac = new AutocompletePage(page);
  await ac.open();

  await test.step('a pause brings three alternatives from one request', async () => {
    await ac.editor.fill('Once upon a time');
    const first = await ac.suggestion();
    await expect(ac.status).toContainText('alternative 1 of 3 · from the model');
    await expect(ac.historyRow(0)).toContainText('computed');
    await expect(ac.historyRow(0)).toContainText('0 / 4'); // "Once", " upon", " a", " time": nothing kept yet
    const { sent } = await ac.gate();
    expect(sent.filter((m) => m.type === 'suggest')).toHaveLength(1);

    await ac.editor.press('Alt+BracketRight');
    await expect(ac.status).toContainText('alternative 2 of 3');
    const second = (await ac.ghost.textContent()) ?? '';
    expect(second).not.toBe(first);
    await ac.editor.press('Alt+BracketLeft');
    await expect(ac.ghost).toHaveText(first);
    await ac.editor.press('Alt+BracketRight');
    await expect(ac.ghost).toHaveText(second);

    await ac.editor.press('Tab');
    await expect(ac.editor).toHaveValue(`Once upon a time${second}`);
    await expect(ac.editor).toBeFocused();
  });

  await test.step('typing more reuses the keys and values of the shared tokens', async () => {
    await ac.suggestion(); // the accepted text's own suggestion
    await ac.editor.press('End');
    await ac.editor.pressSequentially(' and');
    // Row 0 was the accepted text's until the answer for the extended text arrives.
    await expect(ac.historyRow(0).locator('td').first()).toHaveText(/ and$/);
    await expect(ac.historyRow(0)).toContainText('extended');
    const reused = (await ac.historyRow(0).locator('td').nth(3).textContent()) ?? '';
    const [kept, total] = reused.split(' / ').map(Number);
    expect(kept).toBeGreaterThan(4);
    expect(kept).toBeLessThan(total ?? 0);
    await expect(ac.fact('Reusing the KV cache')).toContainText(`${kept} of ${total} tokens reused`);
    await expect(ac.fact('Reusing the KV cache')).toContainText('the latest full prefill: 4 tokens in');
  });

  await test.step('the same text again comes from the cache at once', async () => {
    await expect(ac.fact('Hit rate')).toContainText('0% (0 of');
    const suggestsBefore = (await ac.gate()).sent.filter((m) => m.type === 'suggest').length;
    await ac.editor.fill('Once upon a time');
    await expect(ac.status).toContainText('from the cache');
    const hit = ac.historyRow(0);
    await expect(hit).toContainText('cache hit');
    const latency = Number.parseFloat((await hit.locator('td').nth(2).textContent()) ?? 'NaN');
    // No model call: only a lookup stands between the pause and the text (the model took 100 ms+).
    expect(latency).toBeLessThan(50);
    await expect(ac.fact('Hit rate')).toContainText(/^[1-9]\d*% \(1 of \d+ lookups\)$/);
    expect((await ac.gate()).sent.filter((m) => m.type === 'suggest')).toHaveLength(suggestsBefore);
    await expect(ac.fact('Latency budget: pause → suggestion')).toContainText(/Computed by the model: median [\d.,]+ ms · p95 [\d.,]+ ms · n = \d+/);
    await expect(ac.stats).toContainText('Running on WASM');
  });

  await ac.saveScreenshot(testInfo, 'autocomplete');

  await test.step('the mode speaks Spanish', async () => {
    await ac.languageSelect.selectOption('es');
    await expect(page.getByRole('region', { name: 'Autocompletar', exact: true })).toBeVisible();
    await expect(page.getByRole('status', { name: 'Sugerencia', exact: true })).toContainText('alternativa 1 de 3 · de la caché');
    expect(await findEnglishLeftovers(page)).toEqual([]);
  });
});

// Deterministic, not timing luck: the answer for the first text is held back by the test until
// the text has changed and the newer answer is on screen, then delivered.
test('typing cancels the suggestion in flight, and its late answer is never shown', async ({ page }) => {
  const ac = new AutocompletePage(page);
  await ac.open();
  await ac.holdNextAnswers(1);

  await ac.editor.fill('The cat');
  await expect.poll(async () => (await ac.gate()).held.length).toBe(1);
  await expect(ac.mode.getByText('The model is writing a suggestion…')).toBeVisible();
  const [stale] = (await ac.gate()).held;
  expect(stale?.text).toBe('The cat');

  await ac.editor.pressSequentially(' sat');
  const final = await ac.suggestion();
  const { sent } = await ac.gate();
  // The page told the worker to stop the old request, and asked once for the final text.
  expect(sent).toContainEqual(expect.objectContaining({ type: 'stop', target: stale?.requestId }));
  expect(sent.filter((m) => m.type === 'suggest').map((m) => m.text)).toEqual(['The cat', 'The cat sat']);

  await ac.releaseHeld();
  await expect(ac.historyRow(0)).toContainText('stale, dropped');
  await expect(ac.historyRow(0)).toContainText('The cat');
  await expect(ac.historyRow(1)).toContainText('The cat sat');
  await expect(ac.ghost).toHaveText(final);
  const { ghosts } = await ac.gate();
  expect(stale?.alternatives[0]).not.toBe(final);
  // Every ghost text ever displayed was the final text's suggestion (or nothing).
  expect(ghosts.filter((g) => g !== '' && g !== '\u200b')).toEqual(ghosts.filter((g) => g !== '' && g !== '\u200b').map(() => final));
  expect(ghosts).not.toContain(stale?.alternatives[0]);
});
