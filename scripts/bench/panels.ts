/**
 * The panel mixes the batching benchmark runs: panel 1 is always greedy, so the 1-panel run is the
 * same work as the comparison with generate(); further panels sample with different settings and
 * seeds, as a person comparing settings side by side would.
 */
import type { PanelSpec } from '../../src/engine/decode-loop.ts';
import { NEUTRAL_SAMPLING_SETTINGS, type SamplingSettings } from '../../src/engine/types.ts';

export const PANEL_COUNTS = [1, 2, 4] as const;

const MIXED_SETTINGS: readonly SamplingSettings[] = [
  { ...NEUTRAL_SAMPLING_SETTINGS, greedy: true },
  { ...NEUTRAL_SAMPLING_SETTINGS, temperature: 0.8, topK: 50 },
  { ...NEUTRAL_SAMPLING_SETTINGS, temperature: 1.0, topP: 0.9 },
  { ...NEUTRAL_SAMPLING_SETTINGS, temperature: 0.7, minP: 0.05 },
];

/** The first `count` panels of the mix, each with its own seed, all asking for `tokens` new tokens. */
export function mixedPanels(count: number, tokens: number): PanelSpec[] {
  if (count < 1 || count > MIXED_SETTINGS.length) throw new RangeError(`1 to ${MIXED_SETTINGS.length} panels; got ${count}.`);
  return MIXED_SETTINGS.slice(0, count).map((settings, i) => ({ settings, seed: 1000 + i, maxNewTokens: tokens }));
}

/** `greedy`, `T 0.8 top-k 50`, `T 1 top-p 0.9`, `T 0.7 min-p 0.05`: the stages a panel turns on. */
export function describeSettings(settings: SamplingSettings): string {
  if (settings.greedy || settings.temperature === 0) return 'greedy';
  const parts = [`T ${settings.temperature.toFixed(1)}`];
  if (settings.topK > 0) parts.push(`top-k ${settings.topK}`);
  if (settings.topP < 1) parts.push(`top-p ${settings.topP}`);
  if (settings.minP > 0) parts.push(`min-p ${settings.minP}`);
  if (settings.repetitionPenalty !== 1) parts.push(`rep ${settings.repetitionPenalty}`);
  if (settings.noRepeatNgramSize > 0) parts.push(`no-repeat ${settings.noRepeatNgramSize}`);
  return parts.join(' ');
}
