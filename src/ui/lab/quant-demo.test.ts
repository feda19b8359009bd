import { describe, expect, it } from 'vitest';
import { int8Demo, q4Demo, rangeErrors } from './quant-demo.ts';

describe('the float formats section’s blocks', () => {
  it('quantizes 1 in an 8-value int8 block: 0 is exact, 1 is within half a step', () => {
    const demo = int8Demo(1);
    // Range [-0.42, 1] → scale 1.42 / 255, zero point round(0.42 / scale) = 75.
    expect(demo.scale).toBeCloseTo(1.42 / 255, 7);
    expect(demo.zeroPoint).toBe(75);
    expect(demo.values).toHaveLength(8);
    expect(Math.abs(demo.values[0]!.error)).toBeLessThanOrEqual(demo.scale / 2 + 1e-7);
    // Symmetric: 1 is the largest magnitude, so it lands exactly on code 127.
    expect(demo.symmetric).toMatchObject({ code: 127, recovered: 1, error: 0 });
  });

  // One outlier stretches the scale of the whole block: the small neighbours lose their precision.
  it('loses the small values of a block to a large number', () => {
    const small = q4Demo(0.5);
    const large = q4Demo(100);
    expect(large.values[0]).toMatchObject({ input: 100, code: 0, recovered: 100 });
    expect(large.scale).toBe(-12.5);
    expect(large.values.slice(1).every((v) => v.recovered === 0)).toBe(true);
    expect(large.maxAbsError).toBeCloseTo(0.42, 6);
    expect(small.maxAbsError).toBeLessThan(0.04);
    expect(() => q4Demo(Infinity)).toThrow(RangeError);
  });

  it('grows the error bound in proportion to the block range', () => {
    const narrow = rangeErrors(1);
    const wide = rangeErrors(8);
    expect(narrow.q4Symmetric).toBeCloseTo(1 / 16, 9);
    expect(narrow.q4Asymmetric).toBeCloseTo(1 / 30, 6);
    expect(narrow.int8).toBeCloseTo(1 / 510, 6);
    expect(wide.q4Symmetric / narrow.q4Symmetric).toBeCloseTo(8, 6);
    expect(wide.q4SymmetricMeasured).toBeGreaterThan(narrow.q4SymmetricMeasured);
    expect(wide.q4SymmetricMeasured).toBeLessThanOrEqual(wide.q4Symmetric + 1e-6);
  });
});
