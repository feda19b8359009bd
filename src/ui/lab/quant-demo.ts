/**
 * The small blocks the "Float formats" section quantizes around the number a person types: the
 * engine's int8 and 4-bit quantizers, fed a block of typical weight-sized values plus that number,
 * so one large number visibly coarsens the whole block.
 */
import { q4WorstCaseErrorForRange, quantizeBlockQ4, dequantizeBlockQ4 } from '../../engine/quant/block-q4.ts';
import { dequantizeInt8Symmetric, dequantizeUint8, dynamicQuantizeLinear, quantizeSymmetricInt8 } from '../../engine/quant/int8-affine.ts';
import { quantizationErrors } from '../../engine/quant/quant-error.ts';

/** Weight-sized values around the typed number (trained GPT-2 weights are mostly within ±0.5). */
export const BLOCK_NEIGHBOURS = [-0.42, 0.17, -0.08, 0.33, 0.05, -0.27, 0.21, -0.15, 0.38, -0.02, 0.11, -0.36, 0.26, -0.19, 0.07] as const;

/** The int8 demo's block: the number and the first 7 neighbours. */
export const INT8_BLOCK_LENGTH = 8;
/** The smallest block MatMulNBits accepts; the Hub's q4 files use 32. */
export const Q4_DEMO_BLOCK_SIZE = 16;

/** One value of a block through a quantizer and back. */
export interface QuantizedValue {
  readonly input: number;
  readonly code: number;
  readonly recovered: number;
  /** recovered − input. */
  readonly error: number;
}

export interface Int8Demo {
  /** Asymmetric uint8 (DynamicQuantizeLinear, as q8 models quantize activations). */
  readonly scale: number;
  readonly zeroPoint: number;
  readonly values: readonly QuantizedValue[];
  /** Symmetric int8 (zero point 0, as weights are quantized): the typed number only. */
  readonly symmetric: { readonly scale: number } & QuantizedValue;
}

export interface Q4Demo {
  readonly scale: number;
  readonly zeroPoint: number;
  readonly values: readonly QuantizedValue[];
  readonly maxAbsError: number;
  /** The worst error any value in the block's range could get. */
  readonly errorBound: number;
}

/** `x` first, then neighbours up to `length` values. */
export function blockAround(x: number, length: number): number[] {
  return [x, ...BLOCK_NEIGHBOURS.slice(0, length - 1)];
}

function pair(input: readonly number[], codes: ArrayLike<number>, recovered: ArrayLike<number>): QuantizedValue[] {
  const { errors } = quantizationErrors(input, recovered);
  return input.map((v, i) => ({ input: v, code: codes[i] ?? 0, recovered: recovered[i] ?? 0, error: errors[i] ?? 0 }));
}

/** @throws RangeError for a number that is not finite (a quantizer has no scale for it). */
export function int8Demo(x: number): Int8Demo {
  const block = blockAround(x, INT8_BLOCK_LENGTH);
  const affine = dynamicQuantizeLinear(block);
  const symmetric = quantizeSymmetricInt8(block);
  const [first] = pair(block, symmetric.q, dequantizeInt8Symmetric(symmetric));
  return { scale: affine.scale, zeroPoint: affine.zeroPoint, values: pair(block, affine.q, dequantizeUint8(affine)), symmetric: { scale: symmetric.scale, ...first! } };
}

/** @throws RangeError for a number that is not finite. */
export function q4Demo(x: number): Q4Demo {
  const block = blockAround(x, Q4_DEMO_BLOCK_SIZE);
  const quantized = quantizeBlockQ4(block, { blockSize: Q4_DEMO_BLOCK_SIZE, scheme: 'symmetric' });
  const [info] = quantized.blocks;
  return {
    scale: info!.scale,
    zeroPoint: info!.zeroPoint,
    values: pair(block, quantized.q, dequantizeBlockQ4(quantized)),
    maxAbsError: info!.maxAbsError,
    errorBound: info!.errorBound,
  };
}

/** How large the rounding error can get in a block whose values span `range`, centred on 0. */
export interface RangeErrors {
  readonly range: number;
  /** 4-bit, no zero point (the Hub's q4): a whole step, since one end is clipped. */
  readonly q4Symmetric: number;
  /** 4-bit with a zero point: half a step. */
  readonly q4Asymmetric: number;
  /** 8-bit with a zero point (DynamicQuantizeLinear): half of range / 255. */
  readonly int8: number;
  /** The largest error measured on 16 evenly spaced values over the range, 4-bit symmetric. */
  readonly q4SymmetricMeasured: number;
}

export function rangeErrors(range: number): RangeErrors {
  const values = Array.from({ length: Q4_DEMO_BLOCK_SIZE }, (_, i) => -range / 2 + (range * i) / (Q4_DEMO_BLOCK_SIZE - 1));
  const int8 = dynamicQuantizeLinear([-range / 2, range / 2]);
  return {
    range,
    q4Symmetric: q4WorstCaseErrorForRange(range, 'symmetric'),
    q4Asymmetric: q4WorstCaseErrorForRange(range, 'asymmetric'),
    int8: int8.scale / 2,
    q4SymmetricMeasured: quantizeBlockQ4(values, { blockSize: Q4_DEMO_BLOCK_SIZE }).blocks[0]!.maxAbsError,
  };
}

/** The slider's block ranges. */
export const BLOCK_RANGE = { min: 0.5, max: 16, step: 0.5, initial: 2 } as const;
