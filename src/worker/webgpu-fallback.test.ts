// `auto` picks WebGPU on a real GPU; when WebGPU then cannot run the model, the load goes on with
// WASM and says why, instead of failing. ONNX Runtime for Node has a WebGPU backend (Dawn): on a
// machine without a GPU, as in CI, it finds no adapter, which is exactly that failure, for real.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { GpuProbe } from '../engine/gpu-probe.ts';
import { loadSession } from './model-loader.ts';
import { generateTinyModels, GPT2 } from './testing/node-harness.ts';

let models: ReturnType<typeof generateTinyModels>;
beforeAll(() => {
  models = generateTinyModels(['gpt2']);
});
afterAll(() => models?.remove());

/** What the page's worker would report for a hardware adapter (the browser's, not Node's). */
const HARDWARE_ADAPTER: GpuProbe = { available: true, vendor: 'acme', architecture: 'real-gpu', device: '', description: '', isFallbackAdapter: false, shaderF16: false };

it('falls back to WASM with the reason when WebGPU cannot run the model, and generates', async () => {
  const session = await loadSession({ type: 'load', requestId: 'load-1', modelId: GPT2, dtype: 'fp32', device: 'auto' }, HARDWARE_ADAPTER, () => undefined, () => performance.now());
  try {
    if (session.info.device === 'webgpu') {
      // A machine whose Node has a working WebGPU adapter: nothing to fall back from.
      expect(session.info.fallbackReason).toBeNull();
    } else {
      expect(session.info.device).toBe('wasm');
      expect(session.info.fallbackReason).toMatchObject({ code: 'webgpu_failed', error: expect.any(String), detail: expect.any(String) });
    }
    const logits = await session.lm.prefill([session.lm.eosTokenId], 1);
    expect(logits[0]?.length).toBe(50257);
    await session.lm.release();
  } finally {
    await session.model.dispose();
  }
}, 60_000);

it('does not fall back when WebGPU was asked for by name: the person sees the error', async () => {
  const load = loadSession({ type: 'load', requestId: 'load-2', modelId: GPT2, dtype: 'fp32', device: 'webgpu' }, HARDWARE_ADAPTER, () => undefined, () => performance.now());
  const outcome = await load.then(
    async (session) => {
      await session.model.dispose();
      return session.info.device;
    },
    () => 'failed' as const,
  );
  // Where Node's WebGPU works it loads there; elsewhere the load fails rather than switching backend.
  expect(['webgpu', 'failed']).toContain(outcome);
}, 60_000);
