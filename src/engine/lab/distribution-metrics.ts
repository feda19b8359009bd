/**
 * How well a model predicts a text, and how far two runs of a model (say q4 against fp32, or
 * WebGPU against WASM) disagree, measured one position at a time so that a long text never needs
 * all its logits in memory: a row of GPT-2 logits is 50,257 floats.
 *
 * Every log is natural: negative log-likelihoods and KL divergences are in nats.
 */
import { argmax, logSoftmax, logSumExp } from './log-softmax.ts';

/** How well the model predicted the tokens it was given. */
export interface PerplexityResult {
  /** How many tokens were predicted (a text of n tokens has n − 1). */
  readonly predictedTokens: number;
  /** Mean negative log-likelihood of the actual next tokens, in nats (the cross-entropy). */
  readonly meanNll: number;
  /** exp(meanNll): a model that is always uniform over k tokens scores exactly k. */
  readonly perplexity: number;
}

/** Sums negative log-likelihoods position by position. */
export interface PerplexityAccumulator {
  /**
   * Adds the row of logits at one position and the token that actually came next.
   *
   * @returns that token's negative log-likelihood in nats (`Infinity` when its logit is -Infinity).
   * @throws RangeError when the row cannot be normalised or `nextTokenId` is not in the row.
   */
  add(logits: ArrayLike<number>, nextTokenId: number): number;
  /** @throws RangeError before the first {@link PerplexityAccumulator.add}: there is no mean yet. */
  result(): PerplexityResult;
}

/** Starts an empty {@link PerplexityAccumulator}. */
export function createPerplexity(): PerplexityAccumulator {
  let count = 0;
  let nllSum = 0;
  return {
    add(logits, nextTokenId) {
      if (!Number.isInteger(nextTokenId) || nextTokenId < 0 || nextTokenId >= logits.length) {
        throw new RangeError(`Token id ${nextTokenId} is outside a vocabulary of ${logits.length}.`);
      }
      // Only the normaliser is needed for one token, not the whole log-softmax row.
      const nll = logSumExp(logits) - logits[nextTokenId]!;
      count += 1;
      nllSum += nll;
      return nll;
    },
    result() {
      if (count === 0) throw new RangeError('No token has been predicted yet.');
      const meanNll = nllSum / count;
      return { predictedTokens: count, meanNll, perplexity: Math.exp(meanNll) };
    },
  };
}

/**
 * Perplexity of a whole text from the model's logits: row i predicts `tokenIds[i + 1]`.
 *
 * @param rows - one logits row per position; a model returns one per input token, and the last
 *   one (which predicts past the text) is ignored.
 * @throws RangeError for fewer than 2 tokens (nothing is predicted), fewer than
 *   `tokenIds.length − 1` rows, or as {@link PerplexityAccumulator.add}.
 */
export function sequencePerplexity(rows: readonly ArrayLike<number>[], tokenIds: ArrayLike<number>): PerplexityResult {
  if (tokenIds.length < 2) throw new RangeError('Perplexity needs at least 2 tokens: the first one is never predicted.');
  if (rows.length < tokenIds.length - 1) {
    throw new RangeError(`${tokenIds.length} tokens need ${tokenIds.length - 1} logits rows; got ${rows.length}.`);
  }
  const accumulator = createPerplexity();
  for (let i = 0; i + 1 < tokenIds.length; i++) accumulator.add(rows[i]!, tokenIds[i + 1]!);
  return accumulator.result();
}

/** How a test row differs from the reference row at one position. */
export interface PositionComparison {
  /** KL(P_ref ‖ P_test) in nats; `Infinity` when the test gives 0 to a token the reference does not. */
  readonly kl: number;
  /** The reference's most probable token (lowest id on a tie). */
  readonly refTop: number;
  /** The test's most probable token (lowest id on a tie). */
  readonly testTop: number;
  /** The largest |ref − test| over the raw logits of this position. */
  readonly maxAbsLogitDiff: number;
}

/** The comparison of every position added so far. */
export interface ComparisonResult {
  readonly positions: number;
  /** KL(P_ref ‖ P_test) per position, in order: one number per position, not a logits row. */
  readonly klPerPosition: readonly number[];
  readonly meanKl: number;
  readonly maxKl: number;
  /** Fraction of positions where both rows have the same most probable token, in [0, 1]. */
  readonly top1Agreement: number;
  /**
   * The largest |ref − test| over every raw logit seen. Raw logits, not log-probabilities: two
   * rows that differ by a constant have KL 0 but a large difference here, which is worth seeing.
   */
  readonly maxAbsLogitDiff: number;
}

/** Compares two runs over the same text, one position at a time. */
export interface Comparison {
  /**
   * Adds the reference and the test logits of the next position.
   *
   * @throws RangeError when the rows differ in length, differ from earlier rows in length, or
   *   cannot be normalised (see `maxLogit` in log-softmax.ts).
   */
  add(refRow: ArrayLike<number>, testRow: ArrayLike<number>): PositionComparison;
  /** @throws RangeError before the first {@link Comparison.add}: there is no mean yet. */
  result(): ComparisonResult;
}

/** KL(P ‖ Q) in nats from two log-softmax rows of equal length. */
function klDivergence(refLogProbs: Float64Array, testLogProbs: Float64Array): number {
  let kl = 0;
  for (let i = 0; i < refLogProbs.length; i++) {
    const refLog = refLogProbs[i]!;
    // p · log p → 0 as p → 0: tokens the reference rules out add nothing, whatever the test says.
    if (refLog === -Infinity) continue;
    kl += Math.exp(refLog) * (refLog - testLogProbs[i]!);
  }
  // KL ≥ 0 (Gibbs' inequality); a value just below 0 is rounding, not information.
  return Math.max(0, kl);
}

function maxAbsDifference(refRow: ArrayLike<number>, testRow: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < refRow.length; i++) {
    const a = refRow[i]!;
    const b = testRow[i]!;
    // Equal first, so two -Infinity logits count as no difference instead of NaN.
    const diff = a === b ? 0 : Math.abs(a - b);
    if (diff > max) max = diff;
  }
  return max;
}

/** Starts an empty {@link Comparison}; it keeps two reusable log-probability rows and one number per position. */
export function createComparison(): Comparison {
  let refLogProbs: Float64Array | null = null;
  let testLogProbs: Float64Array | null = null;
  const klPerPosition: number[] = [];
  let klSum = 0;
  let maxKl = 0;
  let agreements = 0;
  let maxAbsLogitDiff = 0;
  return {
    add(refRow, testRow) {
      if (refRow.length !== testRow.length) {
        throw new RangeError(`The reference row has ${refRow.length} logits and the test row ${testRow.length}.`);
      }
      if (refLogProbs === null || testLogProbs === null) {
        refLogProbs = new Float64Array(refRow.length);
        testLogProbs = new Float64Array(refRow.length);
      } else if (refLogProbs.length !== refRow.length) {
        throw new RangeError(`Earlier rows had ${refLogProbs.length} logits; this one has ${refRow.length}.`);
      }
      logSoftmax(refRow, refLogProbs);
      logSoftmax(testRow, testLogProbs);
      const kl = klDivergence(refLogProbs, testLogProbs);
      const position: PositionComparison = {
        kl,
        refTop: argmax(refRow),
        testTop: argmax(testRow),
        maxAbsLogitDiff: maxAbsDifference(refRow, testRow),
      };
      klPerPosition.push(kl);
      klSum += kl;
      maxKl = Math.max(maxKl, kl);
      if (position.refTop === position.testTop) agreements += 1;
      maxAbsLogitDiff = Math.max(maxAbsLogitDiff, position.maxAbsLogitDiff);
      return position;
    },
    result() {
      const positions = klPerPosition.length;
      if (positions === 0) throw new RangeError('No position has been compared yet.');
      return {
        positions,
        klPerPosition: [...klPerPosition],
        meanKl: klSum / positions,
        maxKl,
        top1Agreement: agreements / positions,
        maxAbsLogitDiff,
      };
    },
  };
}
