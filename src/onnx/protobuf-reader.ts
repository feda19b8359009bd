/**
 * A minimal Protocol Buffers reader: walks the fields of one message in a byte range without
 * copying or decoding payloads, so a 500 MB ModelProto can be mapped in a few milliseconds. Only
 * what external-weights.ts needs: field numbers, wire types, and where each field's bytes lie.
 */

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_LENGTH_DELIMITED = 2;
export const WIRE_FIXED32 = 5;

/** One field of a message, as positions in the buffer it was read from. */
export interface FieldSpan {
  readonly field: number;
  readonly wireType: number;
  /** The first byte of the field's tag. */
  readonly start: number;
  /** One past the field's last byte: `[start, end)` is the whole field, tag included. */
  readonly end: number;
  /** The first byte of the payload (after the length, for length-delimited fields). */
  readonly valueStart: number;
  /** A varint's value (numbers past 2^53 lose precision; none that ONNX uses here are that large). */
  readonly varint: number;
}

/** A message that does not parse: truncated, or a wire type protobuf does not have. */
export class ProtobufReadError extends Error {}

/** Reads a varint at `at`; returns its value and the position after it. */
export function readVarint(bytes: Uint8Array, at: number, end: number): [value: number, next: number] {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < 10; i++) {
    if (at >= end) throw new ProtobufReadError(`A varint runs past the end of its message at byte ${at}.`);
    const b = bytes[at++] as number;
    value += (b & 0x7f) * scale;
    if (b < 0x80) return [value, at];
    scale *= 128;
  }
  throw new ProtobufReadError(`A varint longer than ten bytes at byte ${at}.`);
}

/**
 * The fields of the message in `bytes[start, end)`, in order.
 *
 * @throws ProtobufReadError when a field runs past `end` or has an unknown wire type.
 */
export function* fieldsOf(bytes: Uint8Array, start = 0, end = bytes.byteLength): Generator<FieldSpan> {
  let at = start;
  while (at < end) {
    const fieldStart = at;
    const [tag, afterTag] = readVarint(bytes, at, end);
    const field = Math.floor(tag / 8);
    const wireType = tag % 8;
    if (field === 0) throw new ProtobufReadError(`Field number 0 at byte ${fieldStart}.`);
    let valueStart = afterTag;
    let next: number;
    let varint = 0;
    switch (wireType) {
      case WIRE_VARINT:
        [varint, next] = readVarint(bytes, afterTag, end);
        break;
      case WIRE_FIXED64:
        next = afterTag + 8;
        break;
      case WIRE_LENGTH_DELIMITED: {
        const [length, afterLength] = readVarint(bytes, afterTag, end);
        valueStart = afterLength;
        next = afterLength + length;
        varint = length;
        break;
      }
      case WIRE_FIXED32:
        next = afterTag + 4;
        break;
      default:
        throw new ProtobufReadError(`Wire type ${wireType} (field ${field}) at byte ${fieldStart} is not protobuf's.`);
    }
    if (next > end) throw new ProtobufReadError(`Field ${field} at byte ${fieldStart} runs past the end of its message.`);
    yield { field, wireType, start: fieldStart, end: next, valueStart, varint };
    at = next;
  }
}
