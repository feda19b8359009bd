/**
 * The one owner of KV-cache prefix reuse, per loaded model. Two kinds of reuse exist, and both
 * are decided here:
 *
 * - The live window (step-by-step mode): after a step the model's live cache holds exactly that
 *   step's window; the next step extends it when its window starts with the same ids, and
 *   rebuilds it (prompt in one prefill, then one token per pass, as the playground's loop does)
 *   otherwise. It is valid only while the live cache still has exactly those positions: every
 *   other user of the model (the playground's loop, autocomplete) releases the live cache when it
 *   ends, so a length that no longer matches means someone else ran in between.
 * - The kept prefix (autocomplete): after every prefill a CPU copy of the prompt's keys and values
 *   is kept apart from the live cache ({@link TransformersLm.keepPrefix}); a later prompt that
 *   starts with the same ids prefills only its new tokens ({@link TransformersLm.prefillReusing}).
 *   No other user touches the copy, so it cannot go stale between two suggestions.
 *
 * TransformersLm holds the tensors and does the cropping; only this file calls `keepPrefix`,
 * `keptIds` and `prefillReusing`. Everything goes with the model: a new load makes a new
 * TransformersLm, hence a new PrefixCache.
 */
import { planPrefill, type PrefillPlan } from '../engine/autocomplete/shared-prefix.ts';
import type { BatchedLm } from '../engine/batched-lm.ts';
import type { TokenId } from '../engine/types.ts';
import { WorkerError } from './errors.ts';
import type { TransformersLm } from './transformers-lm.ts';

/** What the prefill of one suggestion did, filled in when the decoding loop calls it. */
export interface PrefillRecord {
  plan: PrefillPlan | null;
  ms: number;
}

export class PrefixCache {
  /** The live cache's window after the last step, and the logits it gave; null when not a step's. */
  private window: { readonly ids: readonly TokenId[]; readonly logits: Float32Array } | null = null;
  /** The latest prefill of a whole text (nothing reused), so a reused prefill has something to be compared with. */
  private lastFullPrefill: { readonly tokens: number; readonly ms: number } | null = null;

  constructor(private readonly lm: TransformersLm) {}

  /**
   * The next-token logits of `window` (step-by-step), extending the live cache of the previous
   * step when it can, and how many positions were run through the model for them.
   */
  async windowLogits(window: readonly TokenId[], prefillLength: number): Promise<{ logits: Float32Array; fed: number }> {
    const { lm } = this;
    const last = this.window;
    this.window = null;
    try {
      let done: readonly TokenId[];
      let logits: Float32Array | undefined;
      let fed = 0;
      if (last && lm.length === last.ids.length && startsWith(window, last.ids)) {
        done = last.ids;
        logits = last.logits;
      } else {
        done = window.slice(0, prefillLength);
        [logits] = await lm.prefill(done, 1);
        fed = done.length;
      }
      for (const id of window.slice(done.length)) {
        [logits] = await lm.step([id]);
        fed++;
      }
      if (!logits) throw new WorkerError('internal', { reason: 'no_logits' });
      this.window = { ids: [...window], logits };
      return { logits, fed };
    } catch (error) {
      await lm.release().catch(() => undefined);
      throw error;
    }
  }

  /** The latest full prefill of a suggestion on this model; null before the first. */
  get fullPrefill(): { readonly tokens: number; readonly ms: number } | null {
    return this.lastFullPrefill;
  }

  /**
   * The decoding loop's model for one suggestion: `prefill` reuses the kept prefix where the plan
   * allows, then keeps the new prompt's keys and values for the next request; steps and release
   * go straight to the model.
   */
  reusingLm(now: () => number, record: PrefillRecord): BatchedLm {
    const { lm } = this;
    return {
      vocabSize: lm.vocabSize,
      contextLength: lm.contextLength,
      eosTokenId: lm.eosTokenId,
      prefill: async (prompt: readonly TokenId[], rows: number) => {
        const start = now();
        // Ids, not text: BPE may have merged the typed character into the last cached token.
        const plan = planPrefill(lm.keptIds, prompt);
        const logits = plan.reusedTokens > 0 ? await lm.prefillReusing(prompt, rows, plan.reusedTokens) : await lm.prefill(prompt, rows);
        await lm.keepPrefix(prompt);
        record.plan = plan;
        record.ms = now() - start;
        if (plan.reusedTokens === 0) this.lastFullPrefill = { tokens: prompt.length, ms: record.ms };
        return logits;
      },
      step: (tokens) => lm.step(tokens),
      release: () => lm.release(),
    };
  }
}

const caches = new WeakMap<TransformersLm, PrefixCache>();

/** The model's prefix cache (made on first use). */
export function prefixCacheOf(lm: TransformersLm): PrefixCache {
  let cache = caches.get(lm);
  if (!cache) {
    cache = new PrefixCache(lm);
    caches.set(lm, cache);
  }
  return cache;
}

function startsWith(ids: readonly TokenId[], prefix: readonly TokenId[]): boolean {
  return prefix.length <= ids.length && prefix.every((id, i) => ids[i] === id);
}
