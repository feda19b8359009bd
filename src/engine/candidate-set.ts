/**
 * The tokens still in the running during one step, grouped by probability so that the filters and
 * the draw look at one small bucket of ids instead of the 50,257-token vocabulary.
 *
 * Candidates are counting-sorted into up to {@link MAX_BUCKET_COUNT} buckets by key (the
 * penalised logit, whose order temperature does not change): bucket 0 holds the highest keys.
 * The set is always the prefix `ids[0 .. size)`: a filter that cuts inside a bucket moves that
 * bucket's survivors to its front and shortens the prefix; the ids it removed lie just after,
 * marked in `removedBy`.
 *
 * Typed-array reads use `!`: every index is an id or bucket the set itself produced.
 */
import type { RemovalStage } from './types.ts';

/**
 * At most this many buckets: a smooth 50,257-token distribution then puts a few dozen ids in
 * each. Small vocabularies get about one bucket per 16 tokens, so tiny test vocabularies do not
 * pay for walking 2,048 empty buckets.
 */
export const MAX_BUCKET_COUNT = 2048;

/** Stage codes stored per token in {@link CandidateSet.removedBy}; 0 means "still in". */
export const REMOVAL_CODE = {
  no_repeat_ngram: 1,
  top_k: 2,
  top_p: 3,
  min_p: 4,
  greedy: 5,
} as const satisfies Record<RemovalStage, number>;

const STAGE_BY_CODE: readonly (RemovalStage | null)[] = [null, 'no_repeat_ngram', 'top_k', 'top_p', 'min_p', 'greedy'];

/** The {@link RemovalStage} a code in {@link CandidateSet.removedBy} stands for. */
export function removalStage(code: number): RemovalStage | null {
  return STAGE_BY_CODE[code] ?? null;
}

/**
 * Weights further than this many nats below the raw maximum are computed afresh instead of reusing
 * the raw exps: reusing them would underflow to 0 once the raw top token is banned far above the
 * rest (exp underflows near −745).
 */
const REUSE_RAW_WEIGHTS_MAX_GAP = 600;

/** Per-step working set, sized to the vocabulary; reusable from step to step. */
export interface CandidateSet {
  /** Penalised logit per token id; `-Infinity` for tokens never admitted (banned, or raw −∞). */
  readonly key: Float64Array;
  /** Unnormalised probability per token id, exp((key − reference) / temperature), once weighed. */
  readonly weight: Float64Array;
  /** Candidates grouped by bucket; the set is `ids[0 .. size)`. */
  readonly ids: Uint32Array;
  size: number;
  /** How many buckets this set uses, from 1 to {@link MAX_BUCKET_COUNT}. */
  readonly bucketCount: number;
  /** Bucket b starts at `ids[bucketStart[b]]`; bucketCount + 1 entries. */
  readonly bucketStart: Uint32Array;
  /** Scratch for placing ids into buckets (bucketCount entries), kept so a step allocates none. */
  readonly bucketCursor: Uint32Array;
  /** Weight per bucket of the ids still in; meaningful once weighed. */
  readonly bucketMass: Float64Array;
  /** The bucket holding `ids[size − 1]`; later buckets are out. */
  lastBucket: number;
  /** The most probable candidate (lowest id among equal keys) and its key. */
  topId: number;
  keyMax: number;
  /** bucket = ⌊(keyMax − key) × scale⌋; 0 puts everything in bucket 0 (all keys equal). */
  scale: number;
  /** Weights are exp((key − reference) / temperature); `temperature` is NaN until weighed. */
  reference: number;
  temperature: number;
  /** Per token id, its bucket, or {@link NOT_ADMITTED}: saves recomputing it in later passes. */
  readonly bucketOf: Uint16Array;
  /** Per token id, the {@link REMOVAL_CODE} of the stage that removed it, or 0. */
  readonly removedBy: Uint8Array;
}

/** {@link CandidateSet.bucketOf} of a token that is not a candidate (banned, or raw −∞). */
export const NOT_ADMITTED = 0xffff;

/** An empty working set for a vocabulary of `vocabSize` tokens. */
export function createCandidateSet(vocabSize: number): CandidateSet {
  const bucketCount = Math.max(1, Math.min(MAX_BUCKET_COUNT, vocabSize >> 4));
  return {
    key: new Float64Array(vocabSize),
    weight: new Float64Array(vocabSize),
    ids: new Uint32Array(vocabSize),
    size: 0,
    bucketCount,
    bucketStart: new Uint32Array(bucketCount + 1),
    bucketCursor: new Uint32Array(bucketCount),
    bucketMass: new Float64Array(bucketCount),
    lastBucket: 0,
    topId: -1,
    keyMax: -Infinity,
    scale: 0,
    reference: 0,
    temperature: Number.NaN,
    bucketOf: new Uint16Array(vocabSize),
    removedBy: new Uint8Array(vocabSize),
  };
}

/** What {@link fillCandidateSet} needs to know about the raw logits (see raw-logits.ts). */
export interface RawBounds {
  readonly max: number;
  readonly finiteMin: number;
  /** The raw top ids, most probable first, as many as were tracked. */
  readonly topIds: readonly number[];
  /** How many top ids were tracked: a shorter `topIds` means it holds every finite logit. */
  readonly topCount: number;
}

/**
 * Admits every token with a finite key (in `set.key`, already penalised and banned) and groups
 * the candidates into buckets. In the same pass it sums the raw softmax normaliser, since that
 * pass must exp every logit anyway.
 *
 * @param changed - ids whose key may differ from their logit (penalised or banned).
 * @param weighAt - a temperature to weigh candidates at now, or `null` to leave weights for
 *   {@link weighCandidates} (after top-k, when it will cut, so only survivors pay for an exp).
 *   At temperature 1 the raw exps are reused as weights, saving a second exp per token.
 * @returns Σ exp(logit − raw max) over the whole vocabulary; `set.size` is 0 when nothing is left.
 */
export function fillCandidateSet(
  set: CandidateSet,
  logits: Float32Array,
  raw: RawBounds,
  changed: readonly number[],
  weighAt: number | null,
): number {
  const { key, weight, ids, bucketCount, bucketStart, bucketMass, bucketOf } = set;
  const { topId, keyMax, keyMin } = keyRange(key, raw, changed);
  set.topId = topId;
  set.keyMax = keyMax;
  // bucketCount − 1 so that the smallest key lands in the last bucket, never one past it.
  const spread = (bucketCount - 1) / (keyMax - keyMin);
  set.scale = Number.isFinite(spread) && spread > 0 ? spread : 0;
  const scale = set.scale;
  const rawMax = raw.max;
  const reuseRaw = weighAt === 1 && rawMax - keyMax < REUSE_RAW_WEIGHTS_MAX_GAP;
  const reference = reuseRaw ? rawMax : keyMax;
  const inverseTemperature = weighAt === null ? 0 : 1 / weighAt;
  set.reference = reference;
  set.temperature = weighAt ?? Number.NaN;

  bucketStart.fill(0);
  bucketMass.fill(0);
  let rawNormaliser = 0;
  // Three loops rather than one with branches inside: the choice is the same for every token.
  if (reuseRaw) {
    for (let id = 0; id < key.length; id++) {
      const logit = logits[id]!;
      const rawWeight = Math.exp(logit - rawMax);
      rawNormaliser += rawWeight;
      const k = key[id]!;
      if (k === -Infinity) {
        bucketOf[id] = NOT_ADMITTED;
        continue;
      }
      const w = k === logit ? rawWeight : Math.exp(k - reference);
      const bucket = ((keyMax - k) * scale) | 0;
      bucketOf[id] = bucket;
      weight[id] = w;
      bucketStart[bucket + 1]!++;
      bucketMass[bucket]! += w;
    }
  } else if (weighAt !== null) {
    for (let id = 0; id < key.length; id++) {
      rawNormaliser += Math.exp(logits[id]! - rawMax);
      const k = key[id]!;
      if (k === -Infinity) {
        bucketOf[id] = NOT_ADMITTED;
        continue;
      }
      const w = Math.exp((k - reference) * inverseTemperature);
      const bucket = ((keyMax - k) * scale) | 0;
      bucketOf[id] = bucket;
      weight[id] = w;
      bucketStart[bucket + 1]!++;
      bucketMass[bucket]! += w;
    }
  } else {
    for (let id = 0; id < key.length; id++) {
      rawNormaliser += Math.exp(logits[id]! - rawMax);
      const k = key[id]!;
      if (k === -Infinity) {
        bucketOf[id] = NOT_ADMITTED;
        continue;
      }
      const bucket = ((keyMax - k) * scale) | 0;
      bucketOf[id] = bucket;
      bucketStart[bucket + 1]!++;
    }
  }

  for (let bucket = 0; bucket < bucketCount; bucket++) bucketStart[bucket + 1]! += bucketStart[bucket]!;
  set.size = bucketStart[bucketCount]!;
  // Placement in ascending id order, so ids inside a bucket start out ascending (ties ordered).
  const cursor = set.bucketCursor;
  cursor.set(bucketStart.subarray(0, bucketCount));
  for (let id = 0; id < key.length; id++) {
    const bucket = bucketOf[id]!;
    if (bucket !== NOT_ADMITTED) ids[cursor[bucket]!++] = id;
  }
  let last = bucketCount - 1;
  while (last > 0 && bucketStart[last] === bucketStart[last + 1]) last--;
  set.lastBucket = last;
  return rawNormaliser;
}

/**
 * Weighs every candidate still in at `temperature` (> 0): exp((key − reference) / temperature).
 *
 * @param reference - the top key by default; {@link fillCandidateSet} at temperature 1 measures
 *   from the raw maximum instead (see {@link rawWeightReference}), and passing that here gives its
 *   very bits.
 */
export function weighCandidates(set: CandidateSet, temperature: number, reference = set.keyMax): void {
  const { key, weight, ids, bucketMass, bucketOf } = set;
  const inverseTemperature = 1 / temperature;
  set.reference = reference;
  set.temperature = temperature;
  bucketMass.fill(0);
  for (let i = 0; i < set.size; i++) {
    const id = ids[i]!;
    const w = Math.exp((key[id]! - reference) * inverseTemperature);
    weight[id] = w;
    bucketMass[bucketOf[id]!]! += w;
  }
}

/** The reference {@link fillCandidateSet} weighs from at temperature 1: the raw maximum unless that would underflow. */
export function rawWeightReference(set: CandidateSet, rawMax: number): number {
  return rawMax - set.keyMax < REUSE_RAW_WEIGHTS_MAX_GAP ? rawMax : set.keyMax;
}

/** Where bucket `bucket` ends in `ids`: at `size` for the last bucket still in. */
export function bucketEnd(set: CandidateSet, bucket: number): number {
  return bucket === set.lastBucket ? set.size : set.bucketStart[bucket + 1]!;
}

/** Sum of the weights still in. */
export function totalWeight(set: CandidateSet): number {
  let total = 0;
  for (let bucket = 0; bucket <= set.lastBucket; bucket++) total += set.bucketMass[bucket]!;
  return total;
}

/**
 * Shrinks the set to `ids[0 .. newSize)`, whose last id lies in `bucket`, and marks the ids that
 * fell out with `code`.
 */
export function cutCandidates(set: CandidateSet, bucket: number, newSize: number, code: number): void {
  const { ids, weight, removedBy } = set;
  for (let i = newSize; i < set.size; i++) removedBy[ids[i]!] = code;
  set.size = newSize;
  set.lastBucket = bucket;
  if (!Number.isNaN(set.temperature)) {
    let mass = 0;
    for (let i = set.bucketStart[bucket]!; i < newSize; i++) mass += weight[ids[i]!]!;
    set.bucketMass[bucket] = mass;
  }
}

/**
 * @internal The exact top key and its id, and a lower bound on finite keys, without a pass over the
 * vocabulary: an unchanged token's key is its logit, so the best unchanged token is the first
 * unchanged one in the raw top list, and only the changed ids need a look.
 */
export function keyRange(
  key: Float64Array,
  raw: RawBounds,
  changed: readonly number[],
): { topId: number; keyMax: number; keyMin: number } {
  const changedSet = new Set(changed);
  let topId = -1;
  let keyMax = -Infinity;
  const unchangedTop = raw.topIds.find((id) => !changedSet.has(id));
  if (unchangedTop !== undefined) {
    topId = unchangedTop;
    keyMax = key[unchangedTop]!;
  } else if (raw.topIds.length === raw.topCount) {
    // Every tracked top token changed, so the best unchanged one is somewhere below: look.
    for (let id = 0; id < key.length; id++) {
      if (key[id]! > keyMax && !changedSet.has(id)) {
        keyMax = key[id]!;
        topId = id;
      }
    }
  }
  let keyMin = raw.finiteMin;
  for (const id of changed) {
    const k = key[id]!;
    if (k === -Infinity) continue;
    if (k > keyMax || (k === keyMax && id < topId)) {
      keyMax = k;
      topId = id;
    }
    if (k < keyMin) keyMin = k;
  }
  return { topId, keyMax, keyMin };
}
