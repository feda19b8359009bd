import { describe, expect, it } from 'vitest';
import { concatParts, ProtobufWriter, writeParts } from './protobuf-writer.ts';

const bytes = (write: (w: ProtobufWriter) => void) => {
  const w = new ProtobufWriter();
  write(w);
  return Array.from(concatParts(w.finish()));
};

describe('ProtobufWriter', () => {
  // Examples from the protobuf encoding guide.
  it('writes varints', () => {
    expect(bytes((w) => w.varint(1))).toEqual([0x01]);
    expect(bytes((w) => w.varint(150))).toEqual([0x96, 0x01]);
    expect(bytes((w) => w.int64Field(1, 150))).toEqual([0x08, 0x96, 0x01]);
  });

  // ONNX attributes such as axis = -1 are int64: negative values take ten bytes.
  it('writes negative int64 as ten-byte two’s complement', () => {
    expect(bytes((w) => w.varint(-1))).toEqual([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);
  });

  it('writes strings, nested messages and packed fields with their lengths', () => {
    expect(bytes((w) => w.stringField(2, 'testing'))).toEqual([0x12, 0x07, 0x74, 0x65, 0x73, 0x74, 0x69, 0x6e, 0x67]);
    const inner = new ProtobufWriter();
    inner.int64Field(1, 150);
    expect(bytes((w) => w.messageField(3, inner))).toEqual([0x1a, 0x03, 0x08, 0x96, 0x01]);
    expect(bytes((w) => w.packedInt64Field(4, [3, 270, 86942]))).toEqual([0x22, 0x06, 0x03, 0x8e, 0x02, 0x9e, 0xa7, 0x05]);
    expect(bytes((w) => w.floatField(1, 1))).toEqual([0x0d, 0x00, 0x00, 0x80, 0x3f]);
  });

  it('keeps large payloads intact', () => {
    const big = Uint8Array.from({ length: 10_000 }, (_, i) => i % 251);
    const out = bytes((w) => w.bytesField(9, big));
    expect(out.slice(0, 3)).toEqual([0x4a, 0x90, 0x4e]);
    expect(out.slice(3)).toEqual(Array.from(big));
  });
});

describe('deferred and external parts', () => {
  it('encodes a deferred payload exactly as the same bytes given up front, reading it only when written', async () => {
    const payload = Uint8Array.from({ length: 5000 }, (_, i) => i % 7);
    let reads = 0;
    const deferred = new ProtobufWriter();
    deferred.deferredBytesField(9, { byteLength: payload.length, read: () => (reads++, payload) });
    const outer = new ProtobufWriter();
    outer.messageField(1, deferred);
    const parts = outer.finish();
    expect(reads).toBe(0);
    const written: Uint8Array[] = [];
    await writeParts(parts, (file, chunk) => {
      expect(file).toBeNull();
      written.push(chunk);
    });
    expect(reads).toBe(1);
    expect(parts).toHaveLength(0); // consumed, so each payload can be freed once written
    expect(Array.from(concatParts(written))).toEqual(bytes((w) => {
      const inner = new ProtobufWriter();
      inner.bytesField(9, payload);
      w.messageField(1, inner);
    }));
  });

  it('sends external bytes to their file, in order, without counting them in the message', async () => {
    const w = new ProtobufWriter();
    w.int64Field(1, 5);
    w.externalBytes({ byteLength: 3, file: 'model.onnx_data', read: () => Uint8Array.of(1, 2, 3) });
    w.externalBytes({ byteLength: 2, file: 'model.onnx_data_1', read: async () => Uint8Array.of(4, 5) });
    expect(w.byteLength).toBe(2);
    const sink: [string | null, number[]][] = [];
    await writeParts(w.finish(), (file, chunk) => void sink.push([file, Array.from(chunk)]));
    expect(sink).toEqual([
      [null, [0x08, 0x05]],
      ['model.onnx_data', [1, 2, 3]],
      ['model.onnx_data_1', [4, 5]],
    ]);
  });

  it('fails when a deferred payload is not the length it announced', async () => {
    const w = new ProtobufWriter();
    w.deferredBytesField(9, { byteLength: 4, read: () => new Uint8Array(3) });
    await expect(writeParts(w.finish(), () => undefined)).rejects.toThrow('A tensor came out 3 bytes long instead of the 4 announced in the model.');
  });
});
