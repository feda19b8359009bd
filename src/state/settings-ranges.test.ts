import { describe, expect, it } from 'vitest';
import { clampMaxNewTokens, clampSeed, clampSettings, clampStepMaxTokens, MAX_NEW_TOKENS_RANGE, rangeWithin } from './settings-ranges.ts';

describe('settings ranges', () => {
  it('clamps every sampling setting into its control, top-p 0 to 1e-6 and min-p included', () => {
    expect(clampSettings({ temperature: 9, greedy: true, topK: 500.4, topP: 0, minP: 0.9, repetitionPenalty: 0.5, noRepeatNgramSize: 99 })).toEqual({
      temperature: 2,
      greedy: true,
      topK: 200,
      topP: 1e-6,
      minP: 0.5,
      repetitionPenalty: 1,
      noRepeatNgramSize: 5,
    });
  });

  // Why: the slider's maximum and the value the action stores must agree for every model.
  it('lowers the max-new-tokens maximum to a shorter context only', () => {
    expect(rangeWithin(MAX_NEW_TOKENS_RANGE, null)).toBe(MAX_NEW_TOKENS_RANGE);
    expect(rangeWithin(MAX_NEW_TOKENS_RANGE, 2048)).toBe(MAX_NEW_TOKENS_RANGE);
    expect(rangeWithin(MAX_NEW_TOKENS_RANGE, 128)).toEqual({ min: 1, max: 128, step: 1 });
    expect(clampMaxNewTokens(5000, 2048)).toBe(1024);
    expect(clampMaxNewTokens(5000, 128)).toBe(128);
    expect(clampMaxNewTokens(0, null)).toBe(1);
  });

  it('clamps seeds to 32 bits and Run to end to 256 tokens', () => {
    expect([clampSeed(-5), clampSeed(1e12), clampSeed(7.4)]).toEqual([0, 4_294_967_295, 7]);
    expect([clampStepMaxTokens(0), clampStepMaxTokens(5000)]).toEqual([1, 256]);
  });
});
