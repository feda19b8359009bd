/**
 * One step of our own decoding loop: logits of the last position in, one token and a snapshot of
 * how it was chosen out. Stages and their order follow Hugging Face transformers:
 * repetition penalty → no-repeat n-gram → temperature → top-k → top-p → min-p → draw.
 *
 * We sample here instead of in transformers.js `generate()` because that ignores top-p, returns
 * no probabilities and has one global seed shared by every panel.
 *
 * Every panel pays for this every token, so a step does only the work its settings need (docs/
 * speed.md, "Our loop's per-token work"): a greedy step never builds the candidate set (one scan
 * for the top ids, one exp per token for the raw normaliser the snapshot shows); a step whose
 * first cut is top-k, or min-p with top-p off, buckets only the head of the vocabulary and weighs
 * only what survives. Only top-p and plain sampling weigh the whole vocabulary, because they need
 * its total mass. Every path gives the same tokens and the same bits as the full candidate set
 * (the step mode's stage walk builds that, and the agreement tests compare the two).
 */
import { drawCandidate, keepMinP, keepTopK, keepTopP } from './candidate-filters.ts';
import { fillTopBuckets, isBeyondLastBucket, keySpan } from './candidate-head.ts';
import {
  createCandidateSet,
  fillCandidateSet,
  rawWeightReference,
  REMOVAL_CODE,
  removalStage,
  totalWeight,
  weighCandidates,
  type CandidateSet,
} from './candidate-set.ts';
import { applyRepetitionPenalty, noRepeatNgramBans, penalizedLogit } from './logits-processors.ts';
import type { Prng } from './prng.ts';
import { rawRank, rawSoftmaxNormaliser, scanRawLogits, type RawLogitsScan } from './raw-logits.ts';
import { SAMPLING_ERROR_MESSAGES, SamplingError } from './sampling-error.ts';
import { firstInvalidSetting } from './settings-schema.ts';
import type { RemovalStage, SamplingSettings, SamplingStep, TokenCandidate, TokenId } from './types.ts';

/** What a step samples from. */
export interface SamplingRequest {
  /** Logits of the last position, one per vocabulary entry (e.g. 50,257 for GPT-2). */
  readonly logits: Float32Array;
  /** Prompt and generated tokens so far, oldest first: what the penalty and the n-gram ban see. */
  readonly sequence: readonly TokenId[];
  readonly settings: SamplingSettings;
}

/**
 * Min-p buckets only the head when its cut lies within this share of the key span below the top:
 * past it, the full fill (two exps in one pass) costs less than a head nearly as large as the set.
 */
const MIN_P_HEAD_SHARE = 0.5;

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
  checkWorkspace(workspace, logits.length);
  if (isGreedy(settings)) return greedyStep(request, raw, uniform);
  const set = workspace?.candidates ?? createCandidateSet(logits.length);
  const sequence = applySequenceStages(set, request);
  const { temperature, topK } = settings;
  let rawNormaliser: number;
  const topKCuts = topK > 0 && topK < logits.length;
  // Min-p first cuts the set when top-p (which needs the whole mass) is off, and is worth
  // bucketing for only when it leaves out a good part of the keys (a flat row keeps them all).
  const keyDepth = -temperature * Math.log(settings.minP);
  const minPCutsFirst = !topKCuts && settings.topP >= 1 && settings.minP > 0 && keyDepth < MIN_P_HEAD_SHARE * keySpan(set, rawBounds(raw), sequence.changed);
  if (topKCuts || minPCutsFirst) {
    // The first cut falls near the top: bucket only that far, weigh only what is left, and sum
    // the raw normaliser in a pass of its own. Same cuts and bits as filling the whole set.
    fillTopBuckets(set, rawBounds(raw), sequence.changed, topKCuts ? topK : Infinity, topKCuts ? Infinity : keyDepth);
    if (set.size === 0) throw new SamplingError('no_candidates', SAMPLING_ERROR_MESSAGES.no_candidates);
    rawNormaliser = rawSoftmaxNormaliser(logits, raw.max);
    keepTopK(set, topK);
    const cutBy = topKCuts ? REMOVAL_CODE.top_k : REMOVAL_CODE.min_p;
    for (const id of raw.topIds) if (set.removedBy[id] === 0 && isBeyondLastBucket(set, id)) set.removedBy[id] = cutBy;
    weighCandidates(set, temperature, temperature === 1 ? rawWeightReference(set, raw.max) : set.keyMax);
  } else {
    // Temperature 1 reuses the raw exps as weights, so the fill weighs as it sums the normaliser.
    rawNormaliser = fillCandidateSet(set, logits, rawBounds(raw), sequence.changed, temperature);
    if (set.size === 0) throw new SamplingError('no_candidates', SAMPLING_ERROR_MESSAGES.no_candidates);
  }
  keepTopP(set, settings.topP);
  keepMinP(set, settings.minP);
  const chosen = drawCandidate(set, uniform);
  const total = totalWeight(set);
  return snapshot(logits, raw, rawNormaliser, chosen, uniform, {
    keptCount: set.size,
    greedy: false,
    finalProbability: (id) => (set.removedBy[id] !== 0 ? 0 : set.weight[id]! / total),
    removedBy: (id) => removalStage(set.removedBy[id]!),
    penalized: sequence.penalized,
  });
}

/** What a step knows about its final distribution, for {@link snapshot}. */
interface FinalView {
  readonly keptCount: number;
  readonly greedy: boolean;
  finalProbability(id: number): number;
  removedBy(id: number): RemovalStage | null;
  readonly penalized: ReadonlySet<TokenId>;
}

/** The {@link SamplingStep} of a step that chose `chosen`: the raw top candidates and the token. */
function snapshot(logits: Float32Array, raw: RawLogitsScan, rawNormaliser: number, chosen: number, uniform: number, view: FinalView): SamplingStep {
  const rawProbability = (id: number): number => Math.exp(logits[id]! - raw.max) / rawNormaliser;
  const topCandidates = raw.topIds.map(
    (id): TokenCandidate => ({
      id: id as TokenId,
      rawProbability: rawProbability(id),
      finalProbability: view.finalProbability(id),
      removedBy: view.removedBy(id),
      penalized: view.penalized.has(id as TokenId),
    }),
  );
  const topIndex = raw.topIds.indexOf(chosen);
  return {
    tokenId: chosen as TokenId,
    rawProbability: rawProbability(chosen),
    finalProbability: view.finalProbability(chosen),
    rawRank: topIndex >= 0 ? topIndex : rawRank(logits, chosen),
    uniform,
    keptCount: view.keptCount,
    greedy: view.greedy,
    topCandidates,
  };
}

/**
 * A greedy step without the candidate set: the argmax of the keys needs only the raw top ids and
 * the few ids the sequence stages changed (an unchanged token's key is its logit), and the
 * snapshot needs the raw normaliser, one exp per token. Same token and numbers as the set would
 * give (the normaliser is summed in the same order), at a fraction of the work.
 */
function greedyStep(request: SamplingRequest, raw: RawLogitsScan, uniform: number): SamplingStep {
  const { logits } = request;
  const { penalized, banned, changedKeys } = sequenceKeyChanges(request);
  let chosen = -1;
  let keyMax = -Infinity;
  const unchangedTop = raw.topIds.find((id) => !changedKeys.has(id));
  if (unchangedTop !== undefined) {
    chosen = unchangedTop;
    keyMax = logits[unchangedTop]!;
  } else if (raw.topIds.length === TOP_CANDIDATE_COUNT) {
    // Every tracked top token changed (rare: a short vocabulary or a long banned run): look below.
    for (let id = 0; id < logits.length; id++) {
      if (logits[id]! > keyMax && !changedKeys.has(id)) {
        keyMax = logits[id]!;
        chosen = id;
      }
    }
  }
  for (const [id, key] of changedKeys) {
    if (key === -Infinity) continue;
    if (key > keyMax || (key === keyMax && id < chosen)) {
      keyMax = key;
      chosen = id;
    }
  }
  if (chosen < 0) throw new SamplingError('no_candidates', SAMPLING_ERROR_MESSAGES.no_candidates);
  const bannedIds = new Set(banned);
  return snapshot(logits, raw, rawSoftmaxNormaliser(logits, raw.max), chosen, uniform, {
    keptCount: 1,
    greedy: true,
    finalProbability: (id) => (id === chosen ? 1 : 0),
    removedBy: (id) => (bannedIds.has(id) ? 'no_repeat_ngram' : id === chosen ? null : 'greedy'),
    penalized,
  });
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

function checkWorkspace(workspace: SamplingWorkspace | undefined, vocabSize: number): void {
  if (workspace !== undefined && workspace.vocabSize !== vocabSize) {
    throw new RangeError(`This workspace is for ${workspace.vocabSize} tokens; the logits have ${vocabSize}.`);
  }
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
  checkSequence(sequence, logits.length);
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

/**
 * The sequence stages without a key array: each changed id's key (penalised, or −∞ when banned;
 * a ban wins), as {@link applySequenceStages} would write it.
 *
 * @throws SamplingError `invalid_context` for an id outside the vocabulary.
 */
function sequenceKeyChanges(request: SamplingRequest): { penalized: ReadonlySet<TokenId>; banned: readonly number[]; changedKeys: Map<number, number> } {
  const { logits, sequence, settings } = request;
  checkSequence(sequence, logits.length);
  const penalty = settings.repetitionPenalty;
  const penalized: ReadonlySet<TokenId> = penalty === 1 ? new Set() : new Set(sequence);
  const changedKeys = new Map<number, number>();
  for (const id of penalized) changedKeys.set(id, penalizedLogit(logits[id]!, penalty));
  const banned = noRepeatNgramBans(sequence, settings.noRepeatNgramSize);
  for (const id of banned) changedKeys.set(id, -Infinity);
  return { penalized, banned, changedKeys };
}

function checkSequence(sequence: readonly TokenId[], vocabSize: number): void {
  for (const id of sequence) {
    if (!(id < vocabSize)) {
      throw new SamplingError('invalid_context', `Token id ${id} in the sequence is outside the vocabulary of ${vocabSize} tokens.`);
    }
  }
}
