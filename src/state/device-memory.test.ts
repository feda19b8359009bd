import { describe, expect, it } from 'vitest';
import type { GpuProbe } from '../engine/gpu-probe.ts';
import { bufferFitOnThisAdapter, catalogBytes, fitOnThisDevice, mayNotFit } from './device-memory.ts';

describe('device memory against the catalog', () => {
  it('reads sizes from the catalog, null for ids it does not hold', () => {
    expect(catalogBytes('onnx-community/gpt2-ONNX', 'fp32')).toBe(496e6);
    expect(catalogBytes('local/gpt2-tiny', 'q8')).toBe(6_600_000);
    expect(catalogBytes('someone/else', 'fp32')).toBeNull();
  });

  it('flags GPT-2 fp32 at 0.5 GB but not q4, nor tiny models, nor unknown memory', () => {
    expect(fitOnThisDevice('onnx-community/gpt2-ONNX', 'fp32', 0.5).fits).toBe(false);
    expect(fitOnThisDevice('onnx-community/gpt2-ONNX', 'q4', 0.5).fits).toBe(true);
    expect(fitOnThisDevice('local/gpt2-tiny', 'fp32', 0.25).fits).toBe(true);
    expect(fitOnThisDevice('onnx-community/gpt2-ONNX', 'fp32', undefined).fits).toBe(true);
  });

  // A shared link loads by itself: `auto` may become fp32 (WebGPU) or q8 (WASM), so both count.
  it('counts every dtype `auto` may become', () => {
    const gpt2 = 'onnx-community/gpt2-ONNX';
    expect(mayNotFit({ modelId: gpt2, dtype: 'auto', device: 'auto' }, 1)).toBe(true); // fp32: 992 MB > 500 MB
    expect(mayNotFit({ modelId: gpt2, dtype: 'auto', device: 'wasm' }, 1)).toBe(false); // q8: 332 MB
    expect(mayNotFit({ modelId: gpt2, dtype: 'q8', device: 'auto' }, 0.5)).toBe(true); // 332 MB > 250 MB
  });
});

/** A real GPU's adapter whose storage buffers are bound at most 128 MiB (WebGPU's default limit). */
function adapter(maxStorageBufferBindingSize: number, isFallbackAdapter = false): GpuProbe {
  return {
    available: true,
    vendor: 'acme',
    architecture: 'test',
    device: '',
    description: '',
    isFallbackAdapter,
    shaderF16: true,
    bufferLimits: { maxBufferSize: 268_435_456, maxStorageBufferBindingSize },
  };
}

describe('adapter limits against the catalog', () => {
  const neo27 = 'EleutherAI/gpt-neo-2.7B';
  const gpt2 = 'onnx-community/gpt2-ONNX';

  // GPT-Neo 2.7B's fp32 embedding is 514.6 MB: more than a 128 MiB binding; q8's 128.7 MB is not.
  it('flags a tensor too large for the adapter, on WebGPU only', () => {
    expect(bufferFitOnThisAdapter(neo27, 'fp32', 'webgpu', adapter(134_217_728))).toEqual({
      fits: false,
      tensorBytes: 514_631_680,
      limitBytes: 134_217_728,
      limit: 'maxStorageBufferBindingSize',
    });
    expect(bufferFitOnThisAdapter(neo27, 'q8', 'webgpu', adapter(134_217_728)).fits).toBe(true);
    expect(bufferFitOnThisAdapter(neo27, 'fp32', 'wasm', adapter(134_217_728)).fits).toBe(true);
    // GPT-2 small's fp32 embedding, 154.4 MB, is over 128 MiB too; its fp16 one, 77.2 MB, is not.
    expect(bufferFitOnThisAdapter(gpt2, 'fp32', 'webgpu', adapter(134_217_728)).fits).toBe(false);
    expect(bufferFitOnThisAdapter(gpt2, 'fp16', 'webgpu', adapter(134_217_728)).fits).toBe(true);
  });

  it('says nothing before the probe, without an adapter, or when it reports no limits', () => {
    expect(bufferFitOnThisAdapter(neo27, 'fp32', 'webgpu', null).fits).toBe(true);
    expect(bufferFitOnThisAdapter(neo27, 'fp32', 'webgpu', { available: false, code: 'no_adapter', detail: null }).fits).toBe(true);
    const noLimits: GpuProbe = { available: true, vendor: 'acme', architecture: 'old', device: '', description: '', isFallbackAdapter: false, shaderF16: false };
    expect(bufferFitOnThisAdapter(neo27, 'fp32', 'webgpu', noLimits).fits).toBe(true);
  });

  // A shared link's model: on WebGPU (chosen, or `auto` on a real GPU) the adapter's limit counts
  // too. 64 GB of memory, so that only the adapter can object.
  it('keeps a linked model from loading by itself when WebGPU cannot hold its tensor', () => {
    const small = adapter(134_217_728);
    expect(mayNotFit({ modelId: neo27, dtype: 'fp32', device: 'webgpu', gpuProbe: small }, 64)).toBe(true);
    expect(mayNotFit({ modelId: neo27, dtype: 'auto', device: 'auto', gpuProbe: small }, 64)).toBe(true); // auto: WebGPU, fp32
    expect(mayNotFit({ modelId: neo27, dtype: 'q8', device: 'webgpu', gpuProbe: small }, 64)).toBe(false);
    // A software adapter makes `auto` WASM: the adapter's limit does not apply.
    expect(mayNotFit({ modelId: neo27, dtype: 'fp32', device: 'auto', gpuProbe: adapter(134_217_728, true) }, 64)).toBe(false);
    expect(mayNotFit({ modelId: neo27, dtype: 'fp32', device: 'wasm', gpuProbe: small }, 64)).toBe(false);
  });
});
