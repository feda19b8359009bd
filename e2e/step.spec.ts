/**
 * The "Step by step" mode end to end: the real worker, transformers.js and ONNX Runtime (WASM, the
 * default q8) on the generated `local/gpt2-tiny`. Stepping, Back and its redo, a hand-chosen
 * branch, the pipeline and pseudo-code views, and the promise that a greedy walk writes exactly
 * what the playground's greedy run writes.
 */
import { expect, test } from '@playwright/test';
import { PlaygroundPage } from './fixtures/playground-page.ts';
import { StepPage } from './fixtures/step-page.ts';
import { WorkspacePage } from './fixtures/workspace.ts';

const MODEL = 'local/gpt2-tiny';
/** GPT-2's ids for "Hello, I am". */
const PROMPT_IDS = [15496, 11, 314, 716];
// A tiny model loads in seconds, but the test machines are shared: leave room for a slow load.
test.describe.configure({ timeout: 180_000 });

const STAGES = ['Softmax of the raw logits', 'After repetition penalty and no-repeat n-gram', 'After temperature', 'After top-k', 'After top-p', 'After min-p', 'The draw'];

test('steps five tokens, goes back two and redoes them, branches by hand, and shows the pipeline and the loop', async ({ page }, testInfo) => {
  const playground = new PlaygroundPage(page);
  const step = new StepPage(page);
  await playground.goto('/?mode=step');
  await expect(step.tab).toHaveAttribute('aria-selected', 'true');
  await expect(step.nextButton).toBeDisabled();
  await playground.chooseModel(MODEL, { backend: 'wasm' });
  await playground.loadAndWait(MODEL);
  await expect(step.currentLine()).toContainText('while len(new_ids) < max_new_tokens:');

  for (let i = 0; i < 5; i++) await step.next();
  const five = await step.sequenceIds();
  expect(five.slice(0, 4)).toEqual(PROMPT_IDS);
  expect(five).toHaveLength(9);
  await expect(step.ids).toContainText('15496 · 11 · 314 · 716');
  await expect(step.sequence.getByRole('listitem').first()).toHaveText(/^Hello15496/);

  // Every stage is there, with the default settings' cuts (top-k 50, top-p 0.95).
  for (const name of STAGES) await expect(step.stage(name)).toBeVisible();
  await expect(step.pipeline.getByRole('group')).toHaveCount(STAGES.length);
  await expect(step.stage('After top-k')).toContainText('50 of 50,257 kept');
  await expect(step.stage('Softmax of the raw logits')).toContainText('50,257 of 50,257 kept');
  await expect(step.pipeline).toContainText(/u = 0\.\d{4} falls in \[0\.\d{4}, [01]\.\d{4}\): “.*” \(id \d+\) is drawn\./);
  await expect(step.currentLine()).toContainText('ids.append(next_id)');
  // Looking at a stage moves the highlight to its line: the draw is `pick`.
  await step.stage('The draw').hover();
  await expect(step.currentLine()).toContainText('next_id = pick(probs, u)');
  await step.stage('After top-p').hover();
  await expect(step.currentLine()).toContainText('probs = softmax(process(logits))');
  await playground.saveScreenshot(testInfo, 'step-five-tokens');

  await step.backButton.click();
  await step.backButton.click();
  expect(await step.sequenceIds()).toEqual(five.slice(0, 7));
  // Next token after Back brings the same tokens back.
  await step.next();
  await step.next();
  expect(await step.sequenceIds()).toEqual(five);

  // Branch: choose a candidate of the last step other than the drawn one.
  const choose = step.stage('The draw').getByRole('button', { name: /^Choose “.*” \(id \d+\)$/ });
  const enabled = choose.and(page.locator(':enabled')).first();
  const label = (await enabled.getAttribute('aria-label')) ?? '';
  const chosenId = Number(label.match(/\(id (\d+)\)$/)?.[1]);
  expect(chosenId).not.toBe(five[8]);
  await enabled.click();
  const branched = await step.sequenceIds();
  expect(branched).toEqual([...five.slice(0, 8), chosenId]);
  await expect(step.sequence.getByRole('listitem').last()).toContainText('chosen by hand');
  await expect(step.stage('The draw')).toContainText('chosen');
  // The next step continues from the chosen token.
  await step.next();
  const after = await step.sequenceIds();
  expect(after.slice(0, 9)).toEqual(branched);
  expect(after).toHaveLength(10);
  await expect(step.pipeline).toContainText('Step 6');

  await step.restartButton.click();
  expect(await step.sequenceIds()).toEqual(PROMPT_IDS);
});

test('a greedy walk at temperature 1 writes exactly what the playground’s greedy run writes', async ({ page }) => {
  const ws = new WorkspacePage(page);
  const step = new StepPage(page);
  await ws.goto();
  await ws.loadModel(MODEL);
  const panel = ws.panel(1);
  await panel.greedy.click();
  await panel.set('Temperature', 1);
  await panel.set('Max new tokens', 8);
  // Plain greedy, then with a repetition penalty, which makes every token count (plain greedy
  // on random weights may repeat one token).
  const playgroundTexts: string[] = [];
  for (const penalty of [1, 1.3]) {
    await panel.set('Repetition penalty', penalty);
    await ws.generateAndWait();
    await expect(panel.metric('Tokens generated')).toHaveText('8');
    playgroundTexts.push(await panel.text());
  }

  await step.tab.click();
  await expect(step.prompt).toHaveValue('Hello, I am');
  await step.greedy.click();
  await step.set('Temperature', 1);
  await step.set('Max tokens for Run to end', 8);
  for (const [i, penalty] of [1, 1.3].entries()) {
    await step.set('Repetition penalty', penalty);
    if (i > 0) await step.restartButton.click();
    await step.runButton.click();
    await expect(step.sequence.getByRole('listitem')).toHaveCount(PROMPT_IDS.length + 8);
    await expect(step.runButton).toBeDisabled();
    expect(await step.generatedText(), `repetition penalty ${penalty}`).toBe(playgroundTexts[i]);
  }
  expect(playgroundTexts[1]).not.toBe(playgroundTexts[0]);
});

// A link to the step mode opens the same walk's start: the tab, its prompt and its settings.
test('a reload (or a shared link) keeps the mode, its prompt and its settings', async ({ page }) => {
  const playground = new PlaygroundPage(page);
  const step = new StepPage(page);
  await playground.goto('/?mode=step');
  await step.prompt.fill('Me gusta mucho el futbol');
  await step.set('Temperature', 1.3);
  await step.set('Seed', 99);
  await expect.poll(() => page.url()).toMatch(/\?mode=step#s=/);
  // The address is rewritten once the changes pause: wait for the last one to be in it.
  await expect.poll(async () => {
    await page.reload();
    return (await step.setting('Seed').inputValue()) === '99';
  }).toBe(true);
  await expect(step.tab).toHaveAttribute('aria-selected', 'true');
  await expect(step.prompt).toHaveValue('Me gusta mucho el futbol');
  await expect(step.setting('Temperature')).toHaveValue('1.3');
});
