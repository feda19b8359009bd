import { describe, expect, it } from 'vitest';
import { assertFinite, quantizationErrors } from './quant-error.ts';

describe('quantizationErrors', () => {
  it('gives signed per-value errors and the largest magnitude', () => {
    expect(quantizationErrors([1, 2], [1.5, 1.25])).toEqual({ errors: Float64Array.of(0.5, -0.75), maxAbsError: 0.75 });
    expect(quantizationErrors([], [])).toEqual({ errors: new Float64Array(0), maxAbsError: 0 });
  });

  it('refuses arrays of different lengths', () => {
    expect(() => quantizationErrors([1], [])).toThrow(RangeError);
  });
});

describe('assertFinite', () => {
  it('names the first value that is not finite', () => {
    expect(() => assertFinite([0, -Infinity], 'Q')).toThrow('Q needs finite values; value 1 is -Infinity.');
    expect(() => assertFinite(Float32Array.of(1, 2), 'Q')).not.toThrow();
  });
});
