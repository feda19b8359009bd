/**
 * The main thread while four panels stream 250 tokens each, as text and as chips, on the
 * production build (project `production` in playwright.config.ts: the development build's React
 * checks and StrictMode make every render many times slower than what people get).
 *
 * Measured and reported (e2e-artifacts/responsiveness.json and the test's annotations): every long
 * task (PerformanceObserver 'longtask'); every long animation frame split into our scripts, rendering
 * (style, layout, paint) and the rest; and every per-frame flush of streamed tokens (the bridge's
 * requestAnimationFrame callback with React's render).
 *
 * Typing in the prompt box goes on during both runs; the Event Timing API gives each key's time to
 * the next paint.
 *
 * It fails when 10 % of the flushes or more take over 50 ms (the page's own work), or when typing
 * is not smooth: a median key-to-paint over 50 ms, or any key over 200 ms. Long tasks
 * themselves are reported, not failed on: on a 2-core machine the model takes one core and the
 * software GPU rasterizes on the other, and the frames show it — long frames of 50-250 ms with no
 * script of ours at all (docs/responsiveness.md).
 */
import { expect, test } from '@playwright/test';
import { WorkspacePage } from './fixtures/workspace.ts';

// Playwright's trace recorder snapshots the whole DOM on every action, on the page's main thread:
// with a thousand token chips that alone is a long task. Measure the page, not the recorder.
test.use({ trace: 'off' });

test('four panels stream, token flushes stay small and typing stays smooth (production build)', async ({ page }) => {
  const testInfo = test.info();
  const ws = new WorkspacePage(page);
  await ws.goto();
  await ws.loadModel();
  for (let i = 0; i < 3; i++) await ws.addPanelButton.click();
  for (const i of [1, 2, 3, 4]) await ws.panel(i).set('Max new tokens', 250);

  const runs = [];
  // The first run pays one-time costs on the main thread (the system's font lookup for scripts the
  // page has not drawn yet — random weights write every script — and code not yet optimized): it
  // is reported as the warm-up and not judged; the next runs are what a person sees from then on.
  for (const [view, warmUp] of [['text', true], ['text', false], ['tokens', false]] as const) {
    if (view === 'tokens') await ws.showTokens.click();
    // Type in the prompt box while the panels stream, the way a person drafts the next prompt;
    // put the prompt back afterwards so both runs see the same one.
    const typed = ` ${view} while it writes`;
    const typeInPrompt = async () => {
      const box = await ws.prompt.elementHandle();
      await box?.focus();
      await page.keyboard.press('End');
      await page.keyboard.type(typed, { delay: 40 });
    };
    const before = await ws.prompt.inputValue();
    const { beforeClick, clickedAt } = await ws.generateQuietly(60_000, typeInPrompt);
    expect(await ws.prompt.inputValue(), 'every key landed in the prompt box').toBe(before + typed);
    await ws.prompt.fill(before);
    const streamingMs = Math.round((await ws.now()) - clickedAt);
    const tokens = [];
    for (const i of [1, 2, 3, 4]) tokens.push(await ws.panel(i).generatedTokens());
    const longTasks = (await ws.longTasksSince(beforeClick)).map((t) => Math.round(t.duration));
    // One keydown per character; those under 16 ms to the next paint are not reported: count them as 16.
    const reported = (await ws.slowKeysSince(clickedAt)).filter((k) => k.name === 'keydown').map((k) => Math.round(k.duration));
    const keyMs = [...reported, ...Array<number>(Math.max(0, typed.length - reported.length)).fill(16)].sort((a, b) => a - b);
    const keys = { typed: typed.length, median: keyMs[Math.floor(keyMs.length / 2)] ?? 0, max: keyMs.at(-1) ?? 0 };
    const flushes = (await ws.frameCallbacksSince(clickedAt)).sort((a, b) => a - b);
    const quantile = (q: number) => Math.round((flushes[Math.min(flushes.length - 1, Math.floor(q * flushes.length))] ?? 0) * 10) / 10;
    const flushMs = { count: flushes.length, median: quantile(0.5), p90: quantile(0.9), max: quantile(1) };
    const longFrames = await ws.longFramesSince(beforeClick);
    runs.push({ view, warmUp, tokens, streamingMs, longTasks, flushMs, keys, longFrames });
    const note =
      `${view} view${warmUp ? ' (warm-up)' : ''}: ${tokens.join('+')} tokens in ${streamingMs} ms; long tasks: ${longTasks.length ? `${longTasks.join(', ')} ms` : 'none'}; ` +
      `${flushMs.count} token flushes, median ${flushMs.median} ms, p90 ${flushMs.p90} ms, max ${flushMs.max} ms; ` +
      `typing: ${keys.typed} keys, key to next paint median ${keys.median} ms, max ${keys.max} ms`;
    testInfo.annotations.push({ type: 'long tasks', description: note });
    console.log(note);
  }
  await ws.saveJson(testInfo, 'responsiveness', runs);
  await ws.saveScreenshot(testInfo, 'playground-four-panels-tokens');
  for (const run of runs) {
    expect(run.tokens, `${run.view} view: every panel wrote its 250 tokens`).toEqual([250, 250, 250, 250]);
    if (run.warmUp) continue;
    expect(run.flushMs.count, `${run.view} view: tokens arrived in many frames, not at the end`).toBeGreaterThan(10);
    expect(run.flushMs.p90, `${run.view} view: 90th percentile of one token flush (ms)`).toBeLessThanOrEqual(50);
    // Typing stays smooth: half the keys reach the screen within 50 ms, and none takes over 200 ms
    // (web.dev's threshold for a "good" Interaction to Next Paint).
    expect(run.keys.median, `${run.view} view: median key to next paint (ms)`).toBeLessThanOrEqual(50);
    expect(run.keys.max, `${run.view} view: slowest key to next paint (ms)`).toBeLessThanOrEqual(200);
  }
});
