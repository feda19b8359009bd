/**
 * A minimal Protocol Buffers writer: just what ONNX's ModelProto needs (varints, length-delimited
 * fields, fixed32 floats, packed repeated fields).
 *
 * Large payloads (tensor raw data, hundreds of MB for GPT-2 small) are referenced, not copied, until
 * the final write; nested messages are encoded first so their length is known. A payload can also be
 * deferred: only its length is known while encoding, and its bytes are produced when the parts are
 * written ({@link writeParts}), so a model far larger than memory streams out one tensor at a time.
 */

const WIRE_VARINT = 0;
const WIRE_LENGTH_DELIMITED = 2;
const WIRE_FIXED32 = 5;

const textEncoder = new TextEncoder();

/**
 * Bytes produced on demand. `byteLength` must be exact: it is encoded before the bytes exist.
 * With `file` set the bytes belong to that external data file, not to the message: they take no room
 * in it, and {@link writeParts} hands them to the sink under that name, in order.
 */
export interface DeferredBytes {
  readonly byteLength: number;
  readonly file?: string;
  read(): Uint8Array | Promise<Uint8Array>;
}

/** An encoded piece: bytes, or bytes to produce when writing. */
export type Part = Uint8Array | DeferredBytes;

const lengthInMessage = (part: Part) => (part instanceof Uint8Array ? part.byteLength : part.file === undefined ? part.byteLength : 0);

export class ProtobufWriter {
  private readonly parts: Part[] = [];
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

  private chunk(part: Part): void {
    this.flush();
    this.parts.push(part);
    this.flushedLength += lengthInMessage(part);
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

  /** A bytes field whose content is produced at write time. */
  deferredBytesField(field: number, bytes: DeferredBytes): void {
    this.tag(field, WIRE_LENGTH_DELIMITED);
    this.varint(bytes.byteLength);
    this.chunk(bytes);
  }

  /** Bytes that are already encoded fields (copied from a message being rewritten), kept as a view. */
  encoded(bytes: Uint8Array): void {
    this.chunk(bytes);
  }

  /** Bytes of an external data file, in order; they add nothing to this message. */
  externalBytes(bytes: DeferredBytes & { readonly file: string }): void {
    this.chunk(bytes);
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

  /** The encoded parts, in order; concatenated (deferred ones read, external ones left out) they are the message. */
  finish(): Part[] {
    this.flush();
    return this.parts;
  }
}

/** Receives written bytes: `file` null for the message itself, else an external data file's name. */
export type PartSink = (file: string | null, bytes: Uint8Array) => void | Promise<void>;

const EMPTY = new Uint8Array(0);

function checked(part: DeferredBytes, bytes: Uint8Array): Uint8Array {
  if (bytes.byteLength !== part.byteLength) {
    throw new Error(`A tensor came out ${bytes.byteLength} bytes long instead of the ${part.byteLength} announced in the model.`);
  }
  return bytes;
}

/**
 * Writes parts in order, reading deferred ones as it reaches them. The array is emptied as it goes,
 * so each deferred payload (and whatever its closure holds) can be freed once written: peak memory
 * stays near the largest tensor.
 *
 * @throws Error when a deferred part produces a different length than it announced.
 */
export async function writeParts(parts: Part[], sink: PartSink): Promise<void> {
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as Part;
    parts[i] = EMPTY;
    if (part instanceof Uint8Array) await sink(null, part);
    else await sink(part.file ?? null, checked(part, await part.read()));
  }
  parts.length = 0;
}

/** {@link writeParts} for parts whose deferred bytes are computed synchronously (weights in memory). */
export function writePartsSync(parts: Part[], sink: (file: string | null, bytes: Uint8Array) => void): void {
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as Part;
    parts[i] = EMPTY;
    if (part instanceof Uint8Array) {
      sink(null, part);
      continue;
    }
    const bytes = part.read();
    if (bytes instanceof Promise) throw new Error('writePartsSync: a tensor is loaded asynchronously; use writeParts.');
    sink(part.file ?? null, checked(part, bytes));
  }
  parts.length = 0;
}

/** Concatenates parts into one buffer (fine for test-sized models; the CLI streams parts to disk). */
export function concatParts(parts: Part[]): Uint8Array {
  const chunks: Uint8Array[] = [];
  writePartsSync(parts, (file, bytes) => {
    if (file !== null) throw new Error(`concatParts: the model has external data (${file}); write it with writeParts.`);
    chunks.push(bytes);
  });
  const out = new Uint8Array(chunks.reduce((sum, p) => sum + p.byteLength, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
