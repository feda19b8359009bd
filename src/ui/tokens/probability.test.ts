import { describe, expect, it } from 'vitest';
import { bandBounds, barWidths, formatProbability, probabilityBand, visibleTokenText } from './probability.ts';

describe('probabilityBand', () => {
  it('puts each probability in its band, edges going up', () => {
    expect(probabilityBand(0)).toBe(0);
    expect(probabilityBand(1 / 50_257)).toBe(0);
    expect(probabilityBand(0.01)).toBe(1);
    expect(probabilityBand(0.049)).toBe(1);
    expect(probabilityBand(0.05)).toBe(2);
    expect(probabilityBand(0.2)).toBe(3);
    expect(probabilityBand(0.5)).toBe(4);
    expect(probabilityBand(1)).toBe(4);
  });
  it('has a legend entry per band', () => {
    expect(bandBounds()).toEqual([
      [0, 0.01],
      [0.01, 0.05],
      [0.05, 0.2],
      [0.2, 0.5],
      [0.5, 1],
    ]);
  });
});

describe('formatProbability', () => {
  it('keeps digits for small probabilities', () => {
    expect(formatProbability(0.4567, 'en')).toBe('45.7%');
    expect(formatProbability(0.0345, 'en')).toBe('3.45%');
    expect(formatProbability(1 / 50_257, 'en')).toBe('0.002%');
    expect(formatProbability(0, 'en')).toBe('0%');
    expect(formatProbability(1, 'en')).toBe('100%');
  });
  it('never rounds a chance to zero', () => {
    expect(formatProbability(1e-9, 'en')).toBe('< 0.0001%');
  });
  it('writes Spanish numbers in Spanish', () => {
    expect(formatProbability(0.4567, 'es')).toBe('45,7\u00a0%');
  });
});

describe('barWidths', () => {
  it('scales a column to its largest value', () => {
    expect(barWidths([0.5, 0.25, 0])).toEqual([1, 0.5, 0]);
  });
  // A random model gives every token ~0.002 %: the bars must still be visible and comparable.
  it('makes tiny probabilities readable', () => {
    expect(barWidths([2e-5, 1e-5])).toEqual([1, 0.5]);
    expect(barWidths([1, 1e-6])).toEqual([1, 0.02]);
  });
  it('draws nothing for an all-zero column', () => {
    expect(barWidths([0, 0])).toEqual([0, 0]);
  });
});

describe('visibleTokenText', () => {
  it('keeps ordinary tokens, leading space included', () => {
    expect(visibleTokenText(' am')).toBe(' am');
  });
  it('marks line breaks, tabs and space-only tokens', () => {
    expect(visibleTokenText('\n\n')).toBe('↵↵');
    expect(visibleTokenText('\t')).toBe('⇥');
    expect(visibleTokenText('  ')).toBe('␣␣');
    expect(visibleTokenText('')).toBe('∅');
  });
});
