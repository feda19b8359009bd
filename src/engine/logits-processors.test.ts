import { describe, expect, it } from 'vitest';
import { applyRepetitionPenalty, noRepeatNgramBans } from './logits-processors.ts';
import { tokenId, type TokenId } from './types.ts';

const ids = (...values: number[]): TokenId[] => values.map(tokenId);

describe('applyRepetitionPenalty', () => {
  it('divides positive logits and multiplies negative ones, so both become less likely', () => {
    const logits = Float64Array.from([2, -1, 3, 0, 1]);
    applyRepetitionPenalty(logits, ids(0, 1, 3), 2);
    // id 0: 2 / 2 = 1; id 1: −1 × 2 = −2; id 3: 0 stays 0; ids 2 and 4 are not in the sequence.
    expect([...logits]).toEqual([1, -2, 3, 0, 1]);
  });

  it('penalises a repeated id once, not once per occurrence', () => {
    const logits = Float64Array.from([4, 1]);
    const penalized = applyRepetitionPenalty(logits, ids(0, 0, 0), 2);
    // 4 / 2 = 2, not 4 / 2³ = 0.5.
    expect(logits[0]).toBe(2);
    expect([...penalized]).toEqual([0]);
  });

  it('changes nothing and reports nothing at penalty 1', () => {
    const logits = Float64Array.from([4, -1]);
    expect(applyRepetitionPenalty(logits, ids(0, 1), 1).size).toBe(0);
    expect([...logits]).toEqual([4, -1]);
  });
});

describe('noRepeatNgramBans', () => {
  it('n = 2 bans every token that followed the last token before', () => {
    // Bigrams of 5 3 5 7 5: (5,3) (3,5) (5,7) (7,5). The sequence ends in 5, which was followed
    // by 3 and by 7.
    expect(noRepeatNgramBans(ids(5, 3, 5, 7, 5), 2)).toEqual([3, 7]);
  });

  it('n = 3 bans what followed the last two tokens, and only that', () => {
    // Trigrams: (1,2,3) (2,3,1) (3,1,2) (1,2,4) (2,4,1) (4,1,2). The sequence ends in 1 2, which
    // was followed by 3 and by 4; (3,1,2) and (4,1,2) end in 1 2 but do not start with it.
    expect(noRepeatNgramBans(ids(1, 2, 3, 1, 2, 4, 1, 2), 3)).toEqual([3, 4]);
  });

  it('n = 3 bans nothing when the last two tokens never occurred together before', () => {
    expect(noRepeatNgramBans(ids(1, 2, 3, 4, 2, 3, 9), 3)).toEqual([]);
  });

  it('n = 1 bans every token already in the sequence, as in HF', () => {
    expect(noRepeatNgramBans(ids(4, 4, 2), 1)).toEqual([2, 4]);
  });

  it('bans nothing while the sequence is too short to hold an earlier n-gram', () => {
    // Why: HF returns no bans while length + 1 < n; at length + 1 = n there is no complete n-gram yet.
    expect(noRepeatNgramBans(ids(7), 3)).toEqual([]);
    expect(noRepeatNgramBans(ids(7, 7), 3)).toEqual([]);
    expect(noRepeatNgramBans(ids(7, 7, 7), 3)).toEqual([7]);
  });

  it('is off at n = 0', () => {
    expect(noRepeatNgramBans(ids(1, 1, 1), 0)).toEqual([]);
  });
});
