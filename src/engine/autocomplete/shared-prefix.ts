/**
 * Whether the model must read a text again from the start. GPT-2 attends only backwards, so the
 * keys and values it computed for a prefix stay valid when more text is typed after it: only the
 * new tokens need a prefill. Compare token ids, never text: BPE can merge a typed character into
 * the last token (" walk" + "s" may become " walks"), and then that token's position is stale.
 */

/** The number of leading positions where `a` and `b` hold the same token id. */
export function sharedPrefixLength(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const limit = Math.min(a.length, b.length);
  let i = 0;
  while (i < limit && a[i] === b[i]) i++;
  return i;
}

/**
 * How to use the cache: `'extend'` keeps every cached position; `'crop'` keeps only the first
 * `reusedTokens` (the text was edited, or is identical); `'fresh'` keeps nothing.
 */
export type PrefillKind = 'fresh' | 'extend' | 'crop';

/** How much of a KV cache built for `cachedIds` a request for `newIds` can reuse. */
export interface PrefillPlan {
  readonly kind: PrefillKind;
  /** Length of the common prefix of the cached and the new ids. */
  readonly sharedTokens: number;
  /** Whether the new ids start with every cached id: the text only grew (or stayed the same). */
  readonly extendsCache: boolean;
  /** Cached positions to keep: the KV entries of `newIds[0 .. reusedTokens)`. */
  readonly reusedTokens: number;
  /** Tokens to run through the model: `newIds.slice(reusedTokens)`. */
  readonly prefillTokens: number;
}

/**
 * Plans the prefill of `newIds` given a KV cache of `cachedIds`.
 *
 * At least one token is always prefilled (when `newIds` is not empty), even when the text did not
 * change: the next-token logits come out of running the model on the last token, and a KV cache
 * holds keys and values, not logits. So an identical text is a `'crop'` of one position.
 */
export function planPrefill(cachedIds: ArrayLike<number>, newIds: ArrayLike<number>): PrefillPlan {
  const sharedTokens = sharedPrefixLength(cachedIds, newIds);
  const reusedTokens = Math.max(0, Math.min(sharedTokens, newIds.length - 1));
  const kind: PrefillKind = reusedTokens === 0 ? 'fresh' : reusedTokens === cachedIds.length ? 'extend' : 'crop';
  return {
    kind,
    sharedTokens,
    extendsCache: sharedTokens === cachedIds.length,
    reusedTokens,
    prefillTokens: newIds.length - reusedTokens,
  };
}
