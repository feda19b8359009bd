/**
 * One step of our own decoding loop: logits of the last position in, one token and a snapshot of
 * how it was chosen out. Stages and their order follow Hugging Face transformers:
 * repetition penalty → no-repeat n-gram → temperature → top-k → top-p → min-p → draw.
 *
 * We sample here instead of in transformers.js `generate()` because that ignores top-p, returns
 * no probabilities and has one global seed shared by every panel.
 */
import { drawCandidate, keepMinP, keepTopK, keepTopP } from './candidate-filters.ts';
import {
  candidateDistribution,
  createCandidateSet,
  fillCandidateSet,
  REMOVAL_CODE,
  removalStage,
  totalWeight,
  weighCandidates,
  type CandidateSet,
} from './candidate-set.ts';
import { applyRepetitionPenalty, noRepeatNgramBans } from './logits-processors.ts';
import type { Prng } from './prng.ts';
import { rawRank, scanRawLogits, type RawLogitsScan } from './raw-logits.ts';
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
 * Every step that gets past input validation takes exactly one number from `prng`, before
 * anything depends on the settings, even when the step is greedy: panels that share a seed then
 * stay in lockstep, so the same uniform numbers meet different settings and differences in the
 * text come from the settings alone. Pass a {@link SamplingWorkspace} to reuse scratch memory.
 * The draw is an inverse CDF over the final distribution walked from the most probable token to
 * the least (ties: lower id first), so a small uniform number picks a likely token in every panel.
 *
 * @throws SamplingError `nan_logits` / `infinite_logits` when the model's output is broken,
 *   `no_candidates` when every token is `-Infinity` or banned, `invalid_settings` /
 *   `invalid_context` for settings or a sequence that do not fit the vocabulary.
 */
export function sampleNextToken(request: SamplingRequest, prng: Prng, workspace?: SamplingWorkspace): SamplingStep {
  const { logits, settings } = request;
  validateSamplingSettings(settings);
  const raw = scanRawLogits(logits, TOP_CANDIDATE_COUNT);
  const uniform = prng.next();
  const set = workspaceFor(workspace, logits.length);
  const sequence = applySequenceStages(set, request);
  const greedy = isGreedy(settings);
  const { temperature, topK } = settings;
  // Weigh while filling unless top-k will cut first: then only its survivors pay for an exp.
  // Temperature 1 always weighs while filling, because it reuses the raw exps for free.
  const topKCuts = topK > 0 && topK < logits.length;
  const weighAt = greedy ? null : topKCuts && temperature !== 1 ? null : temperature;
  const rawNormaliser = fillCandidateSet(set, logits, rawBounds(raw), sequence.changed, weighAt);
  if (set.size === 0) throw new SamplingError('no_candidates', SAMPLING_ERROR_MESSAGES.no_candidates);

  let chosen: number;
  if (greedy) {
    chosen = set.topId;
    for (const id of raw.topIds) if (id !== chosen && set.removedBy[id] === 0) set.removedBy[id] = REMOVAL_CODE.greedy;
  } else {
    keepTopK(set, topK);
    if (Number.isNaN(set.temperature)) weighCandidates(set, temperature);
    keepTopP(set, settings.topP);
    keepMinP(set, settings.minP);
    chosen = drawCandidate(set, uniform);
  }
  const total = greedy ? 0 : totalWeight(set);
  const finalProbability = (id: number): number => {
    if (set.removedBy[id] !== 0) return 0;
    return greedy ? (id === chosen ? 1 : 0) : set.weight[id]! / total;
  };
  const rawProbability = (id: number): number => Math.exp(logits[id]! - raw.max) / rawNormaliser;
  const topCandidates = raw.topIds.map(
    (id): TokenCandidate => ({
      id: id as TokenId,
      rawProbability: rawProbability(id),
      finalProbability: finalProbability(id),
      removedBy: removalStage(set.removedBy[id]!),
      penalized: sequence.penalized.has(id as TokenId),
    }),
  );
  const topIndex = raw.topIds.indexOf(chosen);
  return {
    tokenId: chosen as TokenId,
    rawProbability: rawProbability(chosen),
    finalProbability: finalProbability(chosen),
    rawRank: topIndex >= 0 ? topIndex : rawRank(logits, chosen),
    uniform,
    keptCount: greedy ? 1 : set.size,
    greedy,
    topCandidates,
  };
}

/**
 * Scratch memory for {@link sampleNextToken} (about 1 MB for GPT-2's 50,257 tokens). Passing the
 * same workspace to every step of a panel saves allocating it per token; results never alias it.
 */
export interface SamplingWorkspace {
  readonly vocabSize: number;
  /** @internal The candidate set the steps reuse. */
  readonly candidates: CandidateSet;
}

/** A workspace for steps over a vocabulary of `vocabSize` tokens. */
export function createSamplingWorkspace(vocabSize: number): SamplingWorkspace {
  return { vocabSize, candidates: createCandidateSet(vocabSize) };
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
 * per token id) after each. Six vocabulary-sized arrays per call: for the teaching mode, not for
 * every generated token, which is why the fast path never builds them. Takes no random number.
 *
 * @throws SamplingError as {@link sampleNextToken} does.
 */
export function samplingStages(request: SamplingRequest): SamplingStages {
  const { logits, settings } = request;
  validateSamplingSettings(settings);
  const scan = scanRawLogits(logits, TOP_CANDIDATE_COUNT);
  const set = createCandidateSet(logits.length);
  const sequence = applySequenceStages(set, request);
  const rawNormaliser = fillCandidateSet(set, logits, rawBounds(scan), sequence.changed, 1);
  if (set.size === 0) throw new SamplingError('no_candidates', SAMPLING_ERROR_MESSAGES.no_candidates);
  const raw = Float64Array.from(logits, (logit) => Math.exp(logit - scan.max) / rawNormaliser);
  const afterPenalties = candidateDistribution(set);

  if (isGreedy(settings)) {
    const oneHot = new Float64Array(logits.length);
    oneHot[set.topId] = 1;
    return { raw, afterPenalties, afterTemperature: oneHot, afterTopK: oneHot, afterTopP: oneHot, afterMinP: oneHot };
  }
  weighCandidates(set, settings.temperature);
  const afterTemperature = candidateDistribution(set);
  keepTopK(set, settings.topK);
  const afterTopK = candidateDistribution(set);
  keepTopP(set, settings.topP);
  const afterTopP = candidateDistribution(set);
  keepMinP(set, settings.minP);
  return { raw, afterPenalties, afterTemperature, afterTopK, afterTopP, afterMinP: candidateDistribution(set) };
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

function workspaceFor(workspace: SamplingWorkspace | undefined, vocabSize: number): CandidateSet {
  if (workspace === undefined) return createCandidateSet(vocabSize);
  if (workspace.vocabSize !== vocabSize) {
    throw new RangeError(`This workspace is for ${workspace.vocabSize} tokens; the logits have ${vocabSize}.`);
  }
  return workspace.candidates;
}

function rawBounds(scan: RawLogitsScan) {
  return { ...scan, topCount: TOP_CANDIDATE_COUNT };
}

/**
 * Writes the logits after repetition penalty and the n-gram ban into `set.key`, and marks bans.
 *
 * @throws SamplingError `invalid_context` for an id outside the vocabulary.
 */
function applySequenceStages(
  set: CandidateSet,
  request: SamplingRequest,
): { penalized: ReadonlySet<TokenId>; changed: number[] } {
  const { logits, sequence, settings } = request;
  for (const id of sequence) {
    if (!(id < logits.length)) {
      throw new SamplingError('invalid_context', `Token id ${id} in the sequence is outside the vocabulary of ${logits.length} tokens.`);
    }
  }
  set.key.set(logits);
  set.removedBy.fill(0);
  const penalized = applyRepetitionPenalty(set.key, sequence, settings.repetitionPenalty);
  const banned = noRepeatNgramBans(sequence, settings.noRepeatNgramSize);
  for (const id of banned) {
    set.key[id] = -Infinity;
    set.removedBy[id] = REMOVAL_CODE.no_repeat_ngram;
  }
  return { penalized, changed: [...penalized, ...banned] };
}
