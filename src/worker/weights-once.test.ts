// What ONNX Runtime Web is handed: the small ModelProto and the very same bytes as its external
// data (no copy), with the library's options kept; anything it cannot rewrite goes through as it was.
// The browser e2e tests load every dtype, both families and both backends through this path.
import type * as ort from 'onnxruntime-web/webgpu';
import { describe, expect, it } from 'vitest';
import { generateWeights, tinyShape } from '../../scripts/models/weights.ts';
import { buildOnnxModel } from '../onnx/build-model.ts';
import { createWithWeightsOnce, INLINE_WEIGHTS_FILE } from './weights-once.ts';

type Create = typeof ort.InferenceSession.create;

function recordingCreate(): { create: Create; calls: unknown[][] } {
  const calls: unknown[][] = [];
  const create = ((...args: unknown[]) => {
    calls.push(args);
    return Promise.resolve({} as ort.InferenceSession);
  }) as Create;
  return { create, calls };
}

describe('createWithWeightsOnce', () => {
  const model = buildOnnxModel(generateWeights(tinyShape('gpt2'), 5), 'fp32');

  it('hands over a small model and the same bytes as its external data, keeping the options', async () => {
    const { create, calls } = recordingCreate();
    const options = { executionProviders: ['wasm'], logSeverityLevel: 3 as const, externalData: [{ path: 'other.bin', data: 'other.bin' }] };
    await createWithWeightsOnce(create, model, options);
    expect(calls).toHaveLength(1);
    const [small, given] = calls[0] as [Uint8Array, ort.InferenceSession.SessionOptions];
    expect(small.byteLength).toBeLessThan(model.byteLength / 10);
    expect(given.executionProviders).toEqual(['wasm']);
    expect(given.logSeverityLevel).toBe(3);
    expect(given.externalData).toHaveLength(2);
    expect(given.externalData?.[0]).toEqual({ path: 'other.bin', data: 'other.bin' });
    const mounted = given.externalData?.[1] as { path: string; data: Uint8Array };
    expect(mounted.path).toBe(INLINE_WEIGHTS_FILE);
    expect(mounted.data).toBe(model); // the caller's buffer itself: nothing copied
  });

  it('passes a damaged file through unchanged, so ONNX Runtime names the damage', async () => {
    const { create, calls } = recordingCreate();
    const cut = model.subarray(0, model.byteLength / 2);
    const options = { executionProviders: ['wasm'] };
    await createWithWeightsOnce(create, cut, options);
    expect(calls[0]?.[0]).toBe(cut);
    expect(calls[0]?.[1]).toBe(options);
  });
});
