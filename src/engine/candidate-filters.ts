/**
 * The tokens still in the running during one step, and the filters (HF "warpers") that narrow
 * them: top-k, top-p and min-p, applied in that order after temperature, as transformers does.
 *
 * Weights are unnormalised probabilities, exp((logit − max) / temperature): each filter compares
 * ratios or fractions of a total, so nothing is normalised until the end. Typed-array reads use
 * `!` because every index is an id the set itself holds (see ordered-prefix.ts).
 */
import { selectOrderedPrefix } from './ordered-prefix.ts';
import type { RemovalStage } from './types.ts';

/** Stage codes stored per token in {@link CandidateSet.removedBy}; 0 means "still in". */
export const REMOVAL_CODE = {
  no_repeat_ngram: 1,
  top_k: 2,
  top_p: 3,
  min_p: 4,
  greedy: 5,
} as const satisfies Record<RemovalStage, number>;

const STAGE_BY_CODE: readonly (RemovalStage | null)[] = [null, 'no_repeat_ngram', 'top_k', 'top_p', 'min_p', 'greedy'];

/** The {@link RemovalStage} a code in {@link CandidateSet.removedBy} stands for. */
export function removalStage(code: number): RemovalStage | null {
  return STAGE_BY_CODE[code] ?? null;
}

/** Per-step working set, sized to the vocabulary. */
export interface CandidateSet {
  /** Penalised logit per token id (`-Infinity` when out): it fixes the order every filter uses. */
  readonly key: Float64Array;
  /** Unnormalised probability per token id; meaningful only for ids in `ids[0 .. size)`. */
  readonly weight: Float64Array;
  /** The ids still in, in no useful order. */
  readonly ids: Uint32Array;
  /** How many of `ids` are still in. */
  size: number;
  /** Per token id, the {@link REMOVAL_CODE} of the stage that removed it, or 0. */
  readonly removedBy: Uint8Array;
}

/** An empty working set for a vocabulary of `vocabSize` tokens. */
export function createCandidateSet(vocabSize: number): CandidateSet {
  return {
    key: new Float64Array(vocabSize),
    weight: new Float64Array(vocabSize),
    ids: new Uint32Array(vocabSize),
    size: 0,
    removedBy: new Uint8Array(vocabSize),
  };
}

/**
 * Puts every token with a finite key into the set, weighted at `temperature` (> 0).
 * Temperature changes weights but never the order, so it needs no stage of its own.
 *
 * @returns how many tokens are in; 0 when every key is `-Infinity`.
 */
export function admitCandidates(set: CandidateSet, temperature: number): number {
  const { key, weight, ids } = set;
  let max = -Infinity;
  for (let id = 0; id < key.length; id++) if (key[id]! > max) max = key[id]!;
  let size = 0;
  if (max === -Infinity) {
    set.size = 0;
    return 0;
  }
  const inverseTemperature = 1 / temperature;
  for (let id = 0; id < key.length; id++) {
    const k = key[id]!;
    if (k === -Infinity) continue;
    // The maximum gets exp(0) = 1 exactly, which min-p relies on.
    weight[id] = Math.exp((k - max) * inverseTemperature);
    ids[size++] = id;
  }
  set.size = size;
  return size;
}

/**
 * Keeps the `k` most probable tokens (ties: lower id first), so exactly `k` survive. HF keeps
 * every token tied with the k-th; we break the tie so that top-k 1 is exactly greedy.
 * Off when `k` is 0 or at least the number of candidates.
 */
export function keepTopK(set: CandidateSet, k: number): void {
  if (k <= 0 || k >= set.size) return;
  selectOrderedPrefix(set.ids, set.size, set.key, null, k, 'atLeast');
  removeFrom(set, k, REMOVAL_CODE.top_k);
}

/**
 * Keeps the smallest set of most probable tokens whose probability reaches `p`: a token stays
 * while the tokens before it hold less than `p` (HF removes a token when the mass from the bottom
 * up to it is ≤ 1 − p, the same rule). The most probable token always stays; ties at the boundary
 * keep the lower id. Off when `p` ≥ 1.
 */
export function keepTopP(set: CandidateSet, p: number): void {
  if (p >= 1 || set.size <= 1) return;
  const total = totalWeight(set);
  const prefix = selectOrderedPrefix(set.ids, set.size, set.key, set.weight, p * total, 'atLeast');
  removeFrom(set, prefix.length, REMOVAL_CODE.top_p);
}

/**
 * Drops tokens less probable than `minP` × the top probability. The top token has weight 1 (see
 * {@link admitCandidates}) and survives top-k and top-p, so the threshold is `minP` itself, and
 * the top token always stays because `minP` < 1. Off when `minP` is 0.
 */
export function keepMinP(set: CandidateSet, minP: number): void {
  if (minP <= 0) return;
  const { ids, weight, removedBy } = set;
  let kept = 0;
  for (let i = 0; i < set.size; i++) {
    const id = ids[i]!;
    if (weight[id]! < minP) {
      removedBy[id] = REMOVAL_CODE.min_p;
    } else {
      ids[kept++] = id;
    }
  }
  set.size = kept;
}

/** Sum of the weights still in. */
export function totalWeight(set: CandidateSet): number {
  let total = 0;
  for (let i = 0; i < set.size; i++) total += set.weight[set.ids[i]!]!;
  return total;
}

/** Marks `ids[from .. size)` as removed by `code` and shrinks the set to `from`. */
function removeFrom(set: CandidateSet, from: number, code: number): void {
  for (let i = from; i < set.size; i++) set.removedBy[set.ids[i]!] = code;
  set.size = from;
}
