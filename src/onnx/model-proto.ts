/**
 * The subset of ONNX's ModelProto we write, and its encoding (field numbers from onnx/onnx.proto).
 */
import { ProtobufWriter, type Part } from './protobuf-writer.ts';
import type { Loaded } from './spec.ts';

/** ONNX `TensorProto.DataType` codes we use. */
export const ElemType = {
  float: 1,
  uint8: 2,
  int8: 3,
  int32: 6,
  int64: 7,
  bool: 9,
  float16: 10,
} as const;
export type ElemType = (typeof ElemType)[keyof typeof ElemType];

/** Bytes of each element type, to know a deferred tensor's length before it exists. */
const ELEM_BYTES: Record<ElemType, number> = { 1: 4, 2: 1, 3: 1, 6: 4, 7: 8, 9: 1, 10: 2 };

/** Tensor bytes produced when the writer reaches them (see `DeferredBytes`). */
export type RawLoader = () => Loaded<Uint8Array>;

export interface TensorInit {
  readonly name: string;
  readonly elemType: ElemType;
  readonly dims: readonly number[];
  /** Little-endian bytes of the tensor, as ONNX's `raw_data`, or a loader of them. */
  readonly raw: Uint8Array | RawLoader;
}

/** Byte length of a tensor's raw data, from its dims and type. */
export function tensorByteLength(t: Pick<TensorInit, 'elemType' | 'dims' | 'raw'>): number {
  if (t.raw instanceof Uint8Array) return t.raw.byteLength;
  return t.dims.reduce((n, d) => n * d, 1) * ELEM_BYTES[t.elemType];
}

export type Attribute =
  | { readonly name: string; readonly kind: 'int'; readonly value: number }
  | { readonly name: string; readonly kind: 'ints'; readonly value: readonly number[] }
  | { readonly name: string; readonly kind: 'float'; readonly value: number }
  | { readonly name: string; readonly kind: 'string'; readonly value: string }
  | { readonly name: string; readonly kind: 'tensor'; readonly value: TensorInit };

export interface NodeDef {
  readonly opType: string;
  readonly domain?: string;
  readonly name: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attributes: readonly Attribute[];
}

/** A graph input or output: a name, an element type, and dims that are numbers or symbolic names. */
export interface ValueInfo {
  readonly name: string;
  readonly elemType: ElemType;
  readonly dims: readonly (number | string)[];
}

export interface ModelDef {
  readonly graphName: string;
  readonly nodes: readonly NodeDef[];
  readonly initializers: readonly TensorInit[];
  readonly inputs: readonly ValueInfo[];
  readonly outputs: readonly ValueInfo[];
  readonly opsets: readonly { readonly domain: string; readonly version: number }[];
  readonly producer: string;
  readonly docString: string;
  readonly metadata: Readonly<Record<string, string>>;
}

/**
 * Where large tensors go instead of the `.onnx` file: ONNX external data, which ONNX Runtime (and
 * transformers.js with `use_external_data_format`) loads. Needed past protobuf's 2 GB limit.
 */
export interface ExternalDataOptions {
  /** The `.onnx` file's name; data files are `<name>_data`, `<name>_data_1`… as transformers.js expects. */
  readonly modelFile: string;
  /** Tensors of at least this many bytes go out (ONNX's own default is 1024). */
  readonly threshold?: number;
  /** Largest data file: a browser cannot hold one ArrayBuffer much past 2 GB. */
  readonly chunkBytes?: number;
}

/** An encoded model: the `.onnx` parts, with the external data parts among them (see `writeParts`). */
export interface EncodedModel {
  readonly parts: Part[];
  /** External data file names, in order; empty when every tensor is inside the `.onnx` file. */
  readonly dataFiles: readonly string[];
}

/** The name of external data chunk `index` of `modelFile`, as transformers.js spells it. */
export function externalDataFile(modelFile: string, index: number): string {
  return `${modelFile}_data${index === 0 ? '' : `_${index}`}`;
}

/** The largest `.onnx` file protobuf can parse (2 GiB), less room for the graph itself. */
export const MAX_INLINE_BYTES = 2 ** 31 - 64 * 2 ** 20;

/** IR version 8 goes with opset 17 (ONNX 1.12+); every runtime we target reads it. */
const IR_VERSION = 8;

const AttributeType = { float: 1, int: 2, string: 3, tensor: 4, ints: 7 } as const;

/** Where one tensor's data lives in an external file. */
interface ExternalPlace {
  readonly file: string;
  readonly offset: number;
}

/**
 * TensorProto's `external_data` entries (`location`, `offset`, `length`) and `data_location` =
 * EXTERNAL: where a tensor's bytes lie instead of `raw_data`.
 */
export function writeExternalDataReference(w: ProtobufWriter, file: string, offset: number, length: number): void {
  for (const [key, value] of [['location', file], ['offset', String(offset)], ['length', String(length)]] as const) {
    const entry = new ProtobufWriter();
    entry.stringField(1, key);
    entry.stringField(2, value);
    w.messageField(13, entry);
  }
  w.int64Field(14, 1); // data_location = EXTERNAL
}

function encodeTensor(t: TensorInit, external: ExternalPlace | null = null): ProtobufWriter {
  const w = new ProtobufWriter();
  w.packedInt64Field(1, t.dims);
  w.int64Field(2, t.elemType);
  w.stringField(8, t.name);
  const byteLength = tensorByteLength(t);
  if (external) {
    const read = t.raw instanceof Uint8Array ? ((raw) => () => raw)(t.raw) : t.raw;
    writeExternalDataReference(w, external.file, external.offset, byteLength);
    w.externalBytes({ byteLength, file: external.file, read });
  } else if (t.raw instanceof Uint8Array) {
    w.bytesField(9, t.raw);
  } else {
    w.deferredBytesField(9, { byteLength, read: t.raw });
  }
  return w;
}

/** Places tensors of at least `threshold` bytes in data files of at most `chunkBytes` each. */
function placeExternal(initializers: readonly TensorInit[], options: ExternalDataOptions): { places: (ExternalPlace | null)[]; files: string[] } {
  const threshold = options.threshold ?? 1024;
  const chunkBytes = options.chunkBytes ?? 2 ** 31 - 1;
  const files: string[] = [];
  let offset = 0;
  const places = initializers.map((t) => {
    const n = tensorByteLength(t);
    if (n < threshold) return null;
    if (files.length === 0 || (offset > 0 && offset + n > chunkBytes)) {
      files.push(externalDataFile(options.modelFile, files.length));
      offset = 0;
    }
    const place = { file: files[files.length - 1] as string, offset };
    offset += n;
    return place;
  });
  return { places, files };
}

function encodeAttribute(a: Attribute): ProtobufWriter {
  const w = new ProtobufWriter();
  w.stringField(1, a.name);
  w.int64Field(20, AttributeType[a.kind]);
  switch (a.kind) {
    case 'float':
      w.floatField(2, a.value);
      break;
    case 'int':
      w.int64Field(3, a.value);
      break;
    case 'string':
      w.stringField(4, a.value);
      break;
    case 'tensor':
      w.messageField(5, encodeTensor(a.value));
      break;
    case 'ints':
      w.packedInt64Field(8, a.value);
      break;
    default: {
      const never: never = a;
      throw new Error(`Unknown attribute ${JSON.stringify(never)}`);
    }
  }
  return w;
}

function encodeNode(n: NodeDef): ProtobufWriter {
  const w = new ProtobufWriter();
  for (const input of n.inputs) w.stringField(1, input);
  for (const output of n.outputs) w.stringField(2, output);
  w.stringField(3, n.name);
  w.stringField(4, n.opType);
  for (const a of n.attributes) w.messageField(5, encodeAttribute(a));
  if (n.domain) w.stringField(7, n.domain);
  return w;
}

function encodeValueInfo(v: ValueInfo): ProtobufWriter {
  const shape = new ProtobufWriter();
  for (const d of v.dims) {
    const dim = new ProtobufWriter();
    if (typeof d === 'number') dim.int64Field(1, d);
    else dim.stringField(2, d);
    shape.messageField(1, dim);
  }
  const tensorType = new ProtobufWriter();
  tensorType.int64Field(1, v.elemType);
  tensorType.messageField(2, shape);
  const type = new ProtobufWriter();
  type.messageField(1, tensorType);
  const w = new ProtobufWriter();
  w.stringField(1, v.name);
  w.messageField(2, type);
  return w;
}

/**
 * Encodes a model. Without `external` (or when it is not needed) the parts concatenated are a valid
 * `.onnx` file; with it, large tensors are parts of the data files (see `writeParts`).
 */
export function encodeModel(m: ModelDef, external: ExternalDataOptions | null = null): EncodedModel {
  const { places, files } = external ? placeExternal(m.initializers, external) : { places: [], files: [] };
  const graph = new ProtobufWriter();
  for (const n of m.nodes) graph.messageField(1, encodeNode(n));
  graph.stringField(2, m.graphName);
  m.initializers.forEach((t, i) => graph.messageField(5, encodeTensor(t, places[i] ?? null)));
  for (const v of m.inputs) graph.messageField(11, encodeValueInfo(v));
  for (const v of m.outputs) graph.messageField(12, encodeValueInfo(v));

  const model = new ProtobufWriter();
  model.int64Field(1, IR_VERSION);
  model.stringField(2, m.producer);
  model.stringField(6, m.docString);
  model.messageField(7, graph);
  for (const opset of m.opsets) {
    const o = new ProtobufWriter();
    if (opset.domain) o.stringField(1, opset.domain);
    o.int64Field(2, opset.version);
    model.messageField(8, o);
  }
  for (const [key, value] of Object.entries(m.metadata)) {
    const entry = new ProtobufWriter();
    entry.stringField(1, key);
    entry.stringField(2, value);
    model.messageField(14, entry);
  }
  return { parts: model.finish(), dataFiles: files };
}

/** Total raw bytes of the initializers: over {@link MAX_INLINE_BYTES} a model needs external data. */
export function initializerBytes(initializers: readonly TensorInit[]): number {
  return initializers.reduce((sum, t) => sum + tensorByteLength(t), 0);
}
