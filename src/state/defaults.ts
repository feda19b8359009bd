/**
 * Initial values, produced by functions so `reset()` and tests can reuse them.
 */
import { samplingSettingsAt, SEED_RANGE } from '../engine/settings-schema.ts';
import type { SamplingSettings } from '../engine/types.ts';

/** The playground's default sampling (the settings table's defaults): moderate temperature, the usual top-k and top-p. */
export function defaultSettings(): SamplingSettings {
  return samplingSettingsAt('default');
}

export const DEFAULT_MAX_NEW_TOKENS = 50;
export const DEFAULT_SEED = 42;
export const DEFAULT_PROMPT = 'Hello, I am';
/** Generated models are tiny and always there; Hub models need internet once. */
export const DEFAULT_MODEL_ID = 'local/gpt2-tiny';

/** A fresh seed, anywhere in the seed range. */
export function randomSeed(): number {
  return SEED_RANGE.min + Math.floor(Math.random() * (SEED_RANGE.max - SEED_RANGE.min + 1));
}
