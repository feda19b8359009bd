import { describe, expect, it } from 'vitest';
import { halfToFloat } from './half-float.ts';

describe('halfToFloat', () => {
  // Known binary16 patterns: 1, -2.5, the largest finite value, the smallest subnormal, ±Infinity, NaN.
  it('decodes binary16 bits', () => {
    const out = halfToFloat(Uint16Array.of(0x3c00, 0xc100, 0x7bff, 0x0001, 0x7c00, 0xfc00, 0x7e00));
    expect(Array.from(out.subarray(0, 6))).toEqual([1, -2.5, 65504, 2 ** -24, Infinity, -Infinity]);
    expect(Number.isNaN(out[6])).toBe(true);
  });

  it('passes numbers through', () => {
    expect(Array.from(halfToFloat([0.5, -3]))).toEqual([0.5, -3]);
  });
});
