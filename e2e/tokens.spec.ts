/** Inside the tokens: chips, the popover with ids, probabilities and the top-10 candidates, on a real run. */
import { expect, test } from '@playwright/test';
import { WorkspacePage } from './fixtures/workspace.ts';

test.describe('tokens', () => {
  let ws: WorkspacePage;

  test.beforeEach(async ({ page }) => {
    ws = new WorkspacePage(page);
    await ws.goto();
  });

  test('the token popover shows the id, probabilities and the top-10 candidates', async ({ page }, testInfo) => {
    await ws.loadModel();
    const panel = ws.panel(1);
    await panel.set('Max new tokens', 12);
    await panel.set('Top-k', 3);
    await ws.generateAndWait();

    await ws.showTokens.click();
    await expect(page.getByRole('group', { name: 'Token colours' })).toContainText('raw');
    const chips = panel.tokens.getByRole('button');
    await expect(chips).toHaveCount(12);

    await chips.nth(2).hover();
    const tooltip = page.getByRole('tooltip', { name: /^Token \d+$/ });
    await expect(tooltip).toBeVisible();
    const id = (await tooltip.getAttribute('aria-label'))?.replace('Token ', '') ?? '';
    await expect(tooltip.getByRole('definition').nth(1)).toHaveText(id);
    await expect(tooltip).toContainText('Raw probability');
    await expect(tooltip).toContainText('Final probability');
    await expect(tooltip).toContainText('Rank');
    await expect(tooltip.getByRole('row')).toHaveCount(11);
    await expect(tooltip.getByRole('meter', { name: /^Raw probability of \d+$/ })).toHaveCount(10);
    await expect(tooltip.getByRole('meter', { name: /^Final probability of \d+$/ })).toHaveCount(10);
    // Top-k 3 keeps the three most probable: ranks 4 to 10 are marked as removed by it.
    await expect(tooltip.getByText('removed by top-k')).toHaveCount(7);
    await expect(tooltip.getByText('chosen')).toHaveCount(1);
    await expect(chips.nth(2)).toHaveAttribute('aria-describedby', (await tooltip.getAttribute('id')) ?? '');
    await ws.saveScreenshot(testInfo, 'playground-token-popover', { fullPage: false });

    await page.keyboard.press('Escape');
    await expect(tooltip).toBeHidden();

    // Keyboard: the strip is one tab stop, arrows move, focus opens the popover.
    await chips.nth(0).focus();
    await expect(page.getByRole('tooltip')).toBeVisible();
    await page.keyboard.press('ArrowRight');
    await expect(chips.nth(1)).toBeFocused();
    await expect(chips.nth(1)).toHaveAttribute('aria-describedby', /.+/);
    await page.keyboard.press('Escape');
    await expect(page.getByRole('tooltip')).toBeHidden();
  });

  // The popover names every filter that removed a candidate, not only top-k: top-p, the n-gram ban and the penalty.
  test('the popover marks candidates removed by top-p, banned by the n-gram rule, and penalised', async ({ page }) => {
    await ws.loadModel();
    const panel = ws.panel(1);
    await panel.set('Max new tokens', 10);
    await panel.set('Top-k', 0);
    // Random weights give a flat distribution: a low temperature makes it peaked enough that
    // top-p 0.3 keeps only the first few candidates and cuts the rest of the top 10.
    await panel.set('Temperature', 0.05);
    await panel.set('Top-p', 0.3);
    await panel.set('Repetition penalty', 1.5);
    await panel.set('No-repeat n-gram size', 1);
    await ws.generateAndWait();
    await ws.showTokens.click();
    const chips = panel.tokens.getByRole('button');
    await expect(chips).toHaveCount(10);
    // With n-gram size 1 every token already in the sequence is banned, and penalised first.
    const seen: string[] = [];
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      await chips.nth(i).hover();
      const tooltip = page.getByRole('tooltip', { name: /^Token \d+$/ });
      await expect(tooltip).toBeVisible();
      seen.push((await tooltip.textContent()) ?? '');
      ids.push((await tooltip.getAttribute('aria-label')) ?? '');
    }
    const all = seen.join('\n');
    expect(all).toContain('removed by top-p');
    expect(all).toContain('banned: repeats an n-gram');
    expect(all).toContain('penalised');
    // No token that the n-gram rule bans is ever drawn: the ten ids are all different.
    expect(new Set(ids).size).toBe(10);
  });

  test('greedy steps mark every other candidate as not taken', async ({ page }) => {
    await ws.loadModel();
    await page.getByRole('button', { name: 'Paso voraz' }).click();
    await ws.generateAndWait();
    await ws.showTokens.click();
    const chips = ws.panel(1).tokens.getByRole('button');
    await expect(chips).toHaveCount(6);
    await chips.first().hover();
    const tooltip = page.getByRole('tooltip');
    await expect(tooltip).toContainText('Greedy step');
    await expect(tooltip.getByText('not taken: greedy')).toHaveCount(9);
  });
});
