/**
 * One step of our own decoding loop: logits of the last position in, one token and a snapshot of
 * how it was chosen out. Stages and their order follow Hugging Face transformers:
 * repetition penalty → no-repeat n-gram → temperature → top-k → top-p → min-p → draw.
 *
 * We sample here instead of in transformers.js `generate()` because that ignores top-p, returns
 * no probabilities and has one global seed shared by every panel.
 */
import {
  admitCandidates,
  createCandidateSet,
  keepMinP,
  keepTopK,
  keepTopP,
  REMOVAL_CODE,
  removalStage,
  totalWeight,
  type CandidateSet,
} from './candidate-filters.ts';
import { applyRepetitionPenalty, noRepeatNgramBans } from './logits-processors.ts';
import { selectOrderedPrefix } from './ordered-prefix.ts';
import type { Prng } from './prng.ts';
import { scanRawLogits, type RawLogitsSummary } from './raw-logits.ts';
import { SAMPLING_ERROR_MESSAGES, SamplingError } from './sampling-error.ts';
import type { SamplingSettings, SamplingStep, TokenCandidate, TokenId } from './types.ts';

/** What a step samples from. */
export interface SamplingRequest {
  /** Logits of the last position, one per vocabulary entry (e.g. 50,257 for GPT-2). */
  readonly logits: Float32Array;
  /** Prompt and generated tokens so far, oldest first: what the penalty and the n-gram ban see. */
  readonly sequence: readonly TokenId[];
  readonly settings: SamplingSettings;
}

/** How many raw candidates a {@link SamplingStep} lists. */
export const TOP_CANDIDATE_COUNT = 10;

/**
 * Picks the next token and reports how it was picked.
 *
 * Exactly one number is taken from `prng` per step, before anything depends on the settings, even
 * when the step is greedy: panels that share a seed then stay in lockstep, so the same uniform
 * numbers meet different settings and differences in the text come from the settings alone.
 * The draw is an inverse CDF over the final distribution walked from the most probable token to
 * the least (ties: lower id first), so a small uniform number picks a likely token in every panel.
 *
 * @throws SamplingError `nan_logits` / `infinite_logits` when the model's output is broken,
 *   `no_candidates` when every token is `-Infinity` or banned, `invalid_settings` /
 *   `invalid_context` for settings or a sequence that do not fit the vocabulary.
 */
export function sampleNextToken(request: SamplingRequest, prng: Prng): SamplingStep {
  const { logits, settings } = request;
  validateSamplingSettings(settings);
  const raw = scanRawLogits(logits, TOP_CANDIDATE_COUNT);
  const uniform = prng.next();
  const set = createCandidateSet(logits.length);
  const penalized = applySequenceStages(set, request);

  if (isGreedy(settings)) {
    const chosen = argmaxToken(set.key);
    for (const id of raw.topIds) if (id !== chosen && set.removedBy[id] === 0) set.removedBy[id] = REMOVAL_CODE.greedy;
    return snapshot(raw, logits, chosen, 1, 1, uniform, true, set, penalized, (id) => (id === chosen ? 1 : 0));
  }

  if (admitCandidates(set, settings.temperature) === 0) {
    throw new SamplingError('no_candidates', SAMPLING_ERROR_MESSAGES.no_candidates);
  }
  applyFilters(set, settings);
  // The set still holds the top token (weight 1), so the total is ≥ 1 and the draw well defined.
  const total = totalWeight(set);
  const chosen = selectOrderedPrefix(set.ids, set.size, set.key, set.weight, uniform * total, 'above').last;
  let keptCount = 0;
  for (let i = 0; i < set.size; i++) if (set.weight[set.ids[i]!]! > 0) keptCount++;
  const finalProbability = (id: number): number => (set.removedBy[id] === 0 ? set.weight[id]! / total : 0);
  return snapshot(raw, logits, chosen, finalProbability(chosen), keptCount, uniform, false, set, penalized, finalProbability);
}

/** The distribution after each stage, for the "step through the loop" teaching mode. */
export interface SamplingStages {
  /** Softmax of the raw logits: the model's own distribution. */
  readonly raw: Float64Array;
  /** After repetition penalty and the n-gram ban, still at temperature 1. */
  readonly afterPenalties: Float64Array;
  /** After temperature; one-hot on the argmax when the step is greedy. */
  readonly afterTemperature: Float64Array;
  readonly afterTopK: Float64Array;
  readonly afterTopP: Float64Array;
  /** After min-p: the final distribution a token is drawn from. */
  readonly afterMinP: Float64Array;
}

/**
 * Runs the same stages as {@link sampleNextToken} and keeps a full distribution (one probability
 * per token id) after each. About six vocabulary-sized arrays per call: for the teaching mode,
 * not for every generated token. Takes no random number.
 *
 * @throws SamplingError as {@link sampleNextToken} does.
 */
export function samplingStages(request: SamplingRequest): SamplingStages {
  const { logits, settings } = request;
  validateSamplingSettings(settings);
  scanRawLogits(logits, 0);
  const set = createCandidateSet(logits.length);
  set.key.set(logits);
  admitCandidates(set, 1);
  const raw = distribution(set);
  applySequenceStages(set, request);
  admitCandidates(set, 1);
  const afterPenalties = distribution(set);

  if (isGreedy(settings)) {
    const oneHot = new Float64Array(logits.length);
    oneHot[argmaxToken(set.key)] = 1;
    return { raw, afterPenalties, afterTemperature: oneHot, afterTopK: oneHot, afterTopP: oneHot, afterMinP: oneHot };
  }
  admitCandidates(set, settings.temperature);
  const afterTemperature = distribution(set);
  keepTopK(set, settings.topK);
  const afterTopK = distribution(set);
  keepTopP(set, settings.topP);
  const afterTopP = distribution(set);
  keepMinP(set, settings.minP);
  return { raw, afterPenalties, afterTemperature, afterTopK, afterTopP, afterMinP: distribution(set) };
}

/**
 * Checks that settings are inside the ranges {@link SamplingSettings} documents.
 *
 * @throws SamplingError `invalid_settings` naming the first setting out of range.
 */
export function validateSamplingSettings(settings: SamplingSettings): void {
  const { temperature, topK, topP, minP, repetitionPenalty, noRepeatNgramSize } = settings;
  const fail = (what: string, value: number): never => {
    throw new SamplingError('invalid_settings', `${what}; got ${value}.`);
  };
  if (!(Number.isFinite(temperature) && temperature >= 0)) fail('Temperature must be a finite number ≥ 0', temperature);
  if (!(Number.isInteger(topK) && topK >= 0)) fail('Top-k must be a whole number ≥ 0 (0 turns it off)', topK);
  if (!(topP > 0 && topP <= 1)) fail('Top-p must be in (0, 1] (1 turns it off)', topP);
  if (!(minP >= 0 && minP < 1)) fail('Min-p must be in [0, 1) (0 turns it off)', minP);
  if (!(Number.isFinite(repetitionPenalty) && repetitionPenalty > 0)) {
    fail('Repetition penalty must be a finite number > 0 (1 turns it off)', repetitionPenalty);
  }
  if (!(Number.isInteger(noRepeatNgramSize) && noRepeatNgramSize >= 0)) {
    fail('No-repeat n-gram size must be a whole number ≥ 0 (0 turns it off)', noRepeatNgramSize);
  }
}

function isGreedy(settings: SamplingSettings): boolean {
  return settings.greedy || settings.temperature === 0;
}

/**
 * Fills `set.key` with the logits after repetition penalty and the n-gram ban, and records bans.
 *
 * @returns the penalised ids.
 * @throws SamplingError `invalid_context` for an id outside the vocabulary, `no_candidates` when
 *   nothing is left.
 */
function applySequenceStages(set: CandidateSet, request: SamplingRequest): ReadonlySet<TokenId> {
  const { logits, sequence, settings } = request;
  for (const id of sequence) {
    if (!(id < logits.length)) {
      throw new SamplingError('invalid_context', `Token id ${id} in the sequence is outside the vocabulary of ${logits.length} tokens.`);
    }
  }
  set.key.set(logits);
  set.removedBy.fill(0);
  const penalized = applyRepetitionPenalty(set.key, sequence, settings.repetitionPenalty);
  for (const id of noRepeatNgramBans(sequence, settings.noRepeatNgramSize)) {
    set.key[id] = -Infinity;
    set.removedBy[id] = REMOVAL_CODE.no_repeat_ngram;
  }
  return penalized;
}

function applyFilters(set: CandidateSet, settings: SamplingSettings): void {
  keepTopK(set, settings.topK);
  keepTopP(set, settings.topP);
  keepMinP(set, settings.minP);
}

/** The most probable token; ties go to the lowest id. */
function argmaxToken(key: Float64Array): number {
  let best = -1;
  let bestKey = -Infinity;
  for (let id = 0; id < key.length; id++) {
    if (key[id]! > bestKey) {
      bestKey = key[id]!;
      best = id;
    }
  }
  if (best < 0) throw new SamplingError('no_candidates', SAMPLING_ERROR_MESSAGES.no_candidates);
  return best;
}

/** The set's weights normalised into one probability per token id (0 for tokens out). */
function distribution(set: CandidateSet): Float64Array {
  if (set.size === 0) throw new SamplingError('no_candidates', SAMPLING_ERROR_MESSAGES.no_candidates);
  const probabilities = new Float64Array(set.key.length);
  const total = totalWeight(set);
  for (let i = 0; i < set.size; i++) {
    const id = set.ids[i]!;
    probabilities[id] = set.weight[id]! / total;
  }
  return probabilities;
}

function snapshot(
  raw: RawLogitsSummary,
  logits: Float32Array,
  chosen: number,
  finalProbability: number,
  keptCount: number,
  uniform: number,
  greedy: boolean,
  set: CandidateSet,
  penalized: ReadonlySet<TokenId>,
  finalProbabilityOf: (id: number) => number,
): SamplingStep {
  const topCandidates = raw.topIds.map(
    (id): TokenCandidate => ({
      id: id as TokenId,
      rawProbability: raw.probability(id),
      finalProbability: finalProbabilityOf(id),
      removedBy: removalStage(set.removedBy[id]!),
      penalized: penalized.has(id as TokenId),
    }),
  );
  return {
    tokenId: chosen as TokenId,
    rawProbability: raw.probability(chosen),
    finalProbability,
    rawRank: raw.rankOf(chosen),
    uniform,
    keptCount,
    greedy,
    topCandidates,
  };
}
