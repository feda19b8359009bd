import { describe, expect, it } from 'vitest';
import { catalogBytes, fitOnThisDevice, mayNotFit } from './device-memory.ts';

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
