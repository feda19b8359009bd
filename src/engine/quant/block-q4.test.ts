import { describe, expect, it } from 'vitest';
import { createPrng } from '../prng.ts';
import {
  dequantizeBlockQ4,
  packUint4,
  q4BlockParameters,
  q4RoundingBound,
  q4WorstCaseError,
  q4WorstCaseErrorForRange,
  quantizeBlockQ4,
} from './block-q4.ts';
import { quantizationErrors } from './quant-error.ts';

/** One 16-value block: `head` then zeros. */
const block16 = (...head: number[]) => [...head, ...Array<number>(16 - head.length).fill(0)];

describe('quantizeBlockQ4, symmetric (zero point 8)', () => {
  // Largest magnitude -1 (a tie with +1 goes to min): scale 1/8, -1 lands on code 0 exactly, and
  // +1 would need code 16, so it is clipped to 15 = 0.875, an error of a whole step.
  it('maps the largest magnitude to code 0 and clips the other side at +7 steps', () => {
    const quantized = quantizeBlockQ4(block16(-1, 1, 0.5, -0.25, 0, 0.75), { blockSize: 16 });
    expect(Array.from(quantized.q.subarray(0, 7))).toEqual([0, 15, 12, 6, 8, 14, 8]);
    expect(Array.from(dequantizeBlockQ4(quantized).subarray(0, 6))).toEqual([-1, 0.875, 0.5, -0.25, 0, 0.75]);
    expect(quantized.blocks).toEqual([
      { start: 0, length: 16, min: -1, max: 1, scale: 0.125, zeroPoint: 8, maxAbsError: 0.125, errorBound: 0.125 },
    ]);
    expect(q4RoundingBound(0.125)).toBe(0.0625);
  });

  // MLAS keeps the sign: a positive extreme gives a negative scale, and 2 still lands on code 0.
  it('stores a negative scale when the largest magnitude is positive', () => {
    const quantized = quantizeBlockQ4(block16(2, -1, 0.5), { blockSize: 16 });
    expect(quantized.blocks[0]).toMatchObject({ scale: -0.25, zeroPoint: 8, maxAbsError: 0 });
    expect(Array.from(quantized.q.subarray(0, 4))).toEqual([0, 12, 6, 8]);
    expect(Array.from(dequantizeBlockQ4(quantized).subarray(0, 3))).toEqual([2, -1, 0.5]);
  });

  it('stays within each block\'s error bound on seeded random values', () => {
    const prng = createPrng(11);
    const values = Float32Array.from({ length: 1000 }, () => 2 * prng.next() - 1);
    const quantized = quantizeBlockQ4(values);
    expect(quantized.blocks).toHaveLength(32); // 31 full blocks of 32 and one of 8
    expect(quantized.blocks.at(-1)).toMatchObject({ start: 992, length: 8 });
    const dequantized = dequantizeBlockQ4(quantized);
    for (const block of quantized.blocks) {
      expect(block.errorBound).toBeGreaterThanOrEqual(q4RoundingBound(block.scale));
      expect(block.errorBound).toBeLessThanOrEqual(Math.abs(block.scale));
      expect(block.maxAbsError).toBeLessThanOrEqual(block.errorBound + 1e-6);
      const slice = (a: ArrayLike<number>) => Array.from(a).slice(block.start, block.start + block.length);
      expect(quantizationErrors(slice(values), slice(dequantized)).maxAbsError).toBe(block.maxAbsError);
    }
  });
});

describe('quantizeBlockQ4, asymmetric', () => {
  // Range [-1, 14]: scale 15/15 = 1, zero point 1. 1.5 → 2.5 is a tie and roundf goes away from
  // zero, to code 3 = 2.0 (round-half-even would give 2 = 1.0).
  it('quantizes a hand-computed block', () => {
    const quantized = quantizeBlockQ4(block16(-1, 0, 1.5, 14, 5.2), { blockSize: 16, scheme: 'asymmetric' });
    expect(Array.from(quantized.q.subarray(0, 6))).toEqual([0, 1, 3, 15, 6, 1]);
    expect(Array.from(dequantizeBlockQ4(quantized).subarray(0, 5))).toEqual([-1, 0, 2, 14, 5]);
    expect(quantized.blocks[0]).toMatchObject({ scale: 1, zeroPoint: 1, maxAbsError: 0.5, errorBound: 0.5 });
  });

  it('keeps every error within half a step on seeded random values', () => {
    const prng = createPrng(12);
    const values = Float32Array.from({ length: 1024 }, () => 3 * prng.next() - 1);
    const quantized = quantizeBlockQ4(values, { blockSize: 64, scheme: 'asymmetric' });
    expect(quantized.blocks).toHaveLength(16);
    for (const block of quantized.blocks) {
      expect(block.zeroPoint).toBeGreaterThanOrEqual(0);
      expect(block.zeroPoint).toBeLessThanOrEqual(15);
      expect(block.maxAbsError).toBeLessThanOrEqual(block.scale / 2 + 1e-6);
    }
  });

  it('gives an all-zero block scale 0 and an exact round trip', () => {
    const quantized = quantizeBlockQ4(new Float32Array(16), { scheme: 'asymmetric', blockSize: 16 });
    expect(quantized.blocks[0]).toMatchObject({ scale: 0, zeroPoint: 0, maxAbsError: 0 });
    expect(Array.from(dequantizeBlockQ4(quantized))).toEqual(Array<number>(16).fill(0));
  });
});

describe('error bounds', () => {
  it('grows linearly with the block range', () => {
    expect(q4WorstCaseErrorForRange(1.5, 'asymmetric')).toBeCloseTo(0.05, 7); // 1.5 / 30
    expect(q4WorstCaseErrorForRange(3, 'asymmetric')).toBeCloseTo(0.1, 7);
    expect(q4WorstCaseErrorForRange(1.6)).toBeCloseTo(0.1, 7); // symmetric: 1.6 / 16, a whole step
    expect(q4WorstCaseErrorForRange(0)).toBe(0);
  });

  it('is half a step in the symmetric scheme unless the short side passes 7.5 steps', () => {
    expect(q4WorstCaseError(-1, 0.9, 'symmetric')).toBe(0.0625); // 0.9 ≤ 7.5 · 0.125
    expect(q4WorstCaseError(-1, 0.95, 'symmetric')).toBeCloseTo(0.075, 7); // 0.95 - 7 · 0.125
    expect(q4WorstCaseError(0.5, 1, 'symmetric')).toBe(0.0625); // one-sided block
  });

  it('picks MLAS parameters', () => {
    expect(q4BlockParameters(-1, 2, 'asymmetric')).toEqual({ scale: Math.fround(0.2), zeroPoint: 5 });
    expect(q4BlockParameters(-3, -1, 'asymmetric')).toEqual({ scale: Math.fround(0.2), zeroPoint: 15 });
    expect(q4BlockParameters(-1, 2, 'symmetric')).toEqual({ scale: -0.25, zeroPoint: 8 });
  });
});

describe('block size and packing', () => {
  it('accepts only MatMulNBits block sizes', () => {
    for (const blockSize of [8, 24, 0, 16.5]) expect(() => quantizeBlockQ4([1], { blockSize })).toThrow(RangeError);
    expect(() => quantizeBlockQ4([NaN])).toThrow(RangeError);
  });

  it('packs two codes per byte, the first in the low nibble', () => {
    expect(Array.from(packUint4([1, 2, 3, 4, 5]))).toEqual([0x21, 0x43, 0x05]);
  });
});
