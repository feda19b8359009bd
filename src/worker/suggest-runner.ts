/**
 * The autocomplete mode's request: a few tokens of continuation per seed, all seeds as the rows of
 * one batch. The keys and values of the text's tokens are kept after every prefill, so the next
 * request, for a text that starts with the same token ids, runs only its new tokens through the
 * model (the common case: the person typed a few more characters).
 */
import { planPrefill, type PrefillPlan } from '../engine/autocomplete/shared-prefix.ts';
import type { BatchedLm } from '../engine/batched-lm.ts';
import { decodeBatch, type PanelSpec } from '../engine/decode-loop.ts';
import type { TokenId } from '../engine/types.ts';
import { WorkerError } from './errors.ts';
import type { ModeContext } from './handler.ts';
import { textCodec } from './text-codec.ts';
import type { SuggestRequest, SuggestResult } from './protocol.ts';
import type { TransformersLm } from './transformers-lm.ts';

/** The latest prefill of a whole text per model, so a reused prefill has something to be compared with. */
const fullPrefills = new WeakMap<TransformersLm, { tokens: number; ms: number }>();

/** What the prefill of one request did, filled in when the decoding loop calls it. */
interface PrefillRecord {
  plan: PrefillPlan | null;
  ms: number;
}

/**
 * The loop's model: `prefill` reuses the kept prefix where the plan allows, then keeps the new
 * prompt's keys and values for the next request; steps and release go straight to the model.
 */
function reusingLm(lm: TransformersLm, now: () => number, record: PrefillRecord): BatchedLm {
  return {
    vocabSize: lm.vocabSize,
    contextLength: lm.contextLength,
    eosTokenId: lm.eosTokenId,
    async prefill(prompt: readonly TokenId[], rows: number) {
      const start = now();
      // Ids, not text: BPE may have merged the typed character into the last cached token.
      const plan = planPrefill(lm.keptIds, prompt);
      const logits = plan.reusedTokens > 0 ? await lm.prefillReusing(prompt, rows, plan.reusedTokens) : await lm.prefill(prompt, rows);
      await lm.keepPrefix(prompt);
      record.plan = plan;
      record.ms = now() - start;
      if (plan.reusedTokens === 0) fullPrefills.set(lm, { tokens: prompt.length, ms: record.ms });
      return logits;
    },
    step: (tokens) => lm.step(tokens),
    release: () => lm.release(),
  };
}

/**
 * Runs one {@link SuggestRequest} and posts its `done` with a {@link SuggestResult}. It registers
 * itself with `ctx.track`, so the next exclusive request (the next suggestion, typically) or a
 * stop ends it before its next step; it then ends with `cancelled: true` and whatever it had.
 */
export async function runSuggest(ctx: ModeContext, request: SuggestRequest): Promise<void> {
  const session = ctx.session();
  if (!session) {
    ctx.fail(request.requestId, new WorkerError('no_model_loaded', 'No model is loaded. Load a model in the model bar first, then type.'));
    return;
  }
  const context = { modelId: session.info.modelId, dtype: session.info.dtype, device: session.info.device };
  const { now } = ctx.deps;
  const started = now();
  let cancelled = false;
  const untrack = ctx.track({ requestId: request.requestId, stop: () => (cancelled = true) });
  try {
    const { tokenizer, lm } = session;
    const decoder = textCodec(tokenizer);
    const ids = decoder.encode(request.text);
    const rows = request.seeds.map((seed): PanelSpec => ({ settings: request.settings, seed, maxNewTokens: request.maxNewTokens }));
    const record: PrefillRecord = { plan: null, ms: 0 };
    const report = await decodeBatch(reusingLm(lm, now, record), decoder, ids, rows, {
      stopReason: () => (cancelled ? 'cancelled' : null),
      yieldToHost: () => ctx.deps.yieldToHost(),
      onToken: () => undefined,
      now,
    });
    const result: SuggestResult = {
      alternatives: report.panels.map((p) => p.text),
      promptTokens: report.promptTokens,
      reusedTokens: record.plan?.reusedTokens ?? 0,
      prefillKind: record.plan?.kind ?? 'fresh',
      prefillMs: record.ms,
      fullPrefill: fullPrefills.get(lm) ?? null,
      totalMs: now() - started,
      cancelled: report.panels.some((p) => p.finishReason === 'cancelled'),
    };
    ctx.post({ type: 'done', requestId: request.requestId, request: 'suggest', result });
  } catch (error) {
    ctx.fail(request.requestId, error, context);
  } finally {
    untrack();
  }
}
