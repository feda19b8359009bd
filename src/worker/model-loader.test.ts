import { describe, expect, it } from 'vitest';
import { chooseDevice, chooseDtype } from './model-loader.ts';
import type { GpuProbe } from '../engine/gpu-probe.ts';

const gpu = (overrides: Partial<Extract<GpuProbe, { available: true }>> = {}): GpuProbe => ({
  available: true,
  vendor: 'nvidia',
  architecture: 'hopper',
  device: '',
  description: '',
  isFallbackAdapter: false,
  shaderF16: true,
  ...overrides,
});
const none: GpuProbe = { available: false, code: 'no_webgpu', detail: null };

describe('chooseDevice', () => {
  it('takes WebGPU on a real GPU when asked for auto', () => {
    expect(chooseDevice({ device: 'auto' }, gpu())).toEqual({ device: 'webgpu', fallbackReason: null });
  });

  // A software adapter is ~100× slower than WASM here: auto must not pick it, and must say why.
  it('falls back to WASM from a software adapter, with the reason', () => {
    const choice = chooseDevice({ device: 'auto' }, gpu({ vendor: 'google', architecture: 'swiftshader', isFallbackAdapter: true }));
    expect(choice.device).toBe('wasm');
    expect(choice.fallbackReason).toEqual({ code: 'software_adapter', adapter: 'google / swiftshader' });
  });

  it('falls back to WASM without WebGPU, with the reason', () => {
    expect(chooseDevice({ device: 'auto' }, none)).toEqual({ device: 'wasm', fallbackReason: { code: 'no_webgpu' } });
  });

  it('obeys a forced backend, and refuses WebGPU where there is none', () => {
    expect(chooseDevice({ device: 'wasm' }, gpu()).device).toBe('wasm');
    expect(chooseDevice({ device: 'webgpu' }, gpu({ isFallbackAdapter: true })).device).toBe('webgpu');
    expect(() => chooseDevice({ device: 'webgpu' }, none)).toThrow(expect.objectContaining({ code: 'backend_unavailable', params: { device: 'webgpu' } }));
  });
});

describe('chooseDtype', () => {
  it('defaults to q8 on WASM and fp32 on WebGPU', () => {
    expect(chooseDtype('auto', 'wasm', none)).toBe('q8');
    expect(chooseDtype('auto', 'webgpu', gpu())).toBe('fp32');
  });

  it('refuses fp16 on WebGPU without shader-f16', () => {
    expect(() => chooseDtype('fp16', 'webgpu', gpu({ shaderF16: false }))).toThrow(/no_shader_f16/);
    expect(chooseDtype('fp16', 'webgpu', gpu())).toBe('fp16');
    expect(chooseDtype('fp16', 'wasm', none)).toBe('fp16');
  });
});
