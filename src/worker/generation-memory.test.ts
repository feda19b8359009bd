// Memory stays flat over many generations on one loaded model: every step replaces the KV cache,
// and a generation that leaked it (or its logits) would grow by megabytes per run.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { createNodeHarness, generateTinyModels, GPT_NEO, panel, PROMPT } from './testing/node-harness.ts';

/** Node's `gc()`, exposed at run time so the shared Vitest config needs no `--expose-gc`. */
function exposeGc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

const RUNS = 50;
const WARM_UP = 10;
const TOKENS = 8;
/**
 * Allowed growth from run 10 to run 50. Leaks would be far larger: the prefill's logits are 8.8 MB
 * (2 rows × 22 positions × 50,257 floats), a step's 0.4 MB, a panel's sampling workspace ~1 MB.
 */
const MAX_GROWTH_MB = { rss: 30, heapUsed: 10, arrayBuffers: 2 } as const;

let models: ReturnType<typeof generateTinyModels>;
const h = createNodeHarness();

beforeAll(async () => {
  models = generateTinyModels(['gpt_neo']);
  await h.loadOk(GPT_NEO);
});
afterAll(() => models?.remove());
afterEach(() => h.expectEveryRequestEndedOnce());

it(`keeps memory flat over ${RUNS} generations and releases the cache after each`, async () => {
  const gc = exposeGc();
  const measure = async () => {
    // V8 frees ArrayBuffer memory on a background thread after a collection: let it finish, or
    // run 50 reads up to ~25 MB of garbage still counted in arrayBuffers.
    for (let i = 0; i < 3; i++) {
      gc();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const { rss, heapUsed, arrayBuffers } = process.memoryUsage();
    return { rss, heapUsed, arrayBuffers };
  };
  const panels = [panel(TOKENS, { greedy: true }), panel(TOKENS, { temperature: 0.9, topK: 40 }, 2)];
  let afterWarmUp = await measure();
  for (let run = 1; run <= RUNS; run++) {
    const { result } = await h.generate(PROMPT, panels);
    expect(result.panels.map((p) => p.generatedTokens)).toEqual([TOKENS, TOKENS]);
    expect(h.session.lm.length).toBe(0); // the batch's cache is gone once the generate has ended
    if (run === WARM_UP) afterWarmUp = await measure();
  }
  const end = await measure();
  const growthMb = {
    rss: (end.rss - afterWarmUp.rss) / 2 ** 20,
    heapUsed: (end.heapUsed - afterWarmUp.heapUsed) / 2 ** 20,
    arrayBuffers: (end.arrayBuffers - afterWarmUp.arrayBuffers) / 2 ** 20,
  };
  console.info(
    `memory growth from run ${WARM_UP} to run ${RUNS}: rss ${growthMb.rss.toFixed(1)} MB, heap ${growthMb.heapUsed.toFixed(2)} MB, ` +
      `array buffers ${growthMb.arrayBuffers.toFixed(2)} MB (rss at run ${WARM_UP}: ${(afterWarmUp.rss / 2 ** 20).toFixed(0)} MB)`,
  );
  expect(growthMb.rss).toBeLessThan(MAX_GROWTH_MB.rss);
  expect(growthMb.heapUsed).toBeLessThan(MAX_GROWTH_MB.heapUsed);
  expect(growthMb.arrayBuffers).toBeLessThan(MAX_GROWTH_MB.arrayBuffers);
});
