/**
 * Log-probabilities from logits without overflow: every exp is taken of `logit − max`, which is
 * ≤ 0, so logits like 1000 and 1001 stay finite. Work is done in float64 even for float32 logits,
 * because the lab's metrics subtract log-probabilities that are close to each other.
 */

/**
 * The largest logit of a row, after checking that the row can be normalised.
 *
 * @throws RangeError for an empty row, a NaN or `+Infinity` logit (softmax would be NaN), or a
 *   row of only `-Infinity` (no token has any probability).
 */
export function maxLogit(logits: ArrayLike<number>): number {
  if (logits.length === 0) throw new RangeError('A logits row needs at least one token.');
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) {
    const logit = logits[i]!;
    if (Number.isNaN(logit) || logit === Infinity) {
      throw new RangeError(`Logit ${i} is ${logit}; softmax needs finite logits or -Infinity.`);
    }
    if (logit > max) max = logit;
  }
  if (max === -Infinity) throw new RangeError('Every logit is -Infinity; no token has any probability.');
  return max;
}

/**
 * log Σ exp(logits), the softmax normaliser in log space.
 *
 * @throws RangeError as {@link maxLogit}.
 */
export function logSumExp(logits: ArrayLike<number>): number {
  const max = maxLogit(logits);
  let sum = 0;
  for (let i = 0; i < logits.length; i++) sum += Math.exp(logits[i]! - max);
  // sum ≥ 1 (the maximum contributes exp(0)), so the log never sees 0.
  return max + Math.log(sum);
}

/**
 * Natural-log softmax of one row: `out[i] = logits[i] − log Σ exp(logits)`. `-Infinity` logits
 * give `-Infinity` (probability 0).
 *
 * @param out - where to write, so a long text can reuse one buffer; a new array when omitted.
 * @throws RangeError as {@link maxLogit}, or when `out` has a different length than `logits`.
 */
export function logSoftmax(logits: ArrayLike<number>, out: Float64Array = new Float64Array(logits.length)): Float64Array {
  if (out.length !== logits.length) {
    throw new RangeError(`The output has ${out.length} slots for ${logits.length} logits.`);
  }
  const max = maxLogit(logits);
  let sum = 0;
  for (let i = 0; i < logits.length; i++) sum += Math.exp(logits[i]! - max);
  const logSum = Math.log(sum);
  // (logit − max) − logSum rather than logit − (max + logSum): the shifted logit is exact for the
  // largest ones, which carry most of the probability.
  for (let i = 0; i < logits.length; i++) out[i] = logits[i]! - max - logSum;
  return out;
}

/** The index of the largest value; the lowest index wins a tie, as in the sampler's ranking. */
export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) {
    if (values[i]! > values[best]!) best = i;
  }
  return best;
}
