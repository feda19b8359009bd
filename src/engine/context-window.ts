/**
 * The one context crop: what a model of `contextLength` positions sees of a longer sequence. The
 * playground's prompt (`fitPrompt`), the step mode's window (`contextWindow`) and the worker's step
 * request all crop with it, so they agree on which ids the model saw.
 */

/** A sequence cropped to the context. */
export interface CroppedIds<T> {
  readonly ids: T[];
  /** How many ids were left out at the start. */
  readonly cropStart: number;
}

/**
 * The last `contextLength − 1` ids once the sequence reaches the context length, so the new
 * token still has a position (as Hugging Face crops); the whole sequence before that. Keeps at
 * least one id.
 */
export function cropToContext<T>(ids: readonly T[], contextLength: number): CroppedIds<T> {
  return cropPromptForRun(ids, contextLength, 1);
}

/**
 * A prompt cut to leave room for `maxNewTokens` new tokens: its last `contextLength − maxNewTokens`
 * ids (at least one), so a run over a long prompt still writes what was asked instead of filling
 * the context after one token. With `maxNewTokens` 1 this is {@link cropToContext}.
 */
export function cropPromptForRun<T>(ids: readonly T[], contextLength: number, maxNewTokens: number): CroppedIds<T> {
  const keep = Math.max(1, contextLength - Math.max(1, maxNewTokens));
  const cropStart = Math.max(0, ids.length - keep);
  return { ids: ids.slice(cropStart), cropStart };
}
