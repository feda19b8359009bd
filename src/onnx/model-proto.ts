/**
 * The subset of ONNX's ModelProto we write, and its encoding (field numbers from onnx/onnx.proto).
 */
import { ProtobufWriter } from './protobuf-writer.ts';

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

export interface TensorInit {
  readonly name: string;
  readonly elemType: ElemType;
  readonly dims: readonly number[];
  /** Little-endian bytes of the tensor, as ONNX's `raw_data`. */
  readonly raw: Uint8Array;
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

/** IR version 8 goes with opset 17 (ONNX 1.12+); every runtime we target reads it. */
const IR_VERSION = 8;

const AttributeType = { float: 1, int: 2, string: 3, tensor: 4, ints: 7 } as const;

function encodeTensor(t: TensorInit): ProtobufWriter {
  const w = new ProtobufWriter();
  w.packedInt64Field(1, t.dims);
  w.int64Field(2, t.elemType);
  w.stringField(8, t.name);
  w.bytesField(9, t.raw);
  return w;
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

/** Encodes a model; the parts concatenated are a valid `.onnx` file. */
export function encodeModel(m: ModelDef): Uint8Array[] {
  const graph = new ProtobufWriter();
  for (const n of m.nodes) graph.messageField(1, encodeNode(n));
  graph.stringField(2, m.graphName);
  for (const t of m.initializers) graph.messageField(5, encodeTensor(t));
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
  return model.finish();
}
