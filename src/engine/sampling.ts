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
import { firstInvalidSetting } from './settings-schema.ts';
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

/**
 * Checks that settings are inside the ranges {@link SamplingSettings} documents, as the
 * settings table (settings-schema.ts) states them.
 *
 * @throws SamplingError `invalid_settings` naming the first setting out of range.
 */
export function validateSamplingSettings(settings: SamplingSettings): void {
  const invalid = firstInvalidSetting(settings);
  if (invalid) throw new SamplingError('invalid_settings', `${invalid.rule}; got ${invalid.value}.`);
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
 * The stages that look at the sequence: writes the logits after repetition penalty and the n-gram
 * ban into `set.key`, and marks bans. The step mode's stage walk starts with it too. `changed`
 * lists every id whose key is no longer its logit.
 *
 * @throws SamplingError `invalid_context` for an id outside the vocabulary.
 */
export function applySequenceStages(
  set: CandidateSet,
  request: SamplingRequest,
): { penalized: ReadonlySet<TokenId>; banned: readonly number[]; changed: number[] } {
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
  return { penalized, banned, changed: [...penalized, ...banned] };
}
