import { describe, expect, it } from 'vitest';
import { drawCandidate, keepMinP, keepTopK, keepTopP } from './candidate-filters.ts';
import { createCandidateSet, fillCandidateSet, removalStage, type CandidateSet } from './candidate-set.ts';
import { scanRawLogits } from './raw-logits.ts';

// 4,096 tokens with logits 0, −0.01, −0.02, …: weights q^i with q = e^−0.01, spread over 256
// buckets of 16, so every cut below lands inside a bucket past the first few.
const VOCAB = 4096;
const STEP = 0.01;
const LADDER = Float32Array.from({ length: VOCAB }, (_, i) => -i * STEP);

function ladderSet(temperature = 1): CandidateSet {
  const set = createCandidateSet(VOCAB);
  set.key.set(LADDER);
  fillCandidateSet(set, LADDER, { ...scanRawLogits(LADDER, 10), topCount: 10 }, [], temperature);
  return set;
}
const keptIds = (set: CandidateSet): number[] => [...set.ids.subarray(0, set.size)].sort((a, b) => a - b);
const firstIds = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describe('candidate filters on a 4,096-token ladder', () => {
  it('top-k 100 keeps ids 0..99 and marks the rest', () => {
    const set = ladderSet();
    keepTopK(set, 100);
    expect(keptIds(set)).toEqual(firstIds(100));
    expect(removalStage(set.removedBy[100]!)).toBe('top_k');
    expect(removalStage(set.removedBy[4095]!)).toBe('top_k');
  });

  it('top-p 0.9 keeps the first K with 1 − q^K ≥ 0.9 (of 1 − q^4096 ≈ 1): K ≥ ln 10 / 0.01 = 230.3, so 231', () => {
    const set = ladderSet();
    keepTopP(set, 0.9);
    expect(keptIds(set)).toEqual(firstIds(231));
  });

  it('min-p 0.5 keeps q^i ≥ 0.5: i ≤ ln 2 / 0.01 = 69.3, so 70 tokens', () => {
    const set = ladderSet();
    keepMinP(set, 0.5);
    expect(keptIds(set)).toEqual(firstIds(70));
    expect(removalStage(set.removedBy[70]!)).toBe('min_p');
  });

  it('min-p at temperature 2 keeps twice as many: i ≤ 2 ln 2 / 0.01 = 138.6, so 139', () => {
    const set = ladderSet(2);
    keepMinP(set, 0.5);
    expect(keptIds(set)).toEqual(firstIds(139));
  });

  it('the draw is the inverse CDF walked from the top: u picks the first i with 1 − q^(i+1) > u', () => {
    // u = 0.5: q^(i+1) < 0.5 ⇔ i + 1 > 69.3 ⇔ i = 69. u = 0: the top token.
    expect(drawCandidate(ladderSet(), 0.5)).toBe(69);
    expect(drawCandidate(ladderSet(), 0)).toBe(0);
  });
});
