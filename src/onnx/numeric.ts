/**
 * Number formats for the weights we write: float16 bits, 8-bit per-tensor and 4-bit block
 * quantization, with the conventions ONNX Runtime's quantizers use.
 */
import type { Matrix } from './spec.ts';

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** IEEE 754 binary16 bits of a number, rounded to nearest even; overflow gives ±Infinity. */
export function toFloat16Bits(value: number): number {
  f32[0] = value;
  const x = u32[0] ?? 0;
  const sign = (x >>> 16) & 0x8000;
  const exponent = (x >>> 23) & 0xff;
  let mantissa = x & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa ? 0x200 : 0); // Inf or NaN
  const e = exponent - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00; // too large: Infinity
  if (e <= 0) {
    // Subnormal in half precision (or zero).
    if (e < -10) return sign;
    mantissa |= 0x800000;
    const shift = 14 - e;
    const half = 1 << (shift - 1);
    const rest = mantissa & ((1 << shift) - 1);
    let result = mantissa >>> shift;
    if (rest > half || (rest === half && (result & 1) === 1)) result++;
    return sign | result;
  }
  const rest = mantissa & 0x1fff;
  let result = (e << 10) | (mantissa >>> 13);
  if (rest > 0x1000 || (rest === 0x1000 && (result & 1) === 1)) result++; // may carry into the exponent: correct
  return sign | result;
}

/** The number that binary16 bits stand for (shared with the engine, which reads fp16 logits). */
export { float16BitsToNumber as fromFloat16Bits } from '../../src/engine/half-float.ts';

export function toFloat16Array(values: Float32Array): Uint16Array {
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = toFloat16Bits(values[i] ?? 0);
  return out;
}

/** 8-bit asymmetric per-tensor quantization: `value ≈ (q - zeroPoint) · scale`. */
export interface Uint8Quantized {
  readonly data: Uint8Array;
  readonly scale: number;
  readonly zeroPoint: number;
}

/**
 * Quantizes to uint8 as ONNX Runtime's dynamic quantizer does for weights (QUInt8, per tensor):
 * the range always includes 0 so that 0 is exact.
 */
export function quantizeUint8(values: Float32Array): Uint8Quantized {
  let min = 0;
  let max = 0;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const scale = max > min ? Math.fround((max - min) / 255) : 1;
  const zeroPoint = Math.min(255, Math.max(0, Math.round(-min / scale)));
  const data = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    data[i] = Math.min(255, Math.max(0, Math.round((values[i] ?? 0) / scale) + zeroPoint));
  }
  return { data, scale, zeroPoint };
}

/** Block size of our 4-bit models, as in the Hub's `model_q4.onnx` files. */
export const Q4_BLOCK_SIZE = 32;

/**
 * 4-bit symmetric block quantization in `MatMulNBits` layout: for each output column n and each
 * block of `blockSize` consecutive k, one float scale; codes `q = round(w / scale) + 8` in 0..15,
 * two per byte, the first (lower k) in the low nibble. No zero points are stored: MatMulNBits then
 * uses 8, so `w ≈ (q - 8) · scale`.
 */
export interface Block4Quantized {
  /** `[N, ceil(K / blockSize), blockSize / 2]` bytes. */
  readonly packed: Uint8Array;
  /** `[N · ceil(K / blockSize)]`. */
  readonly scales: Float32Array;
  readonly n: number;
  readonly k: number;
  readonly blockSize: number;
}

/**
 * Quantizes a weight given as a function `weightAt(n, k)`, so both `[in, out]` linear weights and
 * `[vocab, width]` embedding rows (already `[N, K]`) can be used without a transposed copy.
 */
export function quantizeBlock4(
  n: number,
  k: number,
  weightAt: (row: number, col: number) => number,
  blockSize = Q4_BLOCK_SIZE,
): Block4Quantized {
  const blocks = Math.ceil(k / blockSize);
  const blob = blockSize / 2;
  const packed = new Uint8Array(n * blocks * blob);
  const scales = new Float32Array(n * blocks);
  const codes = new Uint8Array(blockSize);
  for (let row = 0; row < n; row++) {
    for (let b = 0; b < blocks; b++) {
      let absMax = 0;
      for (let j = 0; j < blockSize; j++) {
        const col = b * blockSize + j;
        if (col < k) absMax = Math.max(absMax, Math.abs(weightAt(row, col)));
      }
      // Symmetric range -7..7 around the implicit zero point 8 keeps ±absMax exact.
      const scale = absMax > 0 ? Math.fround(absMax / 7) : 1;
      scales[row * blocks + b] = scale;
      for (let j = 0; j < blockSize; j++) {
        const col = b * blockSize + j;
        const w = col < k ? weightAt(row, col) : 0;
        codes[j] = Math.min(15, Math.max(0, Math.round(w / scale) + 8));
      }
      const base = (row * blocks + b) * blob;
      for (let j = 0; j < blob; j++) packed[base + j] = (codes[2 * j] ?? 0) | ((codes[2 * j + 1] ?? 0) << 4);
    }
  }
  return { packed, scales, n, k, blockSize };
}

/** Block-4 quantization of a linear weight stored `[in = K, out = N]`. */
export function quantizeLinearBlock4(weight: Matrix, blockSize = Q4_BLOCK_SIZE): Block4Quantized {
  const { rows: k, cols: n, data } = weight;
  return quantizeBlock4(n, k, (row, col) => data[col * n + row] ?? 0, blockSize);
}
