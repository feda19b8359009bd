import { describe, expect, it } from 'vitest';
import { formatMilliseconds, formatRate } from './metrics-format.ts';

describe('metrics formatting', () => {
  it('writes milliseconds whole', () => {
    expect(formatMilliseconds(197.975, 'en')).toBe('198');
    expect(formatMilliseconds(1234.4, 'en')).toBe('1,234');
    expect(formatMilliseconds(1234.4, 'es')).toBe('1234');
  });
  it('writes rates with one decimal below 100', () => {
    expect(formatRate(88.6, 'en')).toBe('88.6');
    expect(formatRate(88.6, 'es')).toBe('88,6');
    expect(formatRate(254.4, 'en')).toBe('254');
  });
});
