import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { identityModel } from './runtime-start.ts';

describe('identityModel', () => {
  // The worker starts ONNX Runtime with this graph: it must be a model the runtime accepts and runs.
  it('is a one-node graph ONNX Runtime creates a session of and runs', async () => {
    const session = await ort.InferenceSession.create(identityModel());
    expect(session.inputNames).toEqual(['x']);
    const { y } = await session.run({ x: new ort.Tensor('float32', Float32Array.of(2.5), [1]) });
    expect(Array.from(y?.data as Float32Array)).toEqual([2.5]);
    await session.release();
  });
});
