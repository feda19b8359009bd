import { describe, expect, it } from 'vitest';
import { median, summarize } from './stats.ts';

describe('median', () => {
  it('takes the middle value of an odd count, whatever the order', () => {
    expect(median([30, 10, 20])).toBe(20);
  });

  it('averages the middle two of an even count', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('refuses an empty list instead of returning NaN into a table', () => {
    expect(() => median([])).toThrow(RangeError);
  });
});

describe('summarize', () => {
  it('reports the range relative to the median', () => {
    const s = summarize([40, 50, 60]);
    expect(s).toEqual({ median: 50, min: 40, max: 60, spread: 0.4, samples: [40, 50, 60] });
  });

  it('gives a zero spread for a zero median rather than dividing by it', () => {
    expect(summarize([0, 0, 0]).spread).toBe(0);
  });
});
