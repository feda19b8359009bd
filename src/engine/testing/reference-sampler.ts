/**
 * A test oracle: Hugging Face's sampling semantics written the slow, literal way (penalise, ban,
 * sort the whole vocabulary, cut, walk), with the distribution after every stage. The fast path
 * (`sampleNextToken`) and the step mode's stage walk are both checked against it.
 */
import type { RemovalStage, SamplingSettings } from '../types.ts';

/** Per token id, after each stage; `null` stages when the step is greedy (it skips them). */
export interface ReferenceStages {
  /** Softmax of the logits as given. */
  readonly raw: Float64Array;
  /** After the repetition penalty and the n-gram ban, at temperature 1. */
  readonly penalties: Float64Array;
  readonly temperature: Float64Array | null;
  readonly top_k: Float64Array | null;
  readonly top_p: Float64Array | null;
  readonly min_p: Float64Array | null;
}

export interface ReferenceStep {
  readonly chosen: number;
  /** The final distribution, per token id. */
  readonly final: Float64Array;
  readonly removedBy: readonly (RemovalStage | null)[];
  readonly keptCount: number;
  readonly stages: ReferenceStages;
}

/** One step the literal way: one full sort, cumulative sums in that order; `uniform` picks the token. */
export function referenceStep(logits: Float32Array, sequence: readonly number[], s: SamplingSettings, uniform: number): ReferenceStep | 'no_candidates' {
  const n = logits.length;
  const raw = softmax(logits);
  const key = Float64Array.from(logits);
  const removedBy: (RemovalStage | null)[] = new Array<RemovalStage | null>(n).fill(null);
  if (s.repetitionPenalty !== 1) {
    for (const id of new Set(sequence)) key[id] = key[id]! < 0 ? key[id]! * s.repetitionPenalty : key[id]! / s.repetitionPenalty;
  }
  // HF's _get_ngrams: map every (n−1)-gram prefix to the tokens that followed it.
  const size = s.noRepeatNgramSize;
  if (size > 0 && sequence.length + 1 >= size) {
    const followers = new Map<string, number[]>();
    for (let i = 0; i + size <= sequence.length; i++) {
      const prefix = sequence.slice(i, i + size - 1).join(',');
      followers.set(prefix, [...(followers.get(prefix) ?? []), sequence[i + size - 1]!]);
    }
    for (const id of followers.get(sequence.slice(sequence.length - (size - 1)).join(',')) ?? []) {
      key[id] = -Infinity;
      removedBy[id] = 'no_repeat_ngram';
    }
  }
  let order = [...key.keys()].filter((id) => key[id]! > -Infinity).sort((a, b) => key[b]! - key[a]! || a - b);
  if (order.length === 0) return 'no_candidates';
  const max = key[order[0]!]!;
  const distribution = (weight: (id: number) => number): Float64Array => {
    const result = new Float64Array(n);
    const total = order.reduce((sum, id) => sum + weight(id), 0);
    for (const id of order) result[id] = weight(id) / total;
    return result;
  };
  const penalties = distribution((id) => Math.exp(key[id]! - max));
  if (s.greedy || s.temperature === 0) {
    const final = new Float64Array(n);
    final[order[0]!] = 1;
    for (const id of order.slice(1)) removedBy[id] = 'greedy';
    const stages = { raw, penalties, temperature: null, top_k: null, top_p: null, min_p: null };
    return { chosen: order[0]!, final, removedBy, keptCount: 1, stages };
  }
  const weight = (id: number): number => Math.exp((key[id]! - max) / s.temperature);
  const cut = (keep: number, stage: RemovalStage): void => {
    for (const id of order.slice(keep)) removedBy[id] = stage;
    order = order.slice(0, keep);
  };
  const temperature = distribution(weight);
  if (s.topK > 0 && s.topK < order.length) cut(s.topK, 'top_k');
  const topK = distribution(weight);
  if (s.topP < 1) {
    const total = order.reduce((sum, id) => sum + weight(id), 0);
    let before = 0;
    let keep = order.length;
    for (let r = 0; r < order.length; r++) {
      if (before >= s.topP * total) {
        keep = r;
        break;
      }
      before += weight(order[r]!);
    }
    cut(keep, 'top_p');
  }
  const topP = distribution(weight);
  if (s.minP > 0) {
    const threshold = s.minP * weight(order[0]!);
    cut(order.filter((id) => weight(id) >= threshold).length, 'min_p');
  }
  const final = distribution(weight);
  const total = order.reduce((sum, id) => sum + weight(id), 0);
  let running = 0;
  let chosen = order.at(-1)!;
  for (const id of order) {
    running += weight(id);
    if (running > uniform * total) {
      chosen = id;
      break;
    }
  }
  const stages = { raw, penalties, temperature, top_k: topK, top_p: topP, min_p: final };
  return { chosen, final, removedBy, keptCount: order.length, stages };
}

function softmax(logits: Float32Array): Float64Array {
  const max = logits.reduce((m, logit) => Math.max(m, logit), -Infinity);
  const exps = Float64Array.from(logits, (logit) => Math.exp(logit - max));
  const total = exps.reduce((sum, e) => sum + e, 0);
  return exps.map((e) => e / total);
}
