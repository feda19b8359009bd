/**
 * Decoding stored tensors to float32: the element types GPT-2 / GPT-Neo checkpoints use (float32,
 * float16, bfloat16), little-endian as both safetensors and PyTorch (on every host we run) store them.
 */
import { ConvertError } from './errors.ts';

/** Element types, spelled as safetensors spells them; PyTorch storages map onto the same names. */
export type StoredDtype = 'F32' | 'F16' | 'BF16' | 'F64' | 'I64' | 'I32' | 'I16' | 'I8' | 'U8' | 'BOOL' | 'F8_E4M3' | 'F8_E5M2';

export const DTYPE_BYTES: Record<StoredDtype, number> = { F32: 4, F16: 2, BF16: 2, F64: 8, I64: 8, I32: 4, I16: 2, I8: 1, U8: 1, BOOL: 1, F8_E4M3: 1, F8_E5M2: 1 };

/** The float types we convert from. */
export const FLOAT_DTYPES: readonly StoredDtype[] = ['F32', 'F16', 'BF16'];

/** A tensor in a checkpoint: its metadata now, its values on demand. */
export interface StoredTensor {
  readonly name: string;
  readonly dtype: StoredDtype;
  readonly shape: readonly number[];
  /** The values, row-major, as float32; reads only this tensor's bytes. */
  read(): Promise<Float32Array>;
}

export const elementCount = (shape: readonly number[]) => shape.reduce((n, d) => n * d, 1);

let halfTable: Float32Array | undefined;

/** All 65,536 float16 values, built once: a table lookup is the fastest decode in JavaScript. */
function float16Table(): Float32Array {
  if (halfTable) return halfTable;
  const table = new Float32Array(65536);
  for (let h = 0; h < 65536; h++) {
    const sign = h & 0x8000 ? -1 : 1;
    const exponent = (h >> 10) & 0x1f;
    const mantissa = h & 0x3ff;
    table[h] =
      exponent === 0 ? sign * mantissa * 2 ** -24
      : exponent === 0x1f ? (mantissa ? NaN : sign * Infinity)
      : sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
  }
  return (halfTable = table);
}

/**
 * Little-endian elements of `dtype` in `bytes` (any alignment) as float32. Aligned float32 bytes
 * come back as a view, not a copy (a third of peak memory for GPT-2's 154 MB embedding table): the
 * result may share memory with `bytes`, and nobody writes to either.
 */
export function decodeFloats(bytes: Uint8Array, dtype: StoredDtype, tensor: string): Float32Array {
  // Typed-array views need aligned offsets; copy once when the bytes are not (a cheap memcpy).
  const aligned = bytes.byteOffset % 4 === 0 ? bytes : bytes.slice();
  switch (dtype) {
    case 'F32':
      return new Float32Array(aligned.buffer, aligned.byteOffset, aligned.byteLength / 4);
    case 'F16': {
      const table = float16Table();
      const half = new Uint16Array(aligned.buffer, aligned.byteOffset, aligned.byteLength / 2);
      const out = new Float32Array(half.length);
      for (let i = 0; i < half.length; i++) out[i] = table[half[i] as number] as number;
      return out;
    }
    case 'BF16': {
      // bfloat16 is the top half of a float32.
      const half = new Uint16Array(aligned.buffer, aligned.byteOffset, aligned.byteLength / 2);
      const out = new Uint32Array(half.length);
      for (let i = 0; i < half.length; i++) out[i] = (half[i] as number) << 16;
      return new Float32Array(out.buffer);
    }
    default:
      throw new ConvertError('bad-tensor', `${tensor} is stored as ${dtype}; the converter reads float32, float16 and bfloat16 weights only.`);
  }
}
