/**
 * The one ordering question top-k, top-p and the draw all ask: "walking the tokens from most to
 * least probable, where does the running total first reach a target?" Answered by a weighted
 * quickselect, expected O(n), so a step never sorts the 50,257-token vocabulary.
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
 * @param target - the total to reach: > 0 for `'atLeast'`, ≥ 0 for `'above'`.
 * @param reach - whether the total must reach (≥) or pass (>) the target.
 * @throws RangeError when `count` < 1 or `target` cannot be reached by a non-empty prefix rule.
 */
export function selectOrderedPrefix(
  ids: Uint32Array,
  count: number,
  key: Float64Array,
  weight: Float64Array | null,
  target: number,
  reach: PrefixReach,
): OrderedPrefix {
  if (count < 1 || count > ids.length) {
    throw new RangeError(`selectOrderedPrefix needs 1 to ${ids.length} ids; got ${count}.`);
  }
  // An empty prefix must not already satisfy the rule, or "shortest prefix" would be empty.
  if (!(reach === 'above' ? target >= 0 : target > 0)) {
    throw new RangeError(`Target ${target} is not valid for reach '${reach}'.`);
  }
  const above = reach === 'above';
  let lo = 0;
  let hi = count;
  // Weight of everything known to come before ids[lo] in order.
  let base = 0;

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
      // Within a tie, lower ids come first; the native numeric sort needs no comparator.
      ids.subarray(lt, gt).sort();
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
