import { expect, test } from '@playwright/test';
import { ModelHarnessPage } from './fixtures/model-harness.ts';
import type { GreedyRun, HarnessModelId, NodePlacement } from './harness/greedy.worker.ts';

const PROMPT = 'Hello, I am';
/** GPT-2's byte-level BPE ids for PROMPT ("Hello", ",", " I", " am"); GPT-Neo shares the tokenizer. */
const PROMPT_IDS = [15496, 11, 314, 716];
const WASM_NEW_TOKENS = 8;
/** SwiftShader runs about 2 tokens/s on these models; a few tokens keep the test well inside its timeout. */
const WEBGPU_NEW_TOKENS = 5;

const MODELS: readonly HarnessModelId[] = ['local/gpt2-tiny', 'local/gpt-neo-tiny'];
/** Verbose ORT logging, so each run reports which execution provider got which nodes. */
const VERBOSE = 0;
/**
 * The ops that do the model's arithmetic. ORT keeps small shape and mask ops on the CPU even under
 * WebGPU (Shape, Range, LessOrEqual, ...); these must not be among them.
 */
const COMPUTE_OPS = ['MatMul', 'Gemm', 'LayerNormalization', 'Softmax', 'Tanh'];

function opsOn(placements: readonly NodePlacement[] | null, provider: string): Readonly<Record<string, number>> {
  return placements?.find((placement) => placement.provider === provider)?.opCounts ?? {};
}

function timingNote(run: GreedyRun): string {
  const { loadMs, generateMs, firstTokenMs, msPerLaterToken } = run.timings;
  const perToken = msPerLaterToken === null ? 'n/a' : `${msPerLaterToken.toFixed(0)} ms`;
  return `load ${loadMs.toFixed(0)} ms, generate ${generateMs.toFixed(0)} ms (first token ${firstTokenMs.toFixed(0)} ms, then ${perToken}/token); ids ${run.generatedIds.join(' ')}`;
}

for (const modelId of MODELS) {
  const name = modelId.replace('local/', '');

  // WebAssembly is the fallback for WebGPU, so both must load our models offline and pick the same greedy tokens.
  test(`${name} loads in a worker and decodes the same greedy tokens on wasm and webgpu`, async ({ page }, testInfo) => {
    const harness = new ModelHarnessPage(page);
    await harness.goto();

    const wasm = await harness.runGreedy({
      modelId,
      device: 'wasm',
      prompt: PROMPT,
      maxNewTokens: WASM_NEW_TOKENS,
      ortLogSeverity: VERBOSE,
    });
    const webgpu = await harness.runGreedy({
      modelId,
      device: 'webgpu',
      prompt: PROMPT,
      maxNewTokens: WEBGPU_NEW_TOKENS,
      ortLogSeverity: VERBOSE,
    });

    testInfo.annotations.push({ type: 'wasm', description: timingNote(wasm) }, { type: 'webgpu', description: timingNote(webgpu) });
    await expect(harness.runs.getByRole('row')).toHaveCount(3);
    await harness.saveArtifacts(testInfo, `model-backends-${name}`, {
      wasm,
      webgpu,
      requestedUrls: harness.requestedUrls,
      failedResponses: harness.failedResponses,
      console: harness.consoleLines,
    });

    expect(wasm.promptIds).toEqual(PROMPT_IDS);
    expect(webgpu.promptIds).toEqual(PROMPT_IDS);
    expect(wasm.generatedIds).toHaveLength(WASM_NEW_TOKENS);
    expect(webgpu.generatedIds).toHaveLength(WEBGPU_NEW_TOKENS);
    expect(webgpu.generatedIds).toEqual(wasm.generatedIds.slice(0, WEBGPU_NEW_TOKENS));

    // Where each run really ran, as seen from inside its worker.
    expect(wasm.backend).toMatchObject({ sessionDevice: 'wasm', ortWebGpuAdapter: null, kvCacheLocations: ['cpu'] });
    expect(webgpu.backend).toMatchObject({ sessionDevice: 'webgpu', kvCacheLocations: ['gpu-buffer'] });
    expect(webgpu.backend.ortWebGpuAdapter, 'ONNX Runtime made a WebGPU device').not.toBeNull();
    expect(webgpu.backend.ortWebGpuAdapter?.vendor).toBe(webgpu.backend.adapterSeenByWorker?.vendor);
    expect(webgpu.backend.ortWebGpuAdapter?.architecture).toBe(webgpu.backend.adapterSeenByWorker?.architecture);
    expect(wasm.backend.nodePlacements?.map((placement) => placement.provider)).toEqual(['CPUExecutionProvider']);
    const onGpu = opsOn(webgpu.backend.nodePlacements, 'WebGpuExecutionProvider');
    const onCpu = opsOn(webgpu.backend.nodePlacements, 'CPUExecutionProvider');
    expect(onGpu.MatMul ?? 0, 'MatMul nodes on the WebGPU EP').toBeGreaterThan(0);
    expect(COMPUTE_OPS.filter((op) => op in onCpu), 'compute ops ORT left on the CPU under WebGPU').toEqual([]);

    // Everything came from the dev server: the model files, and ONNX Runtime from /ort/, not a CDN.
    const paths = harness.requestedUrls.map((url) => new URL(url).pathname);
    expect(paths).toContain(`/models/${modelId}/onnx/model.onnx`);
    expect(paths).toContain('/ort/ort-wasm-simd-threaded.asyncify.wasm');
    expect(harness.requestsLeavingTheMachine()).toEqual([]);
    expect(harness.failedResponses).toEqual([]);
  });
}
