/**
 * Small types shared across the engine: token ids, sampling settings and the per-token snapshot
 * the decoding loop hands to the UI.
 */
import { samplingSettingsAt } from './settings-schema.ts';

declare const tokenIdBrand: unique symbol;

/**
 * A vocabulary index. Branded so that a token id cannot be passed where a count, a rank or a
 * position is expected (all three are plain numbers in the decoding loop and easy to mix up).
 */
export type TokenId = number & { readonly [tokenIdBrand]: 'TokenId' };

/**
 * Brands a vocabulary index as a {@link TokenId}.
 *
 * @throws RangeError when `id` is not a non-negative integer, so a stray float or `-1` fails at
 *   the boundary instead of indexing `undefined` deep inside the sampler.
 */
export function tokenId(id: number): TokenId {
  if (!Number.isInteger(id) || id < 0) {
    throw new RangeError(`A token id is a non-negative integer; got ${id}.`);
  }
  return id as TokenId;
}

/**
 * How one panel turns the model's logits into the next token. Names and semantics follow
 * Hugging Face transformers' `GenerationConfig`; "off" values make a stage a no-op.
 */
export interface SamplingSettings {
  /** Divides the logits before the filters. `0` means greedy (argmax). Must be finite and ≥ 0. */
  readonly temperature: number;
  /** Take the most probable token (after penalties) regardless of temperature and filters. */
  readonly greedy: boolean;
  /** Keep only the `topK` most probable tokens. `0`, or a value ≥ the vocabulary size, is off. */
  readonly topK: number;
  /** Keep the smallest most-probable set whose probability reaches `topP`, in (0, 1]. `1` is off. */
  readonly topP: number;
  /** Drop tokens less probable than `minP` × the top probability, in [0, 1). `0` is off. */
  readonly minP: number;
  /**
   * Divides positive (multiplies negative) logits of every token already in the sequence.
   * `1` is off; values above 1 discourage repetition, values in (0, 1) encourage it (as in HF).
   */
  readonly repetitionPenalty: number;
  /** Ban any token that would repeat an n-gram of this size already in the sequence. `0` is off. */
  readonly noRepeatNgramSize: number;
}

/** Settings with every stage off: plain sampling from the model's own distribution. */
export const NEUTRAL_SAMPLING_SETTINGS: SamplingSettings = samplingSettingsAt('off');

/**
 * The stage that took a token out of the final distribution. Repetition penalty is not here: it
 * lowers a logit but never removes a token, so it is reported as {@link TokenCandidate.penalized}.
 * `'greedy'` marks every token but the argmax when the step was greedy.
 */
export type RemovalStage = 'no_repeat_ngram' | 'top_k' | 'top_p' | 'min_p' | 'greedy';

/** One of the most probable tokens of a step, as the UI shows it. */
export interface TokenCandidate {
  readonly id: TokenId;
  /** Softmax of the raw logits at temperature 1: the model's own probability. */
  readonly rawProbability: number;
  /** Probability in the distribution the token was drawn from; `0` when a stage removed it. */
  readonly finalProbability: number;
  /** The first stage that removed the token, or `null` when it survived. */
  readonly removedBy: RemovalStage | null;
  /** Whether the repetition penalty applied to this token (it is in the sequence, penalty ≠ 1). */
  readonly penalized: boolean;
}

/** What one sampling step did, cheap enough to keep for every generated token. */
export interface SamplingStep {
  /** The token that was drawn. */
  readonly tokenId: TokenId;
  /** Its probability under the model's own distribution (raw logits, temperature 1). */
  readonly rawProbability: number;
  /** Its probability in the final, filtered distribution it was drawn from. */
  readonly finalProbability: number;
  /** Its rank in the raw distribution: 0 = most probable; ties rank the lower id first. */
  readonly rawRank: number;
  /** The uniform number in [0, 1) this step consumed from the panel's PRNG. */
  readonly uniform: number;
  /** How many tokens survived every filter (1 when greedy); far-tail ones may round to probability 0. */
  readonly keptCount: number;
  /** Whether the step took the argmax (`greedy` or temperature 0) instead of sampling. */
  readonly greedy: boolean;
  /**
   * The most probable tokens of the raw distribution, most probable first (ties: lower id first).
   * Tokens the model gives probability 0 (`-Infinity` logits) are left out, so there may be fewer
   * than `TOP_CANDIDATE_COUNT` (10, in sampling.ts).
   */
  readonly topCandidates: readonly TokenCandidate[];
}
