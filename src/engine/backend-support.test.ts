import { describe, expect, it } from 'vitest';
import { BACKENDS, defaultDtype, dtypeSpeedNote, dtypeSupport, MODEL_DTYPES } from './backend-support.ts';

describe('dtypeSupport', () => {
  // The SwiftShader adapter of our CI has no shader-f16: fp16 must be refused there with a reason.
  it('refuses fp16 on WebGPU without shader-f16, and says what to do', () => {
    const result = dtypeSupport('fp16', 'webgpu', { shaderF16: false });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(/shader-f16.*Pick fp32, q8 or q4, or run on WASM/);
    expect(dtypeSupport('fp16', 'webgpu', null).ok).toBe(false);
  });

  it('allows every other pair', () => {
    for (const backend of BACKENDS) {
      for (const dtype of MODEL_DTYPES) {
        if (backend === 'webgpu' && dtype === 'fp16') continue;
        expect(dtypeSupport(dtype, backend, { shaderF16: false })).toEqual({ ok: true });
      }
    }
    expect(dtypeSupport('fp16', 'webgpu', { shaderF16: true })).toEqual({ ok: true });
  });
});

describe('defaultDtype', () => {
  // `auto` must always be a dtype the backend can run, whatever the adapter.
  it('is q8 on WASM and fp32 on WebGPU, both runnable without shader-f16', () => {
    expect(defaultDtype('wasm')).toBe('q8');
    expect(defaultDtype('webgpu')).toBe('fp32');
    for (const backend of BACKENDS) expect(dtypeSupport(defaultDtype(backend), backend, null)).toEqual({ ok: true });
  });
});

describe('dtypeSpeedNote', () => {
  // Why: q4 runs ~14× slower than fp32/q8 on WASM (docs/speed.md); auto must never be that one,
  // and choosing it by hand must come with the reason.
  it('flags q4 on WASM only', () => {
    const flagged = BACKENDS.flatMap((backend) => MODEL_DTYPES.filter((dtype) => dtypeSpeedNote(dtype, backend) !== null).map((dtype) => `${dtype}/${backend}`));
    expect(flagged).toEqual(['q4/wasm']);
    expect(dtypeSpeedNote('q4', 'wasm')).toBe('q4_on_wasm');
  });

  it('never flags what auto picks', () => {
    for (const backend of BACKENDS) expect(dtypeSpeedNote(defaultDtype(backend), backend)).toBeNull();
  });
});
