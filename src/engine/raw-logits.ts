/**
 * The model's own distribution (softmax of the raw logits at temperature 1), summarised in two
 * passes without sorting: what the UI compares every filtered choice against.
 */
import { SAMPLING_ERROR_MESSAGES, SamplingError } from './sampling-error.ts';

/** The raw distribution of one step, read lazily so a step only pays for what it reports. */
export interface RawLogitsSummary {
  /** The most probable ids, most probable first (ties: lower id first); never `-Infinity` ones. */
  readonly topIds: readonly number[];
  /** Softmax probability of `id` at temperature 1. */
  probability(id: number): number;
  /** How many tokens come before `id` in the raw order (0 = most probable; ties: lower id first). */
  rankOf(id: number): number;
}

/**
 * Checks the logits and summarises the raw distribution.
 *
 * @param topCount - how many of the most probable ids to keep in `topIds`.
 * @throws SamplingError `nan_logits` for any NaN, `infinite_logits` for +Infinity (softmax would
 *   turn it into NaN), `no_candidates` when every logit is `-Infinity`.
 */
export function scanRawLogits(logits: Float32Array, topCount: number): RawLogitsSummary {
  let max = -Infinity;
  // Kept sorted, most probable first. Random-order logits insert only O(topCount × log n) times.
  const topIds: number[] = [];
  const topLogits: number[] = [];
  for (let id = 0; id < logits.length; id++) {
    const logit = logits[id]!;
    if (!(logit <= max)) {
      // One branch covers the rare cases: a new maximum, NaN (all comparisons are false), +Infinity.
      if (Number.isNaN(logit)) throw new SamplingError('nan_logits', SAMPLING_ERROR_MESSAGES.nan_logits);
      if (logit === Infinity) throw new SamplingError('infinite_logits', SAMPLING_ERROR_MESSAGES.infinite_logits);
      max = logit;
    }
    const worst = topLogits.length < topCount ? -Infinity : topLogits[topCount - 1]!;
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
    }
  }
  if (max === -Infinity) throw new SamplingError('no_candidates', SAMPLING_ERROR_MESSAGES.no_candidates);

  let sum = 0;
  for (let id = 0; id < logits.length; id++) sum += Math.exp(logits[id]! - max);
  return {
    topIds,
    probability: (id) => Math.exp(logits[id]! - max) / sum,
    rankOf: (id) => {
      const logit = logits[id]!;
      let rank = 0;
      for (let other = 0; other < logits.length; other++) {
        const otherLogit = logits[other]!;
        if (otherLogit > logit || (otherLogit === logit && other < id)) rank++;
      }
      return rank;
    },
  };
}
