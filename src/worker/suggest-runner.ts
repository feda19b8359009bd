/**
 * The autocomplete mode's request: a few tokens of continuation per seed, all seeds as the rows of
 * one batch. The keys and values of the text's tokens are kept after every prefill (prefix-cache.ts),
 * so the next request, for a text that starts with the same token ids, runs only its new tokens
 * through the model (the common case: the person typed a few more characters).
 *
 * A text longer than the context is cropped by the decoding loop to its last
 * `contextLength − maxNewTokens` tokens, so the suggestion keeps its full length; the result says
 * how many leading tokens were left out. The kept prefix is compared with the cropped ids, which
 * start at position 0 whatever was cut before them, so reuse stays exact: when the text grows and
 * the crop moves, only the ids the two windows share at the same positions are reused (often none,
 * and the prefill is a full one).
 */
import { decodeBatch, type PanelSpec } from '../engine/decode-loop.ts';
import type { Runner } from './mode-context.ts';
import { prefixCacheOf, type PrefillRecord } from './prefix-cache.ts';
import { textCodec } from './text-codec.ts';
import type { SuggestResult } from './protocol.ts';

/**
 * Runs one suggestion. It registers itself with `ctx.track`, so the next exclusive request (the
 * next suggestion, typically) or a stop ends it before its next step; it then resolves with
 * `cancelled: true` and whatever it had.
 */
export const runSuggest: Runner<'suggest'> = async (ctx, request) => {
  const { tokenizer, lm } = ctx.requireSession();
  const { now } = ctx.deps;
  const started = now();
  let cancelled = false;
  const untrack = ctx.track({ requestId: request.requestId, stop: () => (cancelled = true) });
  try {
    const prefixes = prefixCacheOf(lm);
    const decoder = textCodec(tokenizer);
    const ids = decoder.encode(request.text);
    const rows = request.seeds.map((seed): PanelSpec => ({ settings: request.settings, seed, maxNewTokens: request.maxNewTokens }));
    const record: PrefillRecord = { plan: null, ms: 0 };
    const report = await decodeBatch(prefixes.reusingLm(now, record), decoder, ids, rows, {
      stopReason: () => (cancelled ? 'cancelled' : null),
      yieldToHost: () => ctx.deps.yieldToHost(),
      onToken: () => undefined,
      now,
    });
    const result: SuggestResult = {
      alternatives: report.panels.map((p) => p.text),
      promptTokens: report.promptTokens,
      droppedTokens: report.droppedPromptTokens,
      reusedTokens: record.plan?.reusedTokens ?? 0,
      prefillKind: record.plan?.kind ?? 'fresh',
      prefillMs: record.ms,
      fullPrefill: prefixes.fullPrefill,
      totalMs: now() - started,
      cancelled: report.panels.some((p) => p.finishReason === 'cancelled'),
    };
    return result;
  } finally {
    untrack();
  }
};
