/**
 * The filters (HF "warpers") that narrow a {@link CandidateSet} — top-k, top-p, min-p, applied in
 * that order after temperature, as transformers does — and the draw. Each is a cut of the set at
 * a position in the order "most probable first, ties: lower id first": find the bucket where the
 * running total crosses the threshold, then resolve that one bucket exactly.
 *
 * Typed-array reads use `!`: every index is an id or bucket the set itself holds.
 */
import { bucketEnd, cutCandidates, REMOVAL_CODE, totalWeight, type CandidateSet } from './candidate-set.ts';
import { selectOrderedPrefix, type PrefixReach } from './ordered-prefix.ts';

/**
 * Keeps the `k` most probable tokens (ties: lower id first), so exactly `k` survive. HF keeps
 * every token tied with the k-th; we break the tie so that top-k 1 is exactly greedy.
 * Needs no weights, so it can run before the set is weighed. Off when `k` is 0 or ≥ the set size.
 */
export function keepTopK(set: CandidateSet, k: number): void {
  if (k <= 0 || k >= set.size) return;
  const { bucket } = locateBucket(set, k, 'atLeast', false);
  const start = set.bucketStart[bucket]!;
  const count = bucketEnd(set, bucket) - start;
  // Every bucket before this one is wholly in, so `start` tokens are already counted.
  const prefix = selectOrderedPrefix(set.ids.subarray(start, start + count), count, set.key, null, k - start, 'atLeast');
  cutCandidates(set, bucket, start + prefix.length, REMOVAL_CODE.top_k);
}

/**
 * Keeps the smallest set of most probable tokens whose probability reaches `p`: a token stays
 * while the tokens before it hold less than `p` (HF removes a token when the mass from the bottom
 * up to it is ≤ 1 − p: the same rule). The top token always stays; ties at the boundary keep the
 * lower id. Off when `p` ≥ 1.
 */
export function keepTopP(set: CandidateSet, p: number): void {
  if (p >= 1 || set.size <= 1) return;
  const target = p * totalWeight(set);
  const located = locateBucket(set, target, 'atLeast', true);
  if (located === null) return; // Rounding kept the total short of p × total: everything stays.
  const { bucket, before } = located;
  const start = set.bucketStart[bucket]!;
  const count = bucketEnd(set, bucket) - start;
  const prefix = selectOrderedPrefix(set.ids.subarray(start, start + count), count, set.key, set.weight, target, 'atLeast', before);
  cutCandidates(set, bucket, start + prefix.length, REMOVAL_CODE.top_p);
}

/**
 * Drops tokens less probable than `minP` × the top token's probability. Weights fall along the
 * order, so the survivors are a prefix; the bucket where they end is guessed from the key the
 * threshold corresponds to, then confirmed token by token. The top token always stays because
 * `minP` < 1. Off when `minP` is 0.
 */
export function keepMinP(set: CandidateSet, minP: number): void {
  if (minP <= 0) return;
  const { weight, ids, bucketStart } = set;
  const threshold = minP * weight[set.topId]!;
  const isKept = (id: number): boolean => weight[id]! >= threshold;
  const anyInBucket = (bucket: number, kept: boolean): boolean => {
    const end = bucketEnd(set, bucket);
    for (let i = bucketStart[bucket]!; i < end; i++) if (isKept(ids[i]!) === kept) return true;
    return false;
  };
  // weight < threshold  ⇔  key < reference + ln(threshold) × temperature.
  const thresholdKey = set.reference + Math.log(threshold) * set.temperature;
  const guess = (set.keyMax - thresholdKey) * set.scale;
  let bucket = guess >= set.lastBucket ? set.lastBucket : guess > 0 ? guess | 0 : 0;
  // Back to a bucket holding a survivor (bucket 0 holds the top token), so everything before
  // it survives; then forward to the first bucket holding a token to drop.
  while (bucket > 0 && !anyInBucket(bucket, true)) bucket--;
  while (bucket <= set.lastBucket && !anyInBucket(bucket, false)) bucket++;
  if (bucket > set.lastBucket) return;

  const start = bucketStart[bucket]!;
  const end = bucketEnd(set, bucket);
  let kept = start;
  for (let i = start; i < end; i++) {
    const id = ids[i]!;
    if (isKept(id)) {
      ids[i] = ids[kept]!;
      ids[kept++] = id;
    }
  }
  if (kept > start) {
    cutCandidates(set, bucket, kept, REMOVAL_CODE.min_p);
    return;
  }
  // Nothing in this bucket survives: the set now ends with the previous non-empty bucket.
  let previous = bucket - 1;
  while (bucketStart[previous] === start) previous--;
  cutCandidates(set, previous, start, REMOVAL_CODE.min_p);
}

/**
 * Draws one token by inverse CDF: walking the set from the most probable token to the least,
 * the token whose weight takes the running total past `uniform` × total.
 *
 * @param uniform - a number in [0, 1).
 */
export function drawCandidate(set: CandidateSet, uniform: number): number {
  const target = uniform * totalWeight(set);
  const located = locateBucket(set, target, 'above', true);
  const bucket = located?.bucket ?? set.lastBucket;
  const start = set.bucketStart[bucket]!;
  const count = bucketEnd(set, bucket) - start;
  const slice = set.ids.subarray(start, start + count);
  if (located === null) {
    // Rounding kept the total at or below the target (only possible for uniform within ~1e-12
    // of 1, and uniform ≤ 1 − 2^-32): take the least probable token, as exact arithmetic would.
    return selectOrderedPrefix(slice, count, set.key, null, count, 'atLeast').last;
  }
  return selectOrderedPrefix(slice, count, set.key, set.weight, target, 'above', located.before).last;
}

/**
 * The bucket where the running total — of token counts, or of weight when `byWeight` — first
 * reaches `target`, and the total before it; `null` when rounding keeps the total short.
 */
function locateBucket(
  set: CandidateSet,
  target: number,
  reach: PrefixReach,
  byWeight: true,
): { bucket: number; before: number } | null;
function locateBucket(set: CandidateSet, target: number, reach: PrefixReach, byWeight: false): { bucket: number; before: number };
function locateBucket(
  set: CandidateSet,
  target: number,
  reach: PrefixReach,
  byWeight: boolean,
): { bucket: number; before: number } | null {
  let before = 0;
  for (let bucket = 0; bucket <= set.lastBucket; bucket++) {
    const amount = byWeight ? set.bucketMass[bucket]! : bucketEnd(set, bucket) - set.bucketStart[bucket]!;
    const total = before + amount;
    // `amount > 0`: a bucket that adds nothing cannot be where the total first reaches the target.
    if (amount > 0 && (reach === 'above' ? total > target : total >= target)) return { bucket, before };
    before = total;
  }
  if (!byWeight) throw new RangeError(`Cannot count to ${target} in a set of ${set.size} tokens.`);
  return null;
}
