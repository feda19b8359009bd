import { describe, expect, it } from 'vitest';
import { formatLatency, formatShare } from './format.ts';

describe('autocomplete number formats', () => {
  it('writes latencies with a decimal only where it matters', () => {
    expect(formatLatency(0, 'en')).toBe('0.0 ms');
    expect(formatLatency(3.25, 'en')).toBe('3.3 ms');
    expect(formatLatency(3.25, 'es')).toBe('3,3 ms');
    expect(formatLatency(127.6, 'en')).toBe('128 ms');
  });

  it('writes the hit rate as a percentage in the language', () => {
    expect(formatShare(2 / 3, 'en')).toBe('67%');
    expect(formatShare(0.5, 'es')).toBe('50\u00a0%');
  });
});
