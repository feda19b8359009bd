/**
 * Initial values, produced by functions so `reset()` and tests can reuse them.
 */
import type { SamplingSettings } from '../engine/types.ts';

/** The playground's default sampling: moderate temperature, the usual top-k and top-p. */
export function defaultSettings(): SamplingSettings {
  return { temperature: 0.7, greedy: false, topK: 50, topP: 0.95, minP: 0, repetitionPenalty: 1, noRepeatNgramSize: 0 };
}

export const DEFAULT_MAX_NEW_TOKENS = 50;
export const DEFAULT_SEED = 42;
export const DEFAULT_PROMPT = 'Hello, I am';
/** Generated models are tiny and always there; Hub models need internet once. */
export const DEFAULT_MODEL_ID = 'local/gpt2-tiny';

/** A fresh 32-bit seed. */
export function randomSeed(): number {
  return Math.floor(Math.random() * 0x1_0000_0000);
}
