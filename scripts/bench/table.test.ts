import { describe, expect, it } from 'vitest';
import { columns, formatNumber, formatRatio, formatSpread, formatTable, left } from './table.ts';

describe('formatTable', () => {
  it('pads each column to its widest cell, numbers right-aligned, with a rule under the header', () => {
    const text = formatTable(
      [
        { header: '', align: 'left' },
        { header: 'tok/s', align: 'right' },
      ],
      [
        ['ours', '50.69'],
        ['generate()', '6.1'],
        ['ratio'],
      ],
    );
    expect(text).toBe(['            tok/s', '----------  -----', 'ours        50.69', 'generate()    6.1', 'ratio'].join('\n'));
  });

  it('takes columns from headers: the first and the left() ones left-aligned, numbers right', () => {
    expect(columns('load', 'total ms', left('model file'), 'peak')).toEqual([
      { header: 'load', align: 'left' },
      { header: 'total ms', align: 'right' },
      { header: 'model file', align: 'left' },
      { header: 'peak', align: 'right' },
    ]);
  });
});

describe('formatRatio', () => {
  it('prints two decimals and a multiplication sign', () => {
    expect(formatRatio(50.69 / 56.07)).toBe('0.90×');
    expect(formatRatio(1.076)).toBe('1.08×');
  });

  it('prints n/a for a ratio over a zero baseline', () => {
    expect(formatRatio(1 / 0)).toBe('n/a');
    expect(formatRatio(0 / 0)).toBe('n/a');
  });
});

describe('formatNumber', () => {
  it('keeps about four significant digits', () => {
    expect([1234.5, 123.45, 12.345, 1.2345].map(formatNumber)).toEqual(['1235', '123.5', '12.35', '1.234']);
  });
});

describe('formatSpread', () => {
  it('shows half the relative range as ±', () => {
    expect(formatSpread(0.4)).toBe('±20%');
  });
});
