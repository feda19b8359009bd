import { describe, expect, it } from 'vitest';
import { rawRank, scanRawLogits } from './raw-logits.ts';

describe('scanRawLogits', () => {
  it('finds the maximum, the smallest finite logit and the top ids, ties ranking the lower id first', () => {
    const logits = Float32Array.from([1, 5, -Infinity, 5, -3, 2]);
    // Order: 1 (5), 3 (5), 5 (2), 0 (1), 4 (−3); −∞ never enters the list.
    expect(scanRawLogits(logits, 3)).toEqual({ max: 5, finiteMin: -3, topIds: [1, 3, 5] });
    expect(scanRawLogits(logits, 10).topIds).toEqual([1, 3, 5, 0, 4]);
  });

  it('refuses NaN, +Infinity and all-−Infinity logits with their own codes', () => {
    expect(() => scanRawLogits(Float32Array.from([0, Number.NaN]), 1)).toThrow(expect.objectContaining({ code: 'nan_logits' }));
    // NaN first: it must not hide behind a larger logit later on.
    expect(() => scanRawLogits(Float32Array.from([Number.NaN, 9]), 1)).toThrow(expect.objectContaining({ code: 'nan_logits' }));
    expect(() => scanRawLogits(Float32Array.from([0, Infinity]), 1)).toThrow(expect.objectContaining({ code: 'infinite_logits' }));
    expect(() => scanRawLogits(Float32Array.from([-Infinity]), 1)).toThrow(expect.objectContaining({ code: 'no_candidates' }));
  });
});

describe('rawRank', () => {
  it('counts the tokens before a token in raw order, a tie with a lower id counting as before', () => {
    const logits = Float32Array.from([2, 7, 2, 9, 2]);
    // Order: 3 (9), 1 (7), 0, 2, 4 (all 2).
    expect([0, 1, 2, 3, 4].map((id) => rawRank(logits, id))).toEqual([2, 1, 3, 0, 4]);
  });
});
