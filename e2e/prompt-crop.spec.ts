/**
 * Issue 14: a prompt longer than the context must still leave room to write. `'hola ' × 5000` on
 * the generated `local/gpt2-tiny` (256 positions; real worker, transformers.js and ONNX Runtime on
 * WASM) in each mode: the playground writes every token asked for and says how many prompt tokens
 * it dropped, the step mode keeps stepping on a sliding window and says how many tokens are outside
 * it, and autocomplete suggests at full length and says how many leading tokens it left out.
 *
 * The expected counts come from the page's own tokenization of one and two repetitions (GPT-2
 * splits "hola" into "hol" + "a", every later " hola" into " h" + "ola", and the last space is a
 * token of its own), never from a number written into the test.
 */
import { expect, test, type Locator } from '@playwright/test';
import { AutocompletePage } from './fixtures/autocomplete-page.ts';
import { PlaygroundPage } from './fixtures/playground-page.ts';
import { StepPage } from './fixtures/step-page.ts';
import { WorkspacePage } from './fixtures/workspace.ts';

const MODEL = 'local/gpt2-tiny';
/** `local/gpt2-tiny` has 256 positions (its config's `n_positions`). */
const CONTEXT = 256;
const REPEATS = 5000;
const LONG = 'hola '.repeat(REPEATS);
/** Tokens outside the step mode's window still drawn as chips of their own (StepSequence's OUTSIDE_CHIPS_SHOWN). */
const OUTSIDE_CHIPS = 16;

// Tiny models load in seconds, but the machines are shared: leave room for a slow load.
test.describe.configure({ timeout: 240_000 });

/** Tokens of `'hola ' × n` from the counts the page showed for one and two repetitions. */
function tokensOf(n: number, one: number, two: number): number {
  return one + (n - 1) * (two - one);
}

/** A count as the page's messages write it (no grouping). */
const integer = (n: number) => String(n);

test('playground: a prompt past the context keeps its last context − max new tokens tokens and writes them all', async ({ page }, testInfo) => {
  const ws = new WorkspacePage(page);
  await ws.goto();
  await ws.loadModel(MODEL);
  const panel = ws.panel(1);
  await panel.greedy.click();
  await expect(panel.greedy).toBeChecked();
  const MAX_NEW = 50;
  await panel.set('Max new tokens', MAX_NEW);

  const promptChips = ws.promptTokens.getByRole('listitem');
  const countFor = async (prompt: string) => {
    await ws.prompt.fill(prompt);
    await ws.generateAndWait();
    return promptChips.count();
  };
  const one = await countFor('hola ');
  const two = await countFor('hola hola ');
  expect([one, two]).toEqual([3, 5]);
  const total = tokensOf(REPEATS, one, two);

  await ws.prompt.fill(LONG);
  await ws.generateAndWait(120_000);
  const kept = CONTEXT - MAX_NEW;
  await expect(panel.metric('Finish')).toHaveText('Reached max new tokens');
  await expect(panel.metric('Tokens generated')).toHaveText(String(MAX_NEW));
  await expect(promptChips).toHaveCount(kept);
  // The kept tokens are the prompt's last ones: " h" "ola" pairs, then the final space (a chip
  // shows a token of only spaces as ␣).
  await expect(promptChips.last()).toHaveText('␣220');
  await expect(promptChips.nth(kept - 3)).toHaveText(/^\s?h289$/);
  await expect(promptChips.nth(kept - 2)).toHaveText('ola5708');
  await expect(page.getByText(`The first ${integer(total - kept)} tokens did not fit the model’s context and were dropped.`)).toBeVisible();
  await ws.saveScreenshot(testInfo, 'prompt-crop-playground');
});

test('step by step: a prompt past the context steps on a sliding window and says how much is outside it', async ({ page }, testInfo) => {
  const playground = new PlaygroundPage(page);
  const step = new StepPage(page);
  await playground.goto('/?mode=step');
  await playground.chooseModel(MODEL, { backend: 'wasm' });
  await playground.loadAndWait(MODEL);
  await step.greedy.click();
  await expect(step.greedy).toBeChecked();

  await step.prompt.fill(LONG);
  const chips = step.sequence.getByRole('listitem');
  const outside: Locator = chips.filter({ hasText: 'outside the window' });
  const note = page.getByText(/^The context is full: the first \d+ tokens are left out of the window\.$/);
  let promptTokens = 0;
  for (let k = 1; k <= 3; k++) {
    await step.nextButton.click();
    await expect(step.pipeline).toContainText(`Step ${k}`);
    await expect(step.nextButton).toBeEnabled();
    const ids = await step.sequenceIds();
    if (k === 1) promptTokens = ids.length - 1;
    expect(ids).toHaveLength(promptTokens + k);
    // The next step sees the last context − 1 ids; everything before is outside the window.
    const cropped = promptTokens + k - (CONTEXT - 1);
    await expect(note).toHaveText(`The context is full: the first ${cropped} tokens are left out of the window.`);
    // The latest tokens outside the window are chips of their own, the earlier ones one chip with
    // their count: the page draws the window, not 10,000 chips per step.
    await expect(chips.first()).toHaveText(`… ${cropped - OUTSIDE_CHIPS} earlier tokens, outside the window`);
    await expect(outside).toHaveCount(OUTSIDE_CHIPS + 1);
    await expect(chips).toHaveCount(1 + OUTSIDE_CHIPS + CONTEXT - 1);
  }
  // The page tokenized the prompt as the other two tests read it: 3 tokens for one "hola ", 2 more per repetition.
  expect(promptTokens).toBe(tokensOf(REPEATS, 3, 5));
  const ids = await step.sequenceIds();
  expect(ids.slice(0, 4)).toEqual([3937, 64, 289, 5708]);
  expect(ids[promptTokens - 1]).toBe(220);
  expect((await step.generatedText()).length).toBeGreaterThan(0);
  await expect(page.getByText('Context full')).toHaveCount(0);
  await playground.saveScreenshot(testInfo, 'prompt-crop-step');
});

test('autocomplete: a text past the context gets a full-length suggestion and says how many tokens were left out', async ({ page }, testInfo) => {
  const ac = new AutocompletePage(page);
  await ac.open();
  const TOKENS = 16;
  await ac.tokens.fill(String(TOKENS));
  await ac.tokens.press('Enter');
  await expect(ac.tokens).toHaveValue(String(TOKENS));

  // The page's token counts of one and two repetitions: the history's "reused / prompt tokens".
  const promptTokensOf = async (text: string) => {
    await ac.editor.fill(text);
    // The suggestion and its history row land in the same render.
    await ac.suggestion();
    const cell = (await ac.historyRow(0).locator('td').nth(3).textContent()) ?? '';
    return Number(cell.match(/^\d+ \/ (\d+)$/)?.[1]);
  };
  const one = await promptTokensOf('hola ');
  const two = await promptTokensOf('hola hola ');
  expect([one, two]).toEqual([3, 5]);
  const total = tokensOf(REPEATS, one, two);
  const kept = CONTEXT - TOKENS;

  await ac.editor.fill(LONG);
  const suggestion = await ac.suggestion();
  expect(suggestion.length).toBeGreaterThan(0);
  await expect(ac.status).toContainText('alternative 1 of 3 · from the model');
  // The model saw the last context − tokens-per-suggestion tokens: room for the whole suggestion.
  await expect(ac.historyRow(0).locator('td').nth(3)).toHaveText(new RegExp(`^\\d+ / ${kept}$`));
  await expect(ac.mode.getByText(`The text does not fit the model’s context with room for the suggestion: its first ${integer(total - kept)} tokens were left out.`)).toBeVisible();
  await ac.saveScreenshot(testInfo, 'prompt-crop-autocomplete');

  // Served again from the cache, the suggestion still says so; a short text says nothing.
  await ac.editor.fill('hola ');
  await ac.suggestion();
  await expect(ac.mode.getByText(/tokens were left out/)).toHaveCount(0);
  await ac.editor.fill(LONG);
  await expect(ac.status).toContainText('from the cache');
  await expect(ac.mode.getByText(`its first ${integer(total - kept)} tokens were left out`, { exact: false })).toBeVisible();
});
