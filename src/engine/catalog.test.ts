import { describe, expect, it } from 'vitest';
import { CATALOG, dtypeChoices, isLocalModelId } from './catalog.ts';

describe('CATALOG', () => {
  it('offers the three Hub models and the generated ones', () => {
    expect(CATALOG.map((e) => e.id)).toEqual(['onnx-community/gpt2-ONNX', 'Xenova/distilgpt2', 'Xenova/gpt-neo-125M', 'local/gpt2-tiny', 'local/gpt-neo-tiny']);
  });

  // People must never mistake a generated model's gibberish for what GPT-2 writes.
  it('labels every generated model as random weights', () => {
    for (const entry of CATALOG.filter((e) => e.source === 'local')) expect(entry.randomWeights).toBe(true);
  });

  // A Hub model's size is known before its first download, and the page says it is an estimate.
  it('gives every dtype a size: measured for generated models, estimated for the Hub ones', () => {
    for (const entry of CATALOG) {
      for (const d of entry.dtypes) {
        expect(d.bytes, `${entry.id} ${d.dtype}`).toBeGreaterThan(0);
        expect(Boolean(d.estimated), `${entry.id} ${d.dtype}`).toBe(entry.source === 'hub');
      }
    }
    const gpt2 = CATALOG.find((e) => e.id === 'onnx-community/gpt2-ONNX');
    // 124 M parameters at GPT-2 small's measured bytes per parameter (docs/models.md): 498/249/166/120 MB.
    expect(gpt2?.dtypes.map((d) => [d.dtype, d.bytes])).toEqual([
      ['fp32', 496e6],
      ['fp16', 248e6],
      ['q8', 165e6],
      ['q4', 120e6],
    ]);
  });

  // Local ids never go to the Hub: the catalog's `source` and the id prefix must agree.
  it('marks exactly the generated models as local by their id', () => {
    for (const entry of CATALOG) expect(isLocalModelId(entry.id), entry.id).toBe(entry.source === 'local');
    expect(isLocalModelId('local/does-not-exist')).toBe(true);
    expect(isLocalModelId('Xenova/local-gpt')).toBe(false);
  });

  it('says why fp16 cannot run on a WebGPU adapter without shader-f16', () => {
    const tiny = CATALOG.find((e) => e.id === 'local/gpt2-tiny');
    if (!tiny) throw new Error('local/gpt2-tiny missing');
    const choices = dtypeChoices(tiny, 'webgpu', { shaderF16: false });
    expect(choices.map((c) => [c.dtype, c.support.ok])).toEqual([
      ['fp32', true],
      ['fp16', false],
      ['q8', true],
      ['q4', true],
    ]);
    expect(dtypeChoices(tiny, 'wasm', { shaderF16: false }).every((c) => c.support.ok)).toBe(true);
  });
});
