import { describe, expect, it } from 'vitest';
import { fillTopBuckets, isBeyondLastBucket } from './candidate-head.ts';
import { createCandidateSet, fillCandidateSet, rawWeightReference, weighCandidates } from './candidate-set.ts';
import { scanRawLogits } from './raw-logits.ts';

/** A set filled from `logits` by the full fill, as the step mode's stage walk fills it. */
function filledSet(logits: Float32Array, weighAt: number | null) {
  const set = createCandidateSet(logits.length);
  set.key.set(logits);
  fillCandidateSet(set, logits, { ...scanRawLogits(logits, 10), topCount: 10 }, [], weighAt);
  return { set };
}

describe('fillTopBuckets', () => {
  // Why: top-k steps bucket only the head of the vocabulary; every later stage must see exactly
  // the buckets the full fill would have given it, or the cuts and sums would differ in the bits.
  const logits = Float32Array.from({ length: 5000 }, (_, i) => Math.sin(i * 12.9898) * 8);
  const scan = scanRawLogits(logits, 10);

  it('lays out the buckets up to the k-th candidate exactly as the full fill does, and no more', () => {
    const { set: full } = filledSet(logits, null);
    const top = createCandidateSet(logits.length);
    top.key.set(logits);
    fillTopBuckets(top, { ...scan, topCount: 10 }, [], 50);
    expect([top.topId, top.keyMax, top.scale]).toEqual([full.topId, full.keyMax, full.scale]);
    // The k-th candidate lies in the last bucket admitted; the bucket before holds fewer than k.
    expect(top.size).toBeGreaterThanOrEqual(50);
    expect(top.bucketStart[top.lastBucket]).toBeLessThan(50);
    for (let bucket = 0; bucket <= top.lastBucket; bucket++) {
      expect(top.bucketStart[bucket], `bucket ${bucket}`).toBe(full.bucketStart[bucket]);
    }
    expect([...top.ids.subarray(0, top.size)]).toEqual([...full.ids.subarray(0, top.size)]);
    // Ids past the last bucket are told apart; banned or −∞ ones are not "beyond".
    const outside = full.ids[top.size]!;
    expect(isBeyondLastBucket(top, outside)).toBe(true);
    expect(isBeyondLastBucket(top, top.ids[0]!)).toBe(false);
  });

  it('weighs survivors at temperature 1 to the bits the full fill reuses from the raw exps', () => {
    const { set: full } = filledSet(logits, 1);
    const top = createCandidateSet(logits.length);
    top.key.set(logits);
    fillTopBuckets(top, { ...scan, topCount: 10 }, [], 50);
    weighCandidates(top, 1, rawWeightReference(top, scan.max));
    for (const id of top.ids.subarray(0, top.size)) expect(top.weight[id], `token ${id}`).toBe(full.weight[id]);
  });
});

describe('fillTopBuckets for min-p', () => {
  it('stops a bucket past the key depth min-p cuts at, and keeps every key within it', () => {
    // Keys 0, −0.002, …, −9.998 in 5,000 tokens: 312 buckets 9.998 / 311 wide. Min-p 0.05 at
    // T 1 cuts keys below ln 0.05 ≈ −3.0.
    const logits = Float32Array.from({ length: 5000 }, (_, i) => -i / 500);
    const set = createCandidateSet(logits.length);
    set.key.set(logits);
    const depth = -Math.log(0.05);
    fillTopBuckets(set, { ...scanRawLogits(logits, 10), topCount: 10 }, [], Infinity, depth);
    const kept = [...set.ids.subarray(0, set.size)];
    // Every key within the depth is in; nothing past the bucket two after the one the depth falls in.
    const width = 9.998 / (set.bucketCount - 1);
    expect(set.bucketCount).toBe(312);
    expect(kept.filter((id) => logits[id]! >= -depth)).toHaveLength(1498);
    expect(Math.min(...kept.map((id) => logits[id]!))).toBeGreaterThan(-depth - 3 * width);
    expect(set.size).toBeLessThan(1498 + 3 * 500 * width);
  });
});
