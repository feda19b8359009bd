import { describe, expect, it } from 'vitest';
import { chiSquareStatistic } from './chi-square.ts';

describe('chiSquareStatistic', () => {
  it('sums (o − e)² / e over the categories', () => {
    // (12 − 10)²/10 + (5 − 10)²/10 + (13 − 10)²/10 = 0.4 + 2.5 + 0.9 = 3.8
    expect(chiSquareStatistic([12, 5, 13], [10, 10, 10])).toBeCloseTo(3.8, 12);
  });

  it('is 0 when the counts match exactly', () => {
    expect(chiSquareStatistic([25, 75], [25, 75])).toBe(0);
  });

  it('refuses an expected count of 0 instead of returning Infinity', () => {
    expect(() => chiSquareStatistic([1, 0], [1, 0])).toThrow(RangeError);
  });

  it('refuses categories that do not line up', () => {
    expect(() => chiSquareStatistic([1, 2], [3])).toThrow(RangeError);
  });
});
