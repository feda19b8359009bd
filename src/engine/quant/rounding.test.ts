import { describe, expect, it } from 'vitest';
import { roundHalfAwayFromZero, roundHalfEven } from './rounding.ts';

describe('rounding', () => {
  it('sends ties to the even integer', () => {
    expect([0.5, 1.5, 2.5, -1.5, -2.5, -3.5, 2.4, 2.6].map(roundHalfEven)).toEqual([0, 2, 2, -2, -2, -4, 2, 3]);
  });

  it('sends ties away from zero, as C roundf', () => {
    expect([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 2.4, -2.6].map(roundHalfAwayFromZero)).toEqual([1, 2, 3, -1, -2, -3, 2, -3]);
  });

  it('leaves non-finite values alone', () => {
    expect(roundHalfEven(Infinity)).toBe(Infinity);
    expect(roundHalfEven(NaN)).toBeNaN();
  });
});
