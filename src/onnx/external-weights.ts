/**
 * Hands ONNX Runtime a model's weights once: rewrites a ModelProto whose initializers carry their
 * bytes inline (`raw_data`) into a small ModelProto whose initializers point, as ONNX external
 * data, into the original file's bytes. ONNX Runtime Web keeps an external data file as the
 * `Uint8Array` it is given and copies each tensor straight from it into that tensor's own memory
 * (on WebGPU, into its GPU buffer); inline weights are copied into the WebAssembly heap with the
 * whole file first, then parsed out of that copy. So the same bytes, offered as their own
 * external data, skip one copy of the whole model (docs/speed.md, "Weights handed over once").
 *
 * Only the main graph's initializers are moved (subgraphs' stay inline), and only those of at
 * least `minBytes`; everything else is copied byte for byte, in order.
 */
import { fieldsOf, ProtobufReadError, WIRE_LENGTH_DELIMITED, WIRE_VARINT } from './protobuf-reader.ts';
import { concatParts, ProtobufWriter } from './protobuf-writer.ts';
import { writeExternalDataReference } from './model-proto.ts';

/** ModelProto.graph, GraphProto.initializer, TensorProto's raw_data / external_data / data_location. */
const MODEL_GRAPH = 7;
const GRAPH_INITIALIZER = 5;
const TENSOR_RAW_DATA = 9;
const TENSOR_EXTERNAL_DATA = 13;
const TENSOR_DATA_LOCATION = 14;
const DATA_LOCATION_EXTERNAL = 1;

/** ONNX Runtime's own threshold for moving a tensor to external data. */
export const DEFAULT_MIN_EXTERNAL_BYTES = 1024;

export interface ExternalizedModel {
  /** The ModelProto without the moved tensors' bytes. */
  readonly model: Uint8Array;
  /** How many initializers now point into the external file. */
  readonly tensors: number;
  /** Their bytes, all together. */
  readonly externalBytes: number;
}

interface Tally {
  tensors: number;
  bytes: number;
}

/** A TensorProto in `[start, end)`, its raw_data replaced by a reference into `bytes`, or null to keep it as it is. */
function externalTensor(bytes: Uint8Array, start: number, end: number, file: string, minBytes: number, tally: Tally): ProtobufWriter | null {
  let raw: { start: number; length: number } | null = null;
  for (const f of fieldsOf(bytes, start, end)) {
    if (f.field === TENSOR_EXTERNAL_DATA) return null;
    if (f.field === TENSOR_DATA_LOCATION && f.wireType === WIRE_VARINT && f.varint === DATA_LOCATION_EXTERNAL) return null;
    if (f.field === TENSOR_RAW_DATA && f.wireType === WIRE_LENGTH_DELIMITED) raw = { start: f.valueStart, length: f.end - f.valueStart };
  }
  if (!raw || raw.length < minBytes) return null;
  const tensor = new ProtobufWriter();
  for (const f of fieldsOf(bytes, start, end)) {
    if (f.field !== TENSOR_RAW_DATA && f.field !== TENSOR_DATA_LOCATION) tensor.encoded(bytes.subarray(f.start, f.end));
  }
  writeExternalDataReference(tensor, file, raw.start, raw.length);
  tally.tensors++;
  tally.bytes += raw.length;
  return tensor;
}

function externalGraph(bytes: Uint8Array, start: number, end: number, file: string, minBytes: number, tally: Tally): ProtobufWriter {
  const graph = new ProtobufWriter();
  for (const f of fieldsOf(bytes, start, end)) {
    const moved = f.field === GRAPH_INITIALIZER && f.wireType === WIRE_LENGTH_DELIMITED ? externalTensor(bytes, f.valueStart, f.end, file, minBytes, tally) : null;
    if (moved) graph.messageField(GRAPH_INITIALIZER, moved);
    else graph.encoded(bytes.subarray(f.start, f.end));
  }
  return graph;
}

/**
 * `model` (an ONNX ModelProto) with each large initializer of its main graph moved to the external
 * data file `file`, whose content is `model` itself: each moved tensor's offset and length are
 * where its `raw_data` lies in `model`. Returns null, changing nothing, when no initializer would
 * move (the model already has external data, or has none that large) or when `model` does not
 * parse as protobuf (a damaged file: ONNX Runtime then reads the original and says what is wrong).
 */
export function externalizeWeights(model: Uint8Array, file: string, minBytes = DEFAULT_MIN_EXTERNAL_BYTES): ExternalizedModel | null {
  const tally: Tally = { tensors: 0, bytes: 0 };
  const out = new ProtobufWriter();
  try {
    let graphs = 0;
    for (const f of fieldsOf(model)) {
      if (f.field === MODEL_GRAPH && f.wireType === WIRE_LENGTH_DELIMITED) {
        graphs++;
        out.messageField(MODEL_GRAPH, externalGraph(model, f.valueStart, f.end, file, minBytes, tally));
      } else {
        out.encoded(model.subarray(f.start, f.end));
      }
    }
    // Protobuf merges repeated message fields; ONNX files have one graph, and anything else is left to ONNX Runtime.
    if (graphs !== 1) return null;
  } catch (error) {
    if (error instanceof ProtobufReadError) return null;
    throw error;
  }
  if (tally.tensors === 0) return null;
  return { model: concatParts(out.finish()), tensors: tally.tensors, externalBytes: tally.bytes };
}
