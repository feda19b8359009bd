/**
 * The model's own distribution (softmax of the raw logits at temperature 1), summarised without
 * sorting: what the UI compares every filtered choice against.
 */
import { SAMPLING_ERROR_MESSAGES, SamplingError } from './sampling-error.ts';

/** What one pass over the raw logits learns. */
export interface RawLogitsScan {
  /** The largest logit: the softmax reference, so no exp overflows. */
  readonly max: number;
  /** The smallest finite logit (`Infinity` when none): a lower bound for bucketing keys. */
  readonly finiteMin: number;
  /** The most probable ids, most probable first (ties: lower id first); never `-Infinity` ones. */
  readonly topIds: readonly number[];
}

/**
 * Checks the logits and finds their maximum, smallest finite value and most probable ids in one
 * pass, without exp: the softmax normaliser is summed later, in the pass that weighs candidates.
 *
 * @param topCount - how many of the most probable ids to keep in `topIds`.
 * @throws SamplingError `nan_logits` for any NaN, `infinite_logits` for +Infinity (softmax would
 *   turn it into NaN), `no_candidates` when every logit is `-Infinity`.
 */
export function scanRawLogits(logits: Float32Array, topCount: number): RawLogitsScan {
  let max = -Infinity;
  let finiteMin = Infinity;
  // Kept sorted, most probable first. Random-order logits insert only O(topCount × log n) times.
  const topIds: number[] = [];
  const topLogits: number[] = [];
  // The logit a newcomer must beat; −∞ until the list is full, so −∞ logits never enter it.
  let worst = -Infinity;
  for (let id = 0; id < logits.length; id++) {
    const logit = logits[id]!;
    if (!(logit <= max)) {
      // One branch covers the rare cases: a new maximum, NaN (all comparisons are false), +Infinity.
      if (Number.isNaN(logit)) throw new SamplingError('nan_logits', SAMPLING_ERROR_MESSAGES.nan_logits);
      if (logit === Infinity) throw new SamplingError('infinite_logits', SAMPLING_ERROR_MESSAGES.infinite_logits);
      max = logit;
    }
    if (logit < finiteMin && logit !== -Infinity) finiteMin = logit;
    // Strictly greater: an equal logit has a higher id, so it ranks after the one already kept.
    if (logit > worst && topCount > 0) {
      let at = Math.min(topLogits.length, topCount - 1);
      while (at > 0 && topLogits[at - 1]! < logit) at--;
      topLogits.splice(at, 0, logit);
      topIds.splice(at, 0, id);
      if (topLogits.length > topCount) {
        topLogits.pop();
        topIds.pop();
      }
      if (topLogits.length === topCount) worst = topLogits[topCount - 1]!;
    }
  }
  if (max === -Infinity) throw new SamplingError('no_candidates', SAMPLING_ERROR_MESSAGES.no_candidates);
  return { max, finiteMin, topIds };
}

/**
 * Σ exp(logit − max) over the whole vocabulary: the softmax normaliser of the raw distribution.
 * Summed in id order, exactly as `fillCandidateSet` sums it, so both give the same bits.
 */
export function rawSoftmaxNormaliser(logits: Float32Array, max: number): number {
  let sum = 0;
  for (let id = 0; id < logits.length; id++) sum += Math.exp(logits[id]! - max);
  return sum;
}

/**
 * How many tokens come before `id` in the raw order: 0 = most probable; ties rank the lower id
 * first. A full pass, so callers look in {@link RawLogitsScan.topIds} first.
 */
export function rawRank(logits: Float32Array, id: number): number {
  const logit = logits[id]!;
  let rank = 0;
  // Split at `id` so each half needs one comparison: lower ids also count on a tie.
  for (let other = 0; other < id; other++) if (logits[other]! >= logit) rank++;
  for (let other = id + 1; other < logits.length; other++) if (logits[other]! > logit) rank++;
  return rank;
}
