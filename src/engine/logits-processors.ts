/**
 * The two stages that look at the sequence so far rather than at the distribution: repetition
 * penalty and the no-repeat n-gram ban. Semantics follow Hugging Face transformers'
 * `RepetitionPenaltyLogitsProcessor` and `NoRepeatNGramLogitsProcessor`.
 */
import type { TokenId } from './types.ts';

/**
 * Penalises every token already in `sequence` (prompt and generated tokens), in place: a positive
 * logit is divided by `penalty`, a negative one multiplied, so the token always becomes less likely
 * for `penalty` > 1 whatever the logit's sign. Each distinct id is penalised once, however often
 * it occurs (HF gathers and scatters the same value for repeats).
 *
 * @param logits - one logit per token id; entries for ids in `sequence` are rewritten.
 * @returns the distinct penalised ids; empty when `penalty` is 1.
 */
export function applyRepetitionPenalty(
  logits: Float64Array,
  sequence: readonly TokenId[],
  penalty: number,
): ReadonlySet<TokenId> {
  if (penalty === 1) return new Set();
  const penalized = new Set(sequence);
  for (const id of penalized) {
    const logit = logits[id];
    if (logit === undefined) continue;
    logits[id] = penalizedLogit(logit, penalty);
  }
  return penalized;
}

/** One logit after the repetition penalty: divided when positive, multiplied when negative. */
export function penalizedLogit(logit: number, penalty: number): number {
  return logit < 0 ? logit * penalty : logit / penalty;
}

/**
 * The tokens that would complete an n-gram already present in `sequence`: with `n` = 3 and a
 * sequence ending in `a b`, every `t` such that `a b t` occurred earlier. With `n` = 1 every token
 * of the sequence is banned, as in HF.
 *
 * @param sequence - prompt and generated tokens, oldest first.
 * @param n - the n-gram size; 0 turns the ban off.
 * @returns the banned ids, ascending and each once.
 */
export function noRepeatNgramBans(sequence: readonly TokenId[], n: number): TokenId[] {
  // HF returns nothing until the next token could complete a whole n-gram.
  if (n <= 0 || sequence.length + 1 < n) return [];
  const prefixStart = sequence.length - (n - 1);
  const banned = new Set<TokenId>();
  // Each start i is a complete n-gram sequence[i .. i + n); its last token is banned when its
  // first n − 1 tokens equal the sequence's last n − 1. The scan is O(length × n) per step, small
  // next to the model's forward pass even for a thousand-token context.
  for (let i = 0; i + n <= sequence.length; i++) {
    let matches = true;
    for (let j = 0; j < n - 1; j++) {
      if (sequence[i + j] !== sequence[prefixStart + j]) {
        matches = false;
        break;
      }
    }
    const next = sequence[i + n - 1];
    if (matches && next !== undefined) banned.add(next);
  }
  return [...banned].sort((a, b) => a - b);
}
