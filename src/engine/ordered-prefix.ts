/**
 * The one ordering question top-k, top-p and the draw all ask: "walking the tokens from most to
 * least probable, where does the running total first reach a target?" Answered without sorting
 * the 50,257-token vocabulary: large sets are narrowed by bucketing keys (a radix-select pass:
 * histogram, then keep only the bucket where the total crosses the target), small ones finished
 * by a weighted three-way quickselect. Expected O(n), a few passes.
 *
 * Typed-array reads use `!`: every index is an id taken from `ids`, which the caller guarantees
 * to lie inside `key` and `weight`; checking each read would cost the hot loop for nothing.
 */

/** Whether the running total must reach the target (`'atLeast'`, ≥) or pass it (`'above'`, >). */
export type PrefixReach = 'atLeast' | 'above';

/** Where {@link selectOrderedPrefix} stopped. */
export interface OrderedPrefix {
  /** How many tokens the prefix holds; they now fill `ids[0 .. length)`, in no useful order. */
  readonly length: number;
  /** The last token of the prefix in order: the one whose weight made the total reach the target. */
  readonly last: number;
}

/** Below this many ids an insertion sort beats another partition pass. */
const SMALL_RANGE = 16;
/** Above this many ids a bucket pass beats quickselect, whose partition branches are mispredicted
 *  on random keys (measured on 50,257 random keys: ~0.55 ms against ~0.7–1.0 ms). */
const BUCKET_RANGE = 1024;
const BUCKET_COUNT = 2048;

// Scratch reused across calls: a step runs several selections, and the worker is single-threaded
// and never re-enters this module mid-call, so sharing is safe and saves ~0.2 MB per call.
const bucketCount = new Uint32Array(BUCKET_COUNT);
const bucketMass = new Float64Array(BUCKET_COUNT);
let scratchIds = new Uint32Array(0);

/**
 * Finds the shortest prefix, in the order "key descending, then id ascending", whose summed
 * weight reaches `target`, rearranging `ids[0 .. count)` so that the prefix comes first.
 *
 * Ties are broken by id so the answer is a function of the values alone, never of the order the
 * ids arrive in. When rounding keeps the total just short of the target, the prefix is every id
 * (`last` is then the least probable one), which is what exact arithmetic gives for a target at
 * the total.
 *
 * @param ids - token ids; the first `count` are the set to search. Permuted in place.
 * @param count - how many ids take part; at least 1.
 * @param key - order key per token id (a logit: higher comes first). Must not be NaN.
 * @param weight - weight per token id, or `null` to count tokens (each weighs 1), as top-k does.
 * @param target - the total to reach: > `base` for `'atLeast'`, ≥ `base` for `'above'`.
 * @param reach - whether the total must reach (≥) or pass (>) the target.
 * @param base - weight already counted before these ids (tokens known to come first); the total
 *   starts there, so callers that narrowed the search themselves keep the same sums.
 * @throws RangeError when `count` < 1 or `target` cannot be reached by a non-empty prefix rule.
 */
export function selectOrderedPrefix(
  ids: Uint32Array,
  count: number,
  key: Float64Array,
  weight: Float64Array | null,
  target: number,
  reach: PrefixReach,
  base = 0,
): OrderedPrefix {
  if (count < 1 || count > ids.length) {
    throw new RangeError(`selectOrderedPrefix needs 1 to ${ids.length} ids; got ${count}.`);
  }
  // An empty prefix must not already satisfy the rule, or "shortest prefix" would be empty.
  if (!(reach === 'above' ? target >= base : target > base)) {
    throw new RangeError(`Target ${target} is not valid for reach '${reach}'.`);
  }
  const above = reach === 'above';
  let lo = 0;
  let hi = count;
  // `base` from here on: weight of everything known to come before ids[lo] in order.

  while (hi - lo > BUCKET_RANGE) {
    const narrowed = narrowByBuckets(ids, lo, hi, key, weight, base, target, above);
    if (narrowed === null) break;
    ({ lo, hi, base } = narrowed);
  }

  while (hi - lo > SMALL_RANGE) {
    const pivot = medianOfThree(key[ids[lo]!]!, key[ids[(lo + hi) >>> 1]!]!, key[ids[hi - 1]!]!);
    // Three-way partition: [lo, lt) key > pivot, [lt, i) key = pivot, [gt, hi) key < pivot.
    // Equal keys get their own group because ties are common (uniform logits, equal penalties).
    let lt = lo;
    let i = lo;
    let gt = hi;
    let massAbove = 0;
    let massEqual = 0;
    while (i < gt) {
      const id = ids[i]!;
      const k = key[id]!;
      const w = weight === null ? 1 : weight[id]!;
      if (k > pivot) {
        ids[i] = ids[lt]!;
        ids[lt] = id;
        lt++;
        i++;
        massAbove += w;
      } else if (k < pivot) {
        gt--;
        ids[i] = ids[gt]!;
        ids[gt] = id;
      } else {
        i++;
        massEqual += w;
      }
    }
    const beforeEqual = base + massAbove;
    if (above ? beforeEqual > target : beforeEqual >= target) {
      hi = lt; // The pivot is in the equal group, so lt < hi and the range shrinks.
      continue;
    }
    const afterEqual = beforeEqual + massEqual;
    if (above ? afterEqual > target : afterEqual >= target) {
      // Within a tie, lower ids come first; the native numeric sort needs no comparator. Callers
      // usually pass ids ascending and an all-equal range is never shuffled, so check first.
      const tie = ids.subarray(lt, gt);
      if (!isAscending(tie)) tie.sort();
      return walk(ids, lt, gt, weight, beforeEqual, target, above);
    }
    base = afterEqual;
    lo = gt; // The equal group is non-empty, so lo grows.
  }
  sortSmallRange(ids, lo, hi, key);
  return walk(ids, lo, hi, weight, base, target, above);
}

/**
 * Adds weights over `ids[from .. to)` (already in order) until the total reaches the target.
 * If it never does (rounding), the prefix ends at `to`; `to` ≥ 1 because the caller's range or
 * the equal group just before it is non-empty.
 */
function walk(
  ids: Uint32Array,
  from: number,
  to: number,
  weight: Float64Array | null,
  startTotal: number,
  target: number,
  above: boolean,
): OrderedPrefix {
  let total = startTotal;
  for (let j = from; j < to; j++) {
    const id = ids[j]!;
    total += weight === null ? 1 : weight[id]!;
    if (above ? total > target : total >= target) return { length: j + 1, last: id };
  }
  return { length: to, last: ids[to - 1]! };
}

/**
 * One radix-select pass over `ids[lo .. hi)`: spreads keys over {@link BUCKET_COUNT} buckets
 * between the range's max and min (higher key → lower bucket, so bucket order is the token
 * order, ties share a bucket), finds the bucket where the running total reaches the target and
 * moves the ids before it to the front, its own ids next. Returns the bucket's range and the
 * weight before it, or `null` when the keys cannot be spread (all equal, or a range too wide
 * for floating point), leaving quickselect to finish.
 */
function narrowByBuckets(
  ids: Uint32Array,
  lo: number,
  hi: number,
  key: Float64Array,
  weight: Float64Array | null,
  base: number,
  target: number,
  above: boolean,
): { lo: number; hi: number; base: number } | null {
  let max = -Infinity;
  let min = Infinity;
  for (let i = lo; i < hi; i++) {
    const k = key[ids[i]!]!;
    if (k > max) max = k;
    if (k < min) min = k;
  }
  // BUCKET_COUNT − 1 so that the minimum lands in the last bucket, never one past it.
  const scale = (BUCKET_COUNT - 1) / (max - min);
  if (!(max > min) || !Number.isFinite(scale) || scale <= 0) return null;

  bucketCount.fill(0);
  bucketMass.fill(0);
  for (let i = lo; i < hi; i++) {
    const id = ids[i]!;
    const bucket = ((max - key[id]!) * scale) | 0;
    bucketCount[bucket]!++;
    bucketMass[bucket]! += weight === null ? 1 : weight[id]!;
  }

  let boundary = -1;
  let before = base;
  let countBefore = 0;
  for (let bucket = 0; bucket < BUCKET_COUNT; bucket++) {
    const total = before + bucketMass[bucket]!;
    if (above ? total > target : total >= target) {
      boundary = bucket;
      break;
    }
    before = total;
    countBefore += bucketCount[bucket]!;
  }
  if (boundary < 0) {
    // Rounding kept the total short of the target: the prefix is the whole range, and its last
    // token is in the last non-empty bucket.
    boundary = BUCKET_COUNT - 1;
    while (bucketCount[boundary] === 0) boundary--;
    before -= bucketMass[boundary]!;
    countBefore -= bucketCount[boundary]!;
  }
  const boundaryCount = bucketCount[boundary]!;

  // Stable three-way split through scratch: before the boundary bucket, in it, after it.
  // The destination index is computed, not branched on, because on random keys those branches
  // are mispredicted about as often as they are taken.
  if (scratchIds.length < hi - lo) scratchIds = new Uint32Array(ids.length);
  const cursor = [0, countBefore, countBefore + boundaryCount];
  for (let i = lo; i < hi; i++) {
    const id = ids[i]!;
    const bucket = ((max - key[id]!) * scale) | 0;
    const side = +(bucket >= boundary) + +(bucket > boundary);
    scratchIds[cursor[side]!++] = id;
  }
  ids.set(scratchIds.subarray(0, hi - lo), lo);
  return { lo: lo + countBefore, hi: lo + countBefore + boundaryCount, base: before };
}

function isAscending(ids: Uint32Array): boolean {
  for (let i = 1; i < ids.length; i++) if (ids[i - 1]! > ids[i]!) return false;
  return true;
}

function medianOfThree(a: number, b: number, c: number): number {
  if (a < b) return b < c ? b : a < c ? c : a;
  return a < c ? a : b < c ? c : b;
}

/** Insertion sort of `ids[lo .. hi)` by key descending, then id ascending. */
function sortSmallRange(ids: Uint32Array, lo: number, hi: number, key: Float64Array): void {
  for (let i = lo + 1; i < hi; i++) {
    const id = ids[i]!;
    const k = key[id]!;
    let j = i - 1;
    while (j >= lo) {
      const other = ids[j]!;
      const otherKey = key[other]!;
      if (otherKey > k || (otherKey === k && other < id)) break;
      ids[j + 1] = other;
      j--;
    }
    ids[j + 1] = id;
  }
}
