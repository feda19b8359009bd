/**
 * The controls' clamping, read off the engine's settings table (src/engine/settings-schema.ts):
 * values outside a control's range are clamped before they are shown or sent. Run lengths are
 * the page's own (the model's context is their real limit).
 */
import { clampSettingValues, clampToRange, SEED_RANGE, type Range } from '../engine/settings-schema.ts';
import type { SamplingSettings } from '../engine/types.ts';

/** Max new tokens of a playground panel; the loaded model's context lowers the maximum. */
export const MAX_NEW_TOKENS_RANGE = { min: 1, max: 1024, step: 1 } as const satisfies Range;

/** "Run to end" goes at most this far: the model's context is the real limit, this keeps a run short. */
export const STEP_MAX_TOKENS_RANGE = { min: 1, max: 256, step: 1 } as const satisfies Range;

/** `range` with its maximum lowered to the loaded model's context length (unchanged before a load). */
export function rangeWithin(range: Range, contextLength: number | null | undefined): Range {
  return contextLength == null || contextLength >= range.max ? range : { ...range, max: contextLength };
}

/** Settings safe to send: every value in its control's range and accepted by the sampler (top-p 0 is sent as 1e-6). */
export function clampSettings(settings: SamplingSettings): SamplingSettings {
  return clampSettingValues(settings);
}

/** A seed the PRNG takes. */
export function clampSeed(seed: number): number {
  return clampToRange(seed, SEED_RANGE);
}

/** "Run to end" length in its control's range. */
export function clampStepMaxTokens(value: number): number {
  return clampToRange(value, STEP_MAX_TOKENS_RANGE);
}

/** Max new tokens in the control's range and within the loaded model's context. */
export function clampMaxNewTokens(value: number, contextLength: number | null | undefined): number {
  return clampToRange(value, rangeWithin(MAX_NEW_TOKENS_RANGE, contextLength));
}
