/**
 * The range of every control. Values outside are clamped before they are shown or sent.
 */
import type { SamplingSettings } from '../engine/types.ts';

export interface Range {
  readonly min: number;
  readonly max: number;
  readonly step: number;
}

export const RANGES = {
  temperature: { min: 0, max: 2, step: 0.01 },
  topK: { min: 0, max: 200, step: 1 },
  topP: { min: 0, max: 1, step: 0.01 },
  repetitionPenalty: { min: 1, max: 2, step: 0.01 },
  noRepeatNgramSize: { min: 0, max: 5, step: 1 },
  maxNewTokens: { min: 1, max: 1024, step: 1 },
  seed: { min: 0, max: 0xffff_ffff, step: 1 },
} as const satisfies Record<string, Range>;

/** Min-p has no control on the playground; the step mode's slider covers what is useful to see. */
export const MIN_P_RANGE: Range = { min: 0, max: 0.5, step: 0.01 };

/** "Run to end" goes at most this far: the model's context is the real limit, this keeps a run short. */
export const STEP_MAX_TOKENS_RANGE: Range = { min: 1, max: 256, step: 1 };

/** Clamps into the range and onto its step grid; NaN becomes the minimum. */
export function clampToRange(value: number, range: Range): number {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? range.min : value > 0 ? range.max : range.min;
  const clamped = Math.min(range.max, Math.max(range.min, value));
  const stepped = Math.round((clamped - range.min) / range.step) * range.step + range.min;
  // Rounding to the step's decimals avoids 0.30000000000000004.
  const decimals = Math.max(0, -Math.floor(Math.log10(range.step)));
  return Number(Math.min(range.max, stepped).toFixed(decimals));
}

/**
 * Smallest top-p the sampler takes: top-p 0 on the slider means "only the most probable token",
 * which any positive p gives.
 */
const TOP_P_FLOOR = 1e-6;

/** Settings safe to send: every value in range (the sampler rejects top-p 0). */
export function clampSettings(settings: SamplingSettings): SamplingSettings {
  return {
    ...settings,
    temperature: clampToRange(settings.temperature, RANGES.temperature),
    topK: clampToRange(settings.topK, RANGES.topK),
    topP: Math.max(TOP_P_FLOOR, clampToRange(settings.topP, RANGES.topP)),
    repetitionPenalty: clampToRange(settings.repetitionPenalty, RANGES.repetitionPenalty),
    noRepeatNgramSize: clampToRange(settings.noRepeatNgramSize, RANGES.noRepeatNgramSize),
  };
}
