import { expect, test } from '@playwright/test';
import { ModelHarnessPage } from './fixtures/model-harness.ts';
import type { GreedyOptions, GreedyRun } from './harness/greedy.worker.ts';

/** Few tokens: SwiftShader runs about 1 token/s, and this test loads seven models. */
const NEW_TOKENS = 3;
const base = { modelId: 'local/gpt2-tiny', prompt: 'Hello, I am', maxNewTokens: NEW_TOKENS } as const satisfies Partial<GreedyOptions>;

// Every weight format we generate runs on WASM and on WebGPU, except fp16 on an adapter without
// shader-f16 (CI's SwiftShader), which must fail with a message instead of producing garbage.
test('gpt2-tiny runs every dtype on wasm and webgpu; fp16 on webgpu needs shader-f16', async ({ page }, testInfo) => {
  test.setTimeout(240_000);
  const harness = new ModelHarnessPage(page);
  await harness.goto();
  const shaderF16 = await page.evaluate(async () => (await navigator.gpu?.requestAdapter())?.features.has('shader-f16') ?? false);

  const runs: Record<string, GreedyRun | string> = {};
  for (const dtype of ['fp32', 'fp16', 'q8', 'q4'] as const) {
    const wasm = await harness.runGreedy({ ...base, device: 'wasm', dtype });
    runs[`wasm ${dtype}`] = wasm;
    expect(wasm.generatedIds, `wasm ${dtype}`).toHaveLength(NEW_TOKENS);
    expect(wasm.backend.sessionDevice).toBe('wasm');

    if (dtype === 'fp16' && !shaderF16) {
      const failure = await harness.runGreedy({ ...base, device: 'webgpu', dtype }).then(
        () => 'no error',
        (error: Error) => error.message,
      );
      runs[`webgpu ${dtype}`] = failure;
      expect(failure).toContain('does not support fp16');
      continue;
    }
    const webgpu = await harness.runGreedy({ ...base, device: 'webgpu', dtype });
    runs[`webgpu ${dtype}`] = webgpu;
    expect(webgpu.generatedIds, `webgpu ${dtype}`).toHaveLength(NEW_TOKENS);
    expect(webgpu.backend).toMatchObject({ sessionDevice: 'webgpu', kvCacheLocations: ['gpu-buffer'] });
    // fp32 and q4 keep float activations: the backends agree token for token. q8 quantizes
    // activations at run time, where GPU and CPU kernels may round differently; it must still run.
    if (dtype !== 'q8') expect(webgpu.generatedIds, `webgpu ${dtype} vs wasm`).toEqual(wasm.generatedIds);
  }
  await harness.saveArtifacts(testInfo, 'model-dtypes-gpt2-tiny', runs);
  expect(harness.requestsLeavingTheMachine()).toEqual([]);
});
