/**
 * Reads `pytorch_model.bin` as `torch.save` writes it since PyTorch 1.6: a zip holding the pickled
 * state dict (`<archive>/data.pkl`, read by our own unpickler, never executed) and one entry per
 * storage (`<archive>/data/<key>`). Tensors that share a storage (a tied `lm_head`, views) are
 * read from it with their own offset and strides.
 */
import type { ByteSource } from './byte-source.ts';
import { ConvertError } from './errors.ts';
import { isTensorRef, unpickle, type TensorRef } from './pickle.ts';
import { decodeFloats, DTYPE_BYTES, elementCount, type StoredTensor } from './tensor-data.ts';
import { readZip, type ZipEntry } from './zip-archive.ts';

/** The first bytes of a pre-1.6 PyTorch file (a bare pickle) and of a zip file. */
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

function contiguousStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let step = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = step;
    step *= shape[i] ?? 1;
  }
  return strides;
}

/** Element offsets of a strided view, row-major; its min and max. */
function viewSpan(ref: TensorRef): { first: number; last: number } {
  let first = ref.offset;
  let last = ref.offset;
  ref.shape.forEach((d, i) => {
    const s = ref.stride[i] ?? 0;
    if (d === 0) return;
    if (s >= 0) last += (d - 1) * s;
    else first += (d - 1) * s;
  });
  return { first, last };
}

/** Copies a strided view out of `span` (which starts at element `first`) into a dense array. */
function gather(span: Float32Array, first: number, ref: TensorRef): Float32Array {
  const out = new Float32Array(elementCount(ref.shape));
  const rank = ref.shape.length;
  const index = new Array<number>(rank).fill(0);
  for (let n = 0; n < out.length; n++) {
    let at = ref.offset - first;
    for (let i = 0; i < rank; i++) at += (index[i] ?? 0) * (ref.stride[i] ?? 0);
    out[n] = span[at] ?? 0;
    for (let i = rank - 1; i >= 0; i--) {
      index[i] = (index[i] ?? 0) + 1;
      if ((index[i] ?? 0) < (ref.shape[i] ?? 0)) break;
      index[i] = 0;
    }
  }
  return out;
}

function storedTensor(name: string, ref: TensorRef, entries: ReadonlyMap<string, ZipEntry>, prefix: string, file: string): StoredTensor {
  const dtype = ref.storage.dtype ?? 'U8';
  const label = `${name} (${file})`;
  return {
    name,
    dtype: ref.storage.dtype ?? dtype,
    shape: ref.shape,
    async read() {
      if (ref.storage.dtype === null) {
        throw new ConvertError('bad-tensor', `${label} is a torch.${ref.storage.typeName}; the converter reads float32, float16 and bfloat16 weights only.`);
      }
      const entry = entries.get(`${prefix}data/${ref.storage.key}`);
      if (!entry) throw new ConvertError('damaged-file', `${file} has no data for storage ${ref.storage.key} (tensor ${name}): the checkpoint is damaged. Download it again.`);
      const size = DTYPE_BYTES[dtype];
      const count = elementCount(ref.shape);
      if (count === 0) return new Float32Array(0);
      const { first, last } = viewSpan(ref);
      if (first < 0 || (last + 1) * size > entry.size) {
        throw new ConvertError('damaged-file', `${file}: tensor ${name} reaches past the end of its storage: the checkpoint is damaged. Download it again.`);
      }
      const span = decodeFloats(await entry.read(first * size, (last - first + 1) * size), dtype, label);
      const dense = contiguousStrides(ref.shape).every((s, i) => ref.shape[i] === 1 || s === ref.stride[i]);
      return dense && span.length === count ? span : gather(span, first, ref);
    },
  };
}

/** Tensors in the pickled object: a state dict, or a dict that holds one under `state_dict` / `model`. */
function stateDict(value: unknown, file: string): Map<unknown, unknown> {
  if (value instanceof Map) {
    const nested = value.get('state_dict') ?? value.get('model');
    if (nested instanceof Map && ![...value.values()].some(isTensorRef)) return nested;
    return value;
  }
  throw new ConvertError('bad-tensor', `${file} does not hold a state dict (a dict of tensor names to tensors).`);
}

/** The tensors of a `torch.save` zip, in the state dict's order. */
export async function readTorchCheckpoint(source: ByteSource): Promise<StoredTensor[]> {
  const head = await source.read(0, Math.min(4, source.size));
  if (!ZIP_MAGIC.every((b, i) => head[i] === b)) {
    const legacy = head[0] === 0x80;
    throw new ConvertError(
      legacy ? 'unsafe-pickle' : 'damaged-file',
      legacy
        ? `${source.name} is in PyTorch's legacy format (before 1.6), a bare pickle; the converter reads only the zip format. Re-save it with a recent PyTorch, or use a safetensors file.`
        : `${source.name} is not a PyTorch checkpoint (it does not start like a zip file). Download it again.`,
    );
  }
  const entries = await readZip(source);
  const pickleEntry = [...entries.values()].find((e) => e.name === 'data.pkl' || e.name.endsWith('/data.pkl'));
  if (!pickleEntry) throw new ConvertError('damaged-file', `${source.name} has no data.pkl, so it is not a PyTorch checkpoint.`);
  const prefix = pickleEntry.name.slice(0, -'data.pkl'.length);
  const byteorder = entries.get(`${prefix}byteorder`);
  if (byteorder && new TextDecoder().decode(await byteorder.read()).trim() !== 'little') {
    throw new ConvertError('bad-tensor', `${source.name} was saved on a big-endian machine; the converter reads little-endian checkpoints only.`);
  }
  const dict = stateDict(unpickle(await pickleEntry.read(), `${source.name} (data.pkl)`), source.name);
  const tensors: StoredTensor[] = [];
  for (const [name, value] of dict) {
    if (typeof name === 'string' && isTensorRef(value)) tensors.push(storedTensor(name, value, entries, prefix, source.name));
  }
  return tensors;
}
