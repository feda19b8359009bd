/**
 * The head of the candidate set only: for steps whose first cut is known to fall near the top
 * (top-k, or min-p with top-p off), so a step buckets, places and weighs a few hundred ids
 * instead of the 50,257-token vocabulary. The layout is exactly {@link fillCandidateSet}'s for the
 * buckets it admits, which is what keeps every later cut and sum bit-identical to the full set
 * (the step mode builds the full one; src/engine/stepper's agreement tests compare the two).
 *
 * Typed-array reads use `!`: every index is an id or bucket the set itself produced.
 */
import { keyRange, NOT_ADMITTED, type CandidateSet, type RawBounds } from './candidate-set.ts';

/**
 * {@link fillCandidateSet} for a step whose first cut is known to fall near the top, without
 * weights: admits only the buckets up to the one holding the `count`-th candidate (top-k removes
 * every later one), or up to the last bucket holding keys within `keyDepth` of the top key plus
 * one bucket of margin (min-p at temperature T removes every key more than −T ln(min-p) below
 * the top one), and skips the raw normaliser (`rawSoftmaxNormaliser` sums it). The buckets it
 * admits are laid out exactly as `fillCandidateSet` lays them out (same scale, ids ascending in
 * each), so every later stage cuts and sums them to the same bits. Ids in the buckets left out
 * keep a stale {@link CandidateSet.removedBy} of 0: use {@link isBeyondLastBucket} to tell them.
 */
export function fillTopBuckets(set: CandidateSet, raw: RawBounds, changed: readonly number[], count: number, keyDepth = Infinity): void {
  const { key, ids, bucketCount, bucketStart, bucketOf } = set;
  const { topId, keyMax, keyMin } = keyRange(key, raw, changed);
  set.topId = topId;
  set.keyMax = keyMax;
  const spread = (bucketCount - 1) / (keyMax - keyMin);
  set.scale = Number.isFinite(spread) && spread > 0 ? spread : 0;
  const scale = set.scale;
  set.reference = keyMax;
  set.temperature = Number.NaN;
  bucketStart.fill(0);
  set.bucketMass.fill(0);
  for (let id = 0; id < key.length; id++) {
    const k = key[id]!;
    if (k === -Infinity) {
      bucketOf[id] = NOT_ADMITTED;
      continue;
    }
    const bucket = ((keyMax - k) * scale) | 0;
    bucketOf[id] = bucket;
    bucketStart[bucket + 1]!++;
  }
  // A key in bucket ⌊keyDepth × scale⌋ + 2 or later lies more than a bucket's width past keyDepth.
  const depthBucket = keyDepth * scale + 2;
  const maxBucket = depthBucket < bucketCount - 1 ? depthBucket | 0 : bucketCount - 1;
  // The first bucket where the running count reaches `count`, or the last non-empty one.
  let last = 0;
  let running = 0;
  for (let bucket = 0; bucket <= maxBucket; bucket++) {
    const amount = bucketStart[bucket + 1]!;
    running += amount;
    bucketStart[bucket + 1] = running;
    if (amount > 0) last = bucket;
    if (amount > 0 && running >= count) break;
  }
  set.size = bucketStart[last + 1]!;
  // Buckets past `last` are empty as far as the filters can see.
  for (let bucket = last + 1; bucket < bucketCount; bucket++) bucketStart[bucket + 1] = set.size;
  set.lastBucket = last;
  const cursor = set.bucketCursor;
  cursor.set(bucketStart.subarray(0, last + 1));
  for (let id = 0; id < key.length; id++) {
    const bucket = bucketOf[id]!;
    if (bucket <= last) ids[cursor[bucket]!++] = id;
  }
}

/**
 * How far the lowest finite key lies below the top one (`set.key` already penalised and banned):
 * tells whether a cut `keyDepth` below the top would leave anything out.
 */
export function keySpan(set: CandidateSet, raw: RawBounds, changed: readonly number[]): number {
  const { keyMax, keyMin } = keyRange(set.key, raw, changed);
  return keyMax - keyMin;
}

/** Whether `id` was a candidate in a bucket after the set's last one (so a cut removed it). */
export function isBeyondLastBucket(set: CandidateSet, id: number): boolean {
  const bucket = set.bucketOf[id]!;
  return bucket !== NOT_ADMITTED && bucket > set.lastBucket;
}
