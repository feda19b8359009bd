import { describe, expect, it } from 'vitest';
import type { GpuProbe } from '../../engine/gpu-probe.ts';
import { blockedReason, catalogEntry, dtypeOptions, effectiveBackend, filePercent, resolvedDtype } from './model-options.ts';

const SWIFTSHADER: GpuProbe = {
  available: true,
  vendor: 'google',
  architecture: 'swiftshader',
  device: '',
  description: '',
  isFallbackAdapter: true,
  shaderF16: false,
};
const REAL_GPU: GpuProbe = { ...SWIFTSHADER, vendor: 'nvidia', architecture: 'hopper', isFallbackAdapter: false, shaderF16: true };
const NO_GPU: GpuProbe = { available: false, code: 'no_webgpu', detail: null };

describe('effectiveBackend', () => {
  it('is what was chosen, and for auto WebGPU only on a real GPU', () => {
    expect(effectiveBackend('wasm', REAL_GPU)).toBe('wasm');
    expect(effectiveBackend('webgpu', NO_GPU)).toBe('webgpu');
    expect(effectiveBackend('auto', REAL_GPU)).toBe('webgpu');
    expect(effectiveBackend('auto', SWIFTSHADER)).toBe('wasm');
    expect(effectiveBackend('auto', NO_GPU)).toBe('wasm');
    expect(effectiveBackend('auto', null)).toBe('wasm');
  });

});

describe('dtypeOptions', () => {
  it('lists only the dtypes the model has, with their sizes', () => {
    const distil = dtypeOptions(catalogEntry('Xenova/distilgpt2'), 'wasm', null);
    expect(distil.map((o) => o.dtype)).toEqual(['fp32', 'q8']);
    const tiny = dtypeOptions(catalogEntry('local/gpt2-tiny'), 'wasm', null);
    expect(tiny.map((o) => [o.dtype, o.bytes])).toEqual([
      ['fp32', 13_300_000],
      ['fp16', 6_700_000],
      ['q8', 6_600_000],
      ['q4', 5_400_000],
    ]);
  });

  // The SwiftShader adapter has no shader-f16: fp16 is offered but cannot be picked there.
  it('marks fp16 unavailable on a WebGPU adapter without shader-f16, with the reason', () => {
    const options = dtypeOptions(catalogEntry('local/gpt2-tiny'), 'webgpu', SWIFTSHADER);
    const fp16 = options.find((o) => o.dtype === 'fp16');
    expect(fp16?.support.ok).toBe(false);
    expect(fp16 && !fp16.support.ok && fp16.support.reason).toMatch(/shader-f16/);
    expect(options.filter((o) => o.support.ok).map((o) => o.dtype)).toEqual(['fp32', 'q8', 'q4']);
  });

  it('offers every dtype for an id typed by hand', () => {
    expect(dtypeOptions(undefined, 'wasm', null).map((o) => [o.dtype, o.bytes])).toEqual([
      ['fp32', null],
      ['fp16', null],
      ['q8', null],
      ['q4', null],
    ]);
  });
});

describe('blockedReason', () => {
  it('explains why fp16 cannot load on WebGPU without shader-f16, and lets auto through', () => {
    const options = dtypeOptions(catalogEntry('local/gpt2-tiny'), 'webgpu', SWIFTSHADER);
    expect(blockedReason(options, 'fp16', 'webgpu')).toBe('no_shader_f16');
    expect(blockedReason(options, 'auto', 'webgpu')).toBeNull();
    expect(resolvedDtype('auto', 'webgpu')).toBe('fp32');
    expect(resolvedDtype('auto', 'wasm')).toBe('q8');
  });
});

describe('filePercent', () => {
  it('rounds down, so 100 % means the file is complete', () => {
    expect(filePercent({ loaded: 3_300_000, total: 6_600_000, done: false })).toBe(50);
    expect(filePercent({ loaded: 6_599_999, total: 6_600_000, done: false })).toBe(99);
    expect(filePercent({ loaded: 10, total: null, done: false })).toBeNull();
    expect(filePercent({ loaded: 0, total: null, done: true })).toBe(100);
  });
});
