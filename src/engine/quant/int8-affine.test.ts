import { describe, expect, it } from 'vitest';
import { createPrng } from '../prng.ts';
import {
  dequantizeInt8Symmetric,
  dequantizeUint8,
  dynamicQuantizeLinear,
  quantizeSymmetricInt8,
} from './int8-affine.ts';
import { quantizationErrors } from './quant-error.ts';

function uniform(seed: number, count: number, lo: number, hi: number): Float32Array {
  const prng = createPrng(seed);
  return Float32Array.from({ length: count }, () => lo + (hi - lo) * prng.next());
}

describe('dynamicQuantizeLinear', () => {
  // Hand-computed: scale = 3/255, zero point = 1/scale = 85. 0.5/scale is exactly 42.5 in
  // float32, and ties go to even: 42 + 85 = 127 (rounding half up would give 128).
  it('quantizes [-1, 0, 0.5, 2] as ONNX does', () => {
    const quantized = dynamicQuantizeLinear([-1, 0, 0.5, 2]);
    expect(quantized.scale).toBe(Math.fround(3 / 255));
    expect(quantized.zeroPoint).toBe(85);
    expect(Array.from(quantized.q)).toEqual([0, 85, 127, 255]);
    expect(Array.from(dequantizeUint8(quantized))).toEqual([-1, 0, Math.fround(42 * Math.fround(3 / 255)), 2]);
  });

  it('widens the range to include zero, so zero stays exact', () => {
    const quantized = dynamicQuantizeLinear([1, 2, 3]);
    expect(quantized.zeroPoint).toBe(0);
    expect(quantized.scale).toBe(Math.fround(3 / 255));
    expect(Array.from(quantized.q)).toEqual([85, 170, 255]);
    expect(dynamicQuantizeLinear([-2, -1]).zeroPoint).toBe(255);
  });

  // ONNX Runtime's guard: an empty range gives scale 1 instead of 0/0.
  it('quantizes all zeros with scale 1', () => {
    expect(dynamicQuantizeLinear([0, 0, 0])).toEqual({ scale: 1, zeroPoint: 0, q: new Uint8Array(3) });
  });

  it('keeps every error within half a step on seeded random values', () => {
    for (const seed of [1, 2, 3]) {
      const values = uniform(seed, 4096, -3, 5);
      const quantized = dynamicQuantizeLinear(values);
      const { errors, maxAbsError } = quantizationErrors(values, dequantizeUint8(quantized));
      expect(errors).toHaveLength(values.length);
      expect(maxAbsError).toBeGreaterThan(0.45 * quantized.scale); // the bound is nearly reached
      expect(maxAbsError).toBeLessThanOrEqual(quantized.scale / 2 + 1e-6);
    }
  });

  it('rejects NaN and Infinity', () => {
    expect(() => dynamicQuantizeLinear([1, NaN])).toThrow(/value 1 is NaN/);
    expect(() => dynamicQuantizeLinear([Infinity])).toThrow(RangeError);
  });
});

describe('quantizeSymmetricInt8', () => {
  // scale = 127/127 = 1; 62.5 and 63.5 are ties and go to the even neighbour.
  it('uses zero point 0 and -127..127', () => {
    const quantized = quantizeSymmetricInt8([-127, 62.5, 63.5, 0]);
    expect(quantized.scale).toBe(1);
    expect(Array.from(quantized.q)).toEqual([-127, 62, 64, 0]);
    expect(Array.from(dequantizeInt8Symmetric(quantized))).toEqual([-127, 62, 64, 0]);
  });

  it('keeps every error within half a step on seeded random values', () => {
    const values = uniform(4, 4096, -2, 0.5);
    const quantized = quantizeSymmetricInt8(values);
    expect(quantized.scale).toBeCloseTo(2 / 127, 3);
    const { maxAbsError } = quantizationErrors(values, dequantizeInt8Symmetric(quantized));
    expect(maxAbsError).toBeLessThanOrEqual(quantized.scale / 2 + 1e-6);
  });

  it('quantizes all zeros with scale 1', () => {
    expect(quantizeSymmetricInt8([0, 0])).toEqual({ scale: 1, q: new Int8Array(2) });
  });
});
