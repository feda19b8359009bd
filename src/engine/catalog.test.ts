import { describe, expect, it } from 'vitest';
import { CATALOG, dtypeChoices, isConvertedInBrowser, isLocalModelId } from './catalog.ts';

describe('CATALOG', () => {
  it('offers the three Hub ONNX models, the checkpoints converted in the browser and the generated ones', () => {
    expect(CATALOG.map((e) => e.id)).toEqual([
      'onnx-community/gpt2-ONNX',
      'Xenova/distilgpt2',
      'Xenova/gpt-neo-125M',
      'datificate/gpt2-small-spanish',
      'DeepESP/gpt2-spanish',
      'openai-community/gpt2-medium',
      'openai-community/gpt2-large',
      'EleutherAI/gpt-neo-125m',
      'EleutherAI/gpt-neo-1.3B',
      'EleutherAI/gpt-neo-2.7B',
      'roneneldan/TinyStories-1M',
      'roneneldan/TinyStories-33M',
      'local/gpt2-tiny',
      'local/gpt-neo-tiny',
    ]);
  });

  // Sizes of converted checkpoints come from their configs' dimensions (gpt-parameters.ts), not guesses.
  it('gives converted checkpoints their parameter counts and every dtype, estimated', () => {
    const converted = CATALOG.filter((e) => e.conversion === 'browser');
    expect(Object.fromEntries(converted.map((e) => [e.id, e.parameters]))).toEqual({
      'datificate/gpt2-small-spanish': 124_439_808,
      'DeepESP/gpt2-spanish': 124_439_808,
      'openai-community/gpt2-medium': 354_823_168,
      'openai-community/gpt2-large': 774_030_080,
      'EleutherAI/gpt-neo-125m': 125_198_592,
      'EleutherAI/gpt-neo-1.3B': 1_315_575_808,
      'EleutherAI/gpt-neo-2.7B': 2_651_307_520,
      'roneneldan/TinyStories-1M': 3_745_984,
      'roneneldan/TinyStories-33M': 68_514_048,
    });
    for (const entry of converted) {
      expect(entry.source, entry.id).toBe('hub');
      expect(entry.dtypes.map((d) => d.dtype)).toEqual(['fp32', 'fp16', 'q8', 'q4']);
    }
    // 2.7 B parameters: about 10.6 GB in fp32, 2.6 GB in q4 (why its preset says WebGPU and q4).
    const neo27 = converted.find((e) => e.id === 'EleutherAI/gpt-neo-2.7B');
    expect(neo27?.dtypes.map((d) => [d.dtype, d.bytes])).toEqual([
      ['fp32', 10_614e6],
      ['fp16', 5_307e6],
      ['q8', 3_538e6],
      ['q4', 2_558e6],
    ]);
    expect(isConvertedInBrowser('EleutherAI/gpt-neo-2.7B')).toBe(true);
    expect(isConvertedInBrowser('onnx-community/gpt2-ONNX')).toBe(false);
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
