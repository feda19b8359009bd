import { describe, expect, it } from 'vitest';
import { formatBytes, formatMs, formatParameters } from './format.ts';

describe('formatBytes', () => {
  it('uses decimal units with one decimal below 100', () => {
    expect(formatBytes(0, 'en')).toBe('0 B');
    expect(formatBytes(999, 'en')).toBe('999 B');
    expect(formatBytes(1_500, 'en')).toBe('1.5 kB');
    expect(formatBytes(6_600_000, 'en')).toBe('6.6 MB');
    expect(formatBytes(13_300_000, 'en')).toBe('13.3 MB');
    expect(formatBytes(497_000_000, 'en')).toBe('497 MB');
    expect(formatBytes(2_000_000_000_000, 'en')).toBe('2,000 GB');
  });

  it('writes the decimal separator of the language', () => {
    expect(formatBytes(6_600_000, 'es')).toBe('6,6 MB');
  });
});

describe('formatParameters', () => {
  it('is compact', () => {
    expect(formatParameters(124_000_000, 'en')).toBe('124M');
    expect(formatParameters(3_332_928, 'en')).toBe('3.3M');
  });
});

describe('formatMs', () => {
  it('gives milliseconds below 10 s and seconds above', () => {
    expect(formatMs(812.4, 'en')).toBe('812 ms');
    expect(formatMs(9_999, 'en')).toBe('9,999 ms');
    expect(formatMs(12_345, 'en')).toBe('12.3 s');
    expect(formatMs(12_345, 'es')).toBe('12,3 s');
  });
});
