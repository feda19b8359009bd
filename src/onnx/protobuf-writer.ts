/**
 * A minimal Protocol Buffers writer: just what ONNX's ModelProto needs (varints, length-delimited
 * fields, fixed32 floats, packed repeated fields).
 *
 * Large payloads (tensor raw data, hundreds of MB for GPT-2 small) are referenced, not copied, until
 * the final write; nested messages are encoded first so their length is known.
 */

const WIRE_VARINT = 0;
const WIRE_LENGTH_DELIMITED = 2;
const WIRE_FIXED32 = 5;

const textEncoder = new TextEncoder();

export class ProtobufWriter {
  private readonly parts: Uint8Array[] = [];
  private pending: number[] = [];
  private pendingLength = 0;
  private flushedLength = 0;

  /** Total encoded length in bytes. */
  get byteLength(): number {
    return this.flushedLength + this.pendingLength;
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    this.parts.push(Uint8Array.from(this.pending));
    this.flushedLength += this.pendingLength;
    this.pending = [];
    this.pendingLength = 0;
  }

  private byte(value: number): void {
    this.pending.push(value);
    this.pendingLength++;
  }

  private chunk(bytes: Uint8Array): void {
    this.flush();
    this.parts.push(bytes);
    this.flushedLength += bytes.byteLength;
  }

  /** Unsigned or signed 64-bit varint; negative numbers take ten bytes (two's complement), as protobuf says. */
  varint(value: number | bigint): void {
    let v = BigInt.asUintN(64, BigInt(value));
    while (v >= 0x80n) {
      this.byte(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.byte(Number(v));
  }

  private tag(field: number, wireType: number): void {
    this.varint((field << 3) | wireType);
  }

  int64Field(field: number, value: number | bigint): void {
    this.tag(field, WIRE_VARINT);
    this.varint(value);
  }

  floatField(field: number, value: number): void {
    this.tag(field, WIRE_FIXED32);
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setFloat32(0, value, true);
    for (const b of bytes) this.byte(b);
  }

  bytesField(field: number, bytes: Uint8Array): void {
    this.tag(field, WIRE_LENGTH_DELIMITED);
    this.varint(bytes.byteLength);
    if (bytes.byteLength > 4096) this.chunk(bytes);
    else for (const b of bytes) this.byte(b);
  }

  stringField(field: number, text: string): void {
    this.bytesField(field, textEncoder.encode(text));
  }

  messageField(field: number, message: ProtobufWriter): void {
    this.tag(field, WIRE_LENGTH_DELIMITED);
    this.varint(message.byteLength);
    message.flush();
    for (const part of message.parts) this.chunk(part);
  }

  packedInt64Field(field: number, values: readonly (number | bigint)[]): void {
    const inner = new ProtobufWriter();
    for (const v of values) inner.varint(v);
    this.tag(field, WIRE_LENGTH_DELIMITED);
    this.varint(inner.byteLength);
    inner.flush();
    for (const part of inner.parts) this.chunk(part);
  }

  packedFloatField(field: number, values: readonly number[]): void {
    const bytes = new Uint8Array(values.length * 4);
    const view = new DataView(bytes.buffer);
    values.forEach((v, i) => view.setFloat32(i * 4, v, true));
    this.bytesField(field, bytes);
  }

  /** The encoded parts, in order; concatenated they are the message. */
  finish(): Uint8Array[] {
    this.flush();
    return this.parts;
  }
}

/** Concatenates parts into one buffer (fine for test-sized models; the CLI streams parts to disk). */
export function concatParts(parts: readonly Uint8Array[]): Uint8Array {
  const total = parts.reduce((sum, p) => sum + p.byteLength, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out;
}
