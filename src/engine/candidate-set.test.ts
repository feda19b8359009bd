import { describe, expect, it } from 'vitest';
import {
  createCandidateSet,
  cutCandidates,
  fillCandidateSet,
  REMOVAL_CODE,
  removalStage,
  totalWeight,
  weighCandidates,
} from './candidate-set.ts';
import { scanRawLogits } from './raw-logits.ts';

/** A set filled from `logits`, with `changedKeys` overriding some keys as penalties and bans do. */
function filledSet(logits: Float32Array, weighAt: number | null, changedKeys: Record<number, number> = {}) {
  const set = createCandidateSet(logits.length);
  set.key.set(logits);
  for (const [id, key] of Object.entries(changedKeys)) set.key[Number(id)] = key;
  const scan = scanRawLogits(logits, 10);
  const normaliser = fillCandidateSet(set, logits, { ...scan, topCount: 10 }, Object.keys(changedKeys).map(Number), weighAt);
  return { set, normaliser };
}

describe('fillCandidateSet', () => {
  it('admits finite keys only and sums the raw normaliser over every logit', () => {
    // Logits ln 2, 0, −∞, ln 4; token 0 banned (key −∞). Normaliser: relative to ln 4,
    // 2/4 + 1/4 + 0 + 1 = 1.75, banned token included, because it is the raw distribution's.
    const logits = Float32Array.from([Math.LN2, 0, -Infinity, 2 * Math.LN2]);
    const { set, normaliser } = filledSet(logits, 1, { 0: -Infinity });
    expect(normaliser).toBeCloseTo(1.75, 6);
    expect(set.size).toBe(2);
    expect([...set.ids.subarray(0, set.size)].sort()).toEqual([1, 3]);
    expect(set.topId).toBe(3);
    // Weights 1/4 and 1 (relative to the raw maximum, which is token 3's own logit).
    expect(totalWeight(set)).toBeCloseTo(1.25, 6);
  });

  it('orders buckets by key: every id in an earlier bucket has a key at least as high', () => {
    // Why: every filter trusts that the set's order is the bucket order.
    const logits = Float32Array.from({ length: 5000 }, (_, i) => Math.sin(i * 12.9898) * 8);
    const { set } = filledSet(logits, null);
    let previousMin = Infinity;
    for (let bucket = 0; bucket <= set.lastBucket; bucket++) {
      const members = [...set.ids.subarray(set.bucketStart[bucket]!, set.bucketStart[bucket + 1]!)].map((id) => set.key[id]!);
      if (members.length === 0) continue;
      expect(Math.max(...members)).toBeLessThanOrEqual(previousMin);
      previousMin = Math.min(...members);
    }
    expect(set.size).toBe(5000);
    expect(set.bucketCount).toBe(5000 >> 4);
  });

  it('finds the top key among penalised tokens when a penalty lifts one above the raw maximum', () => {
    // Penalty below 1 on token 0 lifts 2 to 4, above token 1's 3.
    const { set } = filledSet(Float32Array.from([2, 3, 1]), 1, { 0: 4 });
    expect(set.topId).toBe(0);
    expect(set.keyMax).toBe(4);
  });
});

describe('weighCandidates', () => {
  it('weighs at a temperature relative to the top key, so the top token weighs 1', () => {
    const { set } = filledSet(Float32Array.from([0, -1, -2]), null);
    weighCandidates(set, 0.5);
    // exp(0), exp(−2), exp(−4).
    expect([...set.weight]).toEqual([1, Math.exp(-2), Math.exp(-4)]);
    expect(totalWeight(set)).toBeCloseTo(1 + Math.exp(-2) + Math.exp(-4), 15);
  });
});

describe('cutCandidates', () => {
  it('keeps the prefix, marks what fell out and updates the mass', () => {
    const { set } = filledSet(Float32Array.from([0, -1, -2, -3]), 1);
    // One bucket (4 tokens → 1 bucket), ids ascending: cut after two.
    cutCandidates(set, 0, 2, REMOVAL_CODE.top_k);
    expect(set.size).toBe(2);
    expect([...set.removedBy].map(removalStage)).toEqual([null, null, 'top_k', 'top_k']);
    expect(totalWeight(set)).toBeCloseTo(1 + Math.exp(-1), 15);
  });
});
