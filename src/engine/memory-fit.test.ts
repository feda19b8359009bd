import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATALOG } from './catalog.ts';
import { bufferFit, CATALOG_EMBEDDINGS, largestTensorBytes, memoryFit } from './memory-fit.ts';

describe('memoryFit', () => {
  // GPT-2 small in fp32 is about 496 MB: a load needs ~992 MB, half of 0.5 GB is 250 MB.
  it('flags GPT-2 fp32 on a 0.5 GB device, with the numbers the page shows', () => {
    expect(memoryFit(496e6, 0.5)).toEqual({ fits: false, weightBytes: 496e6, needBytes: 992e6, deviceBytes: 0.5e9 });
  });

  it('lets smaller dtypes and larger devices through', () => {
    expect(memoryFit(120e6, 0.5)).toEqual({ fits: true }); // q4: 240 MB ≤ 250 MB
    expect(memoryFit(126e6, 0.5).fits).toBe(false); // 252 MB > 250 MB
    expect(memoryFit(496e6, 2)).toEqual({ fits: true }); // 992 MB ≤ 1 GB
    expect(memoryFit(496e6, 8)).toEqual({ fits: true });
  });

  it('says nothing when the size or the memory is unknown', () => {
    expect(memoryFit(null, 0.25)).toEqual({ fits: true });
    expect(memoryFit(496e6, undefined)).toEqual({ fits: true });
    expect(memoryFit(496e6, Number.NaN)).toEqual({ fits: true });
    expect(memoryFit(496e6, 0)).toEqual({ fits: true });
  });
});

describe('largestTensorBytes', () => {
  // The token embedding, vocab × width × bytes per weight: 50,257 × 2,560 × 4 = 514,631,680.
  it('is the token embedding in the dtype’s storage', () => {
    expect(largestTensorBytes('EleutherAI/gpt-neo-2.7B', 'fp32')).toBe(514_631_680);
    expect(largestTensorBytes('EleutherAI/gpt-neo-2.7B', 'fp16')).toBe(257_315_840);
    // q8 and q4 keep the embedding as uint8 codes.
    expect(largestTensorBytes('EleutherAI/gpt-neo-2.7B', 'q8')).toBe(128_657_920);
    expect(largestTensorBytes('EleutherAI/gpt-neo-2.7B', 'q4')).toBe(128_657_920);
    expect(largestTensorBytes('onnx-community/gpt2-ONNX', 'fp32')).toBe(154_389_504); // 50,257 × 768 × 4
    expect(largestTensorBytes('local/gpt2-tiny', 'fp32')).toBe(12_865_792); // 50,257 × 64 × 4
    expect(largestTensorBytes('someone/else', 'fp32')).toBeNull();
  });

  // A catalog model without a shape would silently get no WebGPU warning.
  it('knows every catalog model, and the embedding outweighs the MLP in each', () => {
    for (const entry of CATALOG) {
      const shape = CATALOG_EMBEDDINGS[entry.id];
      expect(shape, entry.id).toBeDefined();
      if (!shape) continue;
      expect(shape.vocab * shape.width, entry.id).toBeGreaterThan(4 * shape.width * shape.width);
      // The embedding is part of the parameter count, and not more than it.
      expect(shape.vocab * shape.width, entry.id).toBeLessThan(entry.parameters);
    }
  });

  // What the files really hold: the largest initializer of each generated tiny GPT-2 file (made by
  // src/onnx, in the Hub exports' layout), read from the file's protobuf.
  it.each([
    ['fp32', 'model.onnx'],
    ['fp16', 'model_fp16.onnx'],
    ['q8', 'model_quantized.onnx'],
    ['q4', 'model_q4.onnx'],
  ] as const)('matches the largest tensor of the generated tiny %s file', (dtype, file) => {
    const bytes = readFileSync(new URL(`../../public/models/local/gpt2-tiny/onnx/${file}`, import.meta.url));
    expect(Math.max(...initializerSizes(bytes))).toBe(largestTensorBytes('local/gpt2-tiny', dtype));
  });
});

/** The raw_data length of every initializer of an ONNX model (ModelProto.graph = 7, GraphProto.initializer = 5, TensorProto.raw_data = 9). */
function initializerSizes(model: Uint8Array): number[] {
  const sizes: number[] = [];
  forEachField(model, 7, (graph) => forEachField(graph, 5, (tensor) => forEachField(tensor, 9, (raw) => sizes.push(raw.length))));
  return sizes;
}

/** Calls `visit` with the bytes of every length-delimited field `wanted` of a protobuf message. */
function forEachField(message: Uint8Array, wanted: number, visit: (bytes: Uint8Array) => void): void {
  let at = 0;
  const varint = (): number => {
    let value = 0;
    let scale = 1;
    for (;;) {
      const byte = message[at++] ?? 0;
      value += (byte & 0x7f) * scale;
      scale *= 128;
      if (byte < 0x80) return value;
    }
  };
  while (at < message.length) {
    const key = varint();
    const wire = key % 8;
    const field = Math.floor(key / 8);
    if (wire === 0) varint();
    else if (wire === 1) at += 8;
    else if (wire === 5) at += 4;
    else if (wire === 2) {
      const length = varint();
      if (field === wanted) visit(message.subarray(at, at + length));
      at += length;
    } else throw new Error(`wire type ${wire} at ${at}`);
  }
}

describe('bufferFit', () => {
  // SwiftShader (Chromium's software adapter) reports 1 GiB for both limits; many GPUs report 128 MiB of binding.
  const swiftShader = { maxBufferSize: 1_073_741_824, maxStorageBufferBindingSize: 1_073_741_824 };
  const small = { maxBufferSize: 268_435_456, maxStorageBufferBindingSize: 134_217_728 };

  it('flags a tensor larger than the smaller limit, naming it', () => {
    expect(bufferFit(514_631_680, small)).toEqual({ fits: false, tensorBytes: 514_631_680, limitBytes: 134_217_728, limit: 'maxStorageBufferBindingSize' });
    expect(bufferFit(200_000_000, { maxBufferSize: 150_000_000, maxStorageBufferBindingSize: 1e9 })).toEqual({ fits: false, tensorBytes: 200_000_000, limitBytes: 150_000_000, limit: 'maxBufferSize' });
  });

  it('lets through what fits, equal to the limit included', () => {
    expect(bufferFit(514_631_680, swiftShader)).toEqual({ fits: true });
    expect(bufferFit(128_657_920, small)).toEqual({ fits: true }); // GPT-Neo 2.7B q8
    expect(bufferFit(134_217_728, small)).toEqual({ fits: true });
    expect(bufferFit(134_217_729, small).fits).toBe(false);
  });

  it('says nothing without a size or limits', () => {
    expect(bufferFit(null, small)).toEqual({ fits: true });
    expect(bufferFit(514_631_680, null)).toEqual({ fits: true });
    expect(bufferFit(514_631_680, { maxBufferSize: 0, maxStorageBufferBindingSize: 0 })).toEqual({ fits: true });
  });
});
