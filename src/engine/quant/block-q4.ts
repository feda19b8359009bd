/**
 * 4-bit block quantization as ONNX Runtime's MatMulNBits stores weights (`model_q4.onnx`): values
 * are cut into blocks of `blockSize` consecutive elements along K, each block gets one float32
 * scale and a uint4 zero point, codes are uint4 (0..15) and `value ≈ (q - zeroPoint) · scale`.
 * Scales and codes follow MLAS's `BlockwiseQuantizer` (what `MatMul4BitsQuantizer` calls), in
 * float32 with C's `roundf`:
 * - asymmetric: range widened to include 0, `scale = (max - min) / 15`,
 *   `zeroPoint = roundf(-min / scale)`, `q = clamp(roundf(x · (1 / scale) + zeroPoint), 0, 15)`;
 * - symmetric (no zero points stored, so MatMulNBits uses 8): `scale = -m / 8` where `m` is the
 *   block's value of largest magnitude, sign kept. `m` lands exactly on code 0 (-8 steps) and the
 *   other side reaches only +7 steps, so values there beyond 7.5 steps are clipped by up to a step.
 */
import { assertFinite, quantizationErrors } from './quant-error.ts';
import { roundHalfAwayFromZero } from './rounding.ts';

const f32 = Math.fround;

/** Whether each block stores its own zero point (`asymmetric`) or uses MatMulNBits' default 8. */
export type Q4Scheme = 'symmetric' | 'asymmetric';

/** Block size of the Hub's `model_q4.onnx` files (and of `MatMul4BitsQuantizer`'s CLI). */
export const Q4_DEFAULT_BLOCK_SIZE = 32;

/** The zero point MatMulNBits assumes when a model stores none: the middle of 0..15. */
export const Q4_SYMMETRIC_ZERO_POINT = 8;

/** The scale and zero point of one block. */
export interface Q4BlockParameters {
  /** float32; negative in the symmetric scheme when the largest-magnitude value is positive. */
  readonly scale: number;
  readonly zeroPoint: number;
}

/** One block of a quantized array, with what a UI shows about it. */
export interface Q4Block extends Q4BlockParameters {
  /** Index of the block's first value in the input. */
  readonly start: number;
  /** Values in the block: `blockSize`, or fewer for the last one. */
  readonly length: number;
  readonly min: number;
  readonly max: number;
  /** Largest `|dequantized - input|` in this block. */
  readonly maxAbsError: number;
  /** The worst error any value in [min, max] could get; see {@link q4WorstCaseError}. */
  readonly errorBound: number;
}

/** An array quantized to 4-bit codes, one code per value (unpacked; see {@link packUint4}). */
export interface Q4Quantized {
  readonly scheme: Q4Scheme;
  readonly blockSize: number;
  /** Codes 0..15. */
  readonly q: Uint8Array;
  readonly blocks: readonly Q4Block[];
}

/** Options of {@link quantizeBlockQ4}. */
export interface Q4Options {
  /** A power of two, at least 16 (MatMulNBits' rule). Default {@link Q4_DEFAULT_BLOCK_SIZE}. */
  readonly blockSize?: number;
  /** Default `symmetric`, as the Hub's q4 models are made. */
  readonly scheme?: Q4Scheme;
}

/**
 * Quantizes `values` block by block and reports each block's scale, zero point and error.
 *
 * @throws RangeError on a NaN or infinite value, or a block size MatMulNBits does not accept.
 */
export function quantizeBlockQ4(values: ArrayLike<number>, options: Q4Options = {}): Q4Quantized {
  const { blockSize = Q4_DEFAULT_BLOCK_SIZE, scheme = 'symmetric' } = options;
  if (!Number.isInteger(blockSize) || blockSize < 16 || (blockSize & (blockSize - 1)) !== 0) {
    throw new RangeError(`A MatMulNBits block size is a power of two, at least 16; got ${blockSize}.`);
  }
  assertFinite(values, '4-bit block quantization');
  const q = new Uint8Array(values.length);
  const blocks: Q4Block[] = [];
  for (let start = 0; start < values.length; start += blockSize) {
    const input = new Float32Array(Math.min(blockSize, values.length - start));
    for (let i = 0; i < input.length; i++) input[i] = values[start + i] ?? 0;
    let min = Infinity;
    let max = -Infinity;
    for (const v of input) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    const { scale, zeroPoint } = q4BlockParameters(min, max, scheme);
    const reciprocal = scale !== 0 ? f32(1 / scale) : 0;
    const dequantized = new Float32Array(input.length);
    input.forEach((v, i) => {
      const code = Math.min(15, Math.max(0, roundHalfAwayFromZero(f32(f32(v * reciprocal) + zeroPoint))));
      q[start + i] = code;
      dequantized[i] = (code - zeroPoint) * scale;
    });
    const { maxAbsError } = quantizationErrors(input, dequantized);
    blocks.push({ start, length: input.length, min, max, scale, zeroPoint, maxAbsError, errorBound: q4WorstCaseError(min, max, scheme) });
  }
  return { scheme, blockSize, q, blocks };
}

/** `(q - zeroPoint) · scale` per block, in float32, as MatMulNBits dequantizes. */
export function dequantizeBlockQ4(quantized: Q4Quantized): Float32Array {
  const out = new Float32Array(quantized.q.length);
  for (const { start, length, scale, zeroPoint } of quantized.blocks) {
    for (let i = start; i < start + length; i++) out[i] = ((quantized.q[i] ?? 0) - zeroPoint) * scale;
  }
  return out;
}

/** The scale and zero point MLAS picks for a block whose values lie in [min, max]. */
export function q4BlockParameters(min: number, max: number, scheme: Q4Scheme): Q4BlockParameters {
  if (scheme === 'symmetric') {
    const extreme = Math.abs(max) > Math.abs(min) ? max : min;
    return { scale: f32(-f32(extreme) / 8), zeroPoint: Q4_SYMMETRIC_ZERO_POINT };
  }
  const lo = f32(Math.min(min, 0));
  const hi = f32(Math.max(max, 0));
  const scale = f32(f32(hi - lo) / 15);
  const zeroPointFloat = scale !== 0 ? f32(0 - f32(lo / scale)) : lo;
  const zeroPoint = zeroPointFloat < 0 ? 0 : zeroPointFloat > 15 ? 15 : roundHalfAwayFromZero(zeroPointFloat);
  return { scale, zeroPoint };
}

/** Half a quantization step: the rounding error bound for values inside a block's grid. */
export function q4RoundingBound(scale: number): number {
  return Math.abs(scale) / 2;
}

/**
 * The largest error a value in [min, max] can get in one block (exact arithmetic; float32 adds
 * about one part in 10^7). Asymmetric: half a step. Symmetric: half a step, or more when the side
 * opposite the largest magnitude reaches past 7.5 steps, since it has only 7 steps of codes.
 */
export function q4WorstCaseError(min: number, max: number, scheme: Q4Scheme): number {
  const { scale } = q4BlockParameters(min, max, scheme);
  const step = Math.abs(scale);
  if (scheme === 'asymmetric') return step / 2;
  const extreme = Math.abs(max) > Math.abs(min) ? max : min;
  const opposite = extreme > 0 ? Math.max(0, -min) : Math.max(0, max);
  return Math.max(step / 2, opposite - 7 * step);
}

/**
 * The worst-case error for a block whose values span `range` centred on zero, [-range/2, range/2]
 * (weights are roughly centred): range/30 asymmetric; range/16 symmetric, a whole step, because
 * one end is clipped to +7 steps. Linear in the range: widen a block's range, the error grows.
 */
export function q4WorstCaseErrorForRange(range: number, scheme: Q4Scheme = 'symmetric'): number {
  return q4WorstCaseError(-range / 2, range / 2, scheme);
}

/**
 * Packs codes two per byte as MatMulNBits stores them: the earlier value in the low nibble.
 * An odd count leaves the last high nibble 0.
 */
export function packUint4(codes: ArrayLike<number>): Uint8Array {
  const packed = new Uint8Array(Math.ceil(codes.length / 2));
  for (let i = 0; i < codes.length; i++) {
    packed[i >> 1] = (packed[i >> 1] ?? 0) | (((codes[i] ?? 0) & 0xf) << ((i & 1) * 4));
  }
  return packed;
}
