import { describe, expect, it } from 'vitest';
import { concatParts, ProtobufWriter } from './protobuf-writer.ts';

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
