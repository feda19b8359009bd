/**
 * Reads safetensors files: an 8-byte little-endian header length, a JSON header naming each tensor's
 * dtype, shape and byte range, then the data. Only the header is read up front; each tensor's bytes
 * are read when asked for. A sharded checkpoint's `model.safetensors.index.json` maps names to files.
 */
import type { ByteSource } from './byte-source.ts';
import { ConvertError, truncatedError } from './errors.ts';
import { decodeFloats, DTYPE_BYTES, elementCount, type StoredDtype, type StoredTensor } from './tensor-data.ts';

/** Headers larger than this are not GPT checkpoints (the safetensors library caps them at 100 MB too). */
const MAX_HEADER_BYTES = 100_000_000;

function damaged(file: string, why: string): ConvertError {
  return new ConvertError('damaged-file', `${file} is not a valid safetensors file (${why}). Download it again.`);
}

/** The tensors of one safetensors file, in header order, each readable on its own. */
export async function readSafetensors(source: ByteSource): Promise<StoredTensor[]> {
  if (source.size < 8) throw truncatedError(source.name, 8, source.size);
  const lengthBytes = await source.read(0, 8);
  const headerLength = Number(new DataView(lengthBytes.buffer, lengthBytes.byteOffset, 8).getBigUint64(0, true));
  if (headerLength > MAX_HEADER_BYTES) throw damaged(source.name, `a header of ${headerLength} bytes`);
  if (8 + headerLength > source.size) throw truncatedError(source.name, 8 + headerLength, source.size);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder().decode(await source.read(8, headerLength)));
  } catch {
    throw damaged(source.name, 'its header is not JSON');
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) throw damaged(source.name, 'its header is not a JSON object');
  const dataStart = 8 + headerLength;
  const tensors: StoredTensor[] = [];
  for (const [name, entry] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const { dtype, shape, data_offsets: offsets } = (entry ?? {}) as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (typeof dtype !== 'string' || !(dtype in DTYPE_BYTES)) throw damaged(source.name, `tensor ${name} has dtype ${String(dtype)}`);
    if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) throw damaged(source.name, `tensor ${name} has no valid shape`);
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isSafeInteger(o) && o >= 0)) {
      throw damaged(source.name, `tensor ${name} has no valid data_offsets`);
    }
    const [begin, end] = offsets as [number, number];
    const stored = dtype as StoredDtype;
    const dims = shape as number[];
    if (end - begin !== elementCount(dims) * DTYPE_BYTES[stored]) {
      throw damaged(source.name, `tensor ${name} is ${end - begin} bytes, but ${stored}[${dims.join(', ')}] needs ${elementCount(dims) * DTYPE_BYTES[stored]}`);
    }
    if (dataStart + end > source.size) throw truncatedError(source.name, dataStart + end, source.size);
    tensors.push({
      name,
      dtype: stored,
      shape: dims,
      read: async () => decodeFloats(await source.read(dataStart + begin, end - begin), stored, `${name} (${source.name})`),
    });
  }
  return tensors;
}

/**
 * The shard file of each tensor, from `model.safetensors.index.json`'s `weight_map`.
 * @returns tensor name -> file name; the files in first-use order.
 */
export function parseSafetensorsIndex(text: string, file: string): { weightMap: Map<string, string>; files: string[] } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ConvertError('damaged-file', `${file} is not valid JSON. Download it again.`);
  }
  const map = (json as { weight_map?: unknown } | null)?.weight_map;
  if (typeof map !== 'object' || map === null || Array.isArray(map)) {
    throw new ConvertError('damaged-file', `${file} has no "weight_map" object, so the shards cannot be found. Download it again.`);
  }
  const weightMap = new Map<string, string>();
  for (const [name, shard] of Object.entries(map)) {
    if (typeof shard !== 'string' || shard.includes('..') || shard.startsWith('/')) {
      throw new ConvertError('damaged-file', `${file}: tensor ${name} points at "${String(shard)}", not a shard file name.`);
    }
    weightMap.set(name, shard);
  }
  return { weightMap, files: [...new Set(weightMap.values())] };
}

/** A float32 tensor to write. */
export interface TensorToWrite {
  readonly name: string;
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

/**
 * A safetensors file of float32 tensors, as parts to write in order (header, then each tensor's
 * bytes, not copied). Used to turn generated weights into a checkpoint the converter reads.
 */
export function encodeSafetensors(tensors: readonly TensorToWrite[], metadata: Readonly<Record<string, string>> = { format: 'pt' }): Uint8Array[] {
  const header: Record<string, unknown> = { __metadata__: metadata };
  let offset = 0;
  for (const t of tensors) {
    if (t.data.length !== elementCount(t.shape)) throw new Error(`${t.name}: ${t.data.length} values for shape [${t.shape.join(', ')}]`);
    header[t.name] = { dtype: 'F32', shape: t.shape, data_offsets: [offset, offset + t.data.byteLength] };
    offset += t.data.byteLength;
  }
  // The header is padded with spaces to a multiple of 8, as the safetensors library does, so the data stays aligned.
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - ((8 + json.length) % 8)) % 8);
  const head = new Uint8Array(8 + json.length);
  new DataView(head.buffer).setBigUint64(0, BigInt(json.length), true);
  head.set(new TextEncoder().encode(json), 8);
  return [head, ...tensors.map((t) => new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength))];
}
