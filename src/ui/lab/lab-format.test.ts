import { describe, expect, it } from 'vitest';
import { formatExact, formatPercent, formatSignificant, parseTypedNumber } from './lab-format.ts';

describe('lab number formats', () => {
  it('shows enough digits to see what fp32 stores for 0.1', () => {
    expect(formatExact(Math.fround(0.1), 'en')).toBe('0.10000000149011612');
    expect(formatExact(65504, 'en')).toBe('65504');
    expect(formatExact(-2.5, 'es')).toBe('-2,5');
  });

  it('switches to scientific notation for tiny and huge numbers', () => {
    expect(formatSignificant(2.6352e-7, 'en', 3)).toBe('2.64E-7');
    expect(formatSignificant(71072.005, 'en', 6)).toBe('71072');
    expect(formatSignificant(0, 'en')).toBe('0');
    expect(formatPercent(0.9047619, 'es')).toBe('90,5\u00a0%'); // Spanish puts a no-break space before %
  });

  it('reads the numbers a person types, in either language', () => {
    expect(parseTypedNumber('1')).toBe(1);
    expect(parseTypedNumber(' -2.5 ')).toBe(-2.5);
    expect(parseTypedNumber('0,5')).toBe(0.5);
    expect(parseTypedNumber('6.5e4')).toBe(65000);
    expect(parseTypedNumber('−3')).toBe(-3);
    expect(parseTypedNumber('-inf')).toBe(-Infinity);
    expect(Number.isNaN(parseTypedNumber('NaN'))).toBe(true);
    expect(parseTypedNumber('')).toBeNull();
    expect(parseTypedNumber('1.2.3')).toBeNull();
    expect(parseTypedNumber('abc')).toBeNull();
  });
});
