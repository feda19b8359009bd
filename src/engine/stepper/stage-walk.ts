/**
 * The sampler's stages replayed one at a time on one {@link CandidateSet}, looking at the set
 * after each stage: the data behind the step-by-step view.
 *
 * It calls the same engine functions as `sampleNextToken` in the same order, so every cut and the
 * draw land on the same tokens. One difference in bookkeeping, proved harmless by the agreement
 * tests: the sampler weighs after top-k when top-k cuts and the temperature is not 1 (to save
 * exps), while the walk weighs before top-k so the temperature stage can be shown. Both compute
 * exp((key − keyMax) / T) and sum each bucket in the same order, so the weights are bit-identical.
 *
 * Typed-array reads use `!`: every index is a token id the set itself holds.
 */
import { drawCandidate, keepMinP, keepTopK, keepTopP } from '../candidate-filters.ts';
import {
  bucketEnd,
  createCandidateSet,
  fillCandidateSet,
  removalStage,
  totalWeight,
  weighCandidates,
  type CandidateSet,
} from '../candidate-set.ts';
import { scanRawLogits } from '../raw-logits.ts';
import { SAMPLING_ERROR_MESSAGES, SamplingError } from '../sampling-error.ts';
import { applySequenceStages, type SamplingRequest } from '../sampling.ts';
import type { RemovalStage, TokenId } from '../types.ts';

/** The set after one stage, seen through the watched ids. */
export interface StageLook {
  /** Per watched id: its probability renormalised over the tokens still kept; 0 once cut. */
  readonly probabilities: readonly number[];
  /** Per watched id: the stage that cut it (this one or an earlier one), or `null` while kept. */
  readonly cutBy: readonly (RemovalStage | null)[];
  /** Tokens of the whole vocabulary still kept. */
  readonly keptCount: number;
}

/** Where the drawn token sits in the final distribution, walked most probable first. */
export interface DrawPosition {
  /** How many kept tokens come before it (0 = the most probable). */
  readonly rank: number;
  /** The slice [start, end) of the cumulative distribution it owns: the draw picks it for u in there. */
  readonly start: number;
  readonly end: number;
}

/** Everything {@link walkStages} saw. */
export interface StageWalk {
  /** The ids looked at, in raw order (most probable first, ties: lower id first). */
  readonly watched: readonly TokenId[];
  /** Ids the repetition penalty lowered. */
  readonly penalized: ReadonlySet<TokenId>;
  readonly raw: StageLook;
  /** After repetition penalty and the n-gram ban, at temperature 1. */
  readonly penalties: StageLook;
  /** The four sampling stages; `null` when the step is greedy, which skips them. */
  readonly warped: {
    readonly temperature: StageLook;
    readonly top_k: StageLook;
    readonly top_p: StageLook;
    readonly min_p: StageLook;
  } | null;
  /** The walk's own pick: the draw at `uniform`, or the argmax when greedy. */
  readonly drawn: TokenId;
  /** `null` when greedy: there is no distribution to walk. */
  readonly drawPosition: DrawPosition | null;
}

/**
 * Replays the sampler's stages on `request` and looks at `count` raw top ids, `count` top ids
 * after the penalties (temperature keeps their order) and `alsoWatch`, after every stage.
 * Validate the request first (`sampleNextToken` does); this function assumes it is valid.
 *
 * @throws SamplingError `no_candidates` when every token is `-Infinity` or banned.
 */
export function walkStages(request: SamplingRequest, uniform: number, count: number, alsoWatch: readonly number[] = []): StageWalk {
  const { logits, settings } = request;
  const scan = scanRawLogits(logits, count);
  const set = createCandidateSet(logits.length);
  const { penalized, banned, changed } = applySequenceStages(set, request);
  // Weighed at temperature 1 for the penalties stage. At temperature 1 these are the sampler's
  // own weights (raw exps reused); otherwise weighCandidates below recomputes them as it does.
  const rawNormaliser = fillCandidateSet(set, logits, { ...scan, topCount: count }, changed, 1);
  if (set.size === 0) throw new SamplingError('no_candidates', SAMPLING_ERROR_MESSAGES.no_candidates);

  const watched = rawOrder(logits, [...scan.topIds, ...topByKey(set, count), ...alsoWatch]);
  const raw: StageLook = {
    probabilities: watched.map((id) => Math.exp(logits[id]! - scan.max) / rawNormaliser),
    cutBy: watched.map(() => null),
    keptCount: set.size + banned.filter((id) => logits[id]! > -Infinity).length,
  };
  const look = (): StageLook => lookAt(set, watched);
  const penalties = look();

  if (settings.greedy || settings.temperature === 0) {
    return { watched, penalized, raw, penalties, warped: null, drawn: set.topId as TokenId, drawPosition: null };
  }
  if (settings.temperature !== 1) weighCandidates(set, settings.temperature);
  const temperature = look();
  keepTopK(set, settings.topK);
  const topK = look();
  keepTopP(set, settings.topP);
  const topP = look();
  keepMinP(set, settings.minP);
  const minP = look();
  const drawn = drawCandidate(set, uniform);
  return {
    watched,
    penalized,
    raw,
    penalties,
    warped: { temperature, top_k: topK, top_p: topP, min_p: minP },
    drawn: drawn as TokenId,
    drawPosition: positionOf(set, drawn),
  };
}

function lookAt(set: CandidateSet, watched: readonly TokenId[]): StageLook {
  const total = totalWeight(set);
  return {
    probabilities: watched.map((id) => (set.removedBy[id] === 0 ? set.weight[id]! / total : 0)),
    cutBy: watched.map((id) => removalStage(set.removedBy[id]!)),
    keptCount: set.size,
  };
}

/** Distinct ids sorted most probable first by raw logit, ties: lower id first. */
function rawOrder(logits: Float32Array, ids: readonly number[]): TokenId[] {
  return [...new Set(ids)].sort((a, b) => logits[b]! - logits[a]! || a - b) as TokenId[];
}

/**
 * The `count` highest keys (ties: lower id first), read off the freshly filled set: its buckets
 * are in key order, so only the first buckets holding `count` ids need sorting.
 */
function topByKey(set: CandidateSet, count: number): number[] {
  let end = 0;
  for (let bucket = 0; bucket <= set.lastBucket && end < count; bucket++) end = bucketEnd(set, bucket);
  const ids = Array.from(set.ids.subarray(0, end));
  return ids.sort((a, b) => set.key[b]! - set.key[a]! || a - b).slice(0, count);
}

/** The kept tokens before `id` in draw order (key descending, ties: lower id first), and its slice. */
function positionOf(set: CandidateSet, id: number): DrawPosition {
  const { ids, key, weight } = set;
  const total = totalWeight(set);
  let rank = 0;
  let before = 0;
  for (let i = 0; i < set.size; i++) {
    const other = ids[i]!;
    if (key[other]! > key[id]! || (key[other] === key[id] && other < id)) {
      rank++;
      before += weight[other]!;
    }
  }
  return { rank, start: before / total, end: (before + weight[id]!) / total };
}
