import { describe, expect, it } from 'vitest';
import { ElemType, encodeModel, type ModelDef, type TensorInit } from './model-proto.ts';
import { writeParts } from './protobuf-writer.ts';

const model = (initializers: TensorInit[]): ModelDef => ({
  graphName: 'g',
  nodes: [],
  initializers,
  inputs: [],
  outputs: [],
  opsets: [{ domain: '', version: 17 }],
  producer: 'test',
  docString: '',
  metadata: {},
});

const tensor = (name: string, n: number, fill: number): TensorInit => ({ name, elemType: ElemType.uint8, dims: [n], raw: () => new Uint8Array(n).fill(fill) });

describe('encodeModel with external data', () => {
  // ONNX external data: large tensors go to <model>_data files (split at chunkBytes), small ones stay inline.
  it('places large tensors in data files at increasing offsets, chunked, and keeps small ones inline', async () => {
    const encoded = encodeModel(model([tensor('a', 3000, 1), tensor('small', 10, 2), tensor('b', 3000, 3), tensor('c', 3000, 4)]), {
      modelFile: 'model.onnx',
      chunkBytes: 6000,
    });
    expect(encoded.dataFiles).toEqual(['model.onnx_data', 'model.onnx_data_1']);
    const files = new Map<string, number[]>();
    await writeParts(encoded.parts, (file, chunk) => {
      const key = file ?? 'onnx';
      files.set(key, [...(files.get(key) ?? []), ...chunk]);
    });
    expect(files.get('model.onnx_data')).toEqual([...Array<number>(3000).fill(1), ...Array<number>(3000).fill(3)]);
    expect(files.get('model.onnx_data_1')).toEqual(Array<number>(3000).fill(4));
    const onnx = new TextDecoder('latin1').decode(Uint8Array.from(files.get('onnx') ?? []));
    expect(onnx).toContain('location\x12\x0fmodel.onnx_data'); // b's entry: location, offset 3000, length 3000
    expect(onnx).toContain('offset\x12\x043000');
    expect(onnx).toContain('\x02'.repeat(10)); // the small tensor's bytes are inline
    expect(onnx.length).toBeLessThan(400);
  });
});
