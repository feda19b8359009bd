import { describe, expect, it } from 'vitest';
import { validateSamplingSettings } from './sampling.ts';
import {
  acceptsValue,
  clampSetting,
  clampSettingValues,
  clampToRange,
  firstInvalidSetting,
  isSeed,
  NUMERIC_SETTING_NAMES,
  SAMPLING_SETTINGS,
  samplingSettingsAt,
  type SettingSpec,
} from './settings-schema.ts';
import { NEUTRAL_SAMPLING_SETTINGS } from './types.ts';

describe('the settings table', () => {
  // Why: the table drives both the controls and the sampler; a control that could send a value
  // the sampler refuses would turn a slider drag into an error.
  it('keeps every control value, its off value and its default acceptable to the sampler (top-p 0 via its floor)', () => {
    for (const name of NUMERIC_SETTING_NAMES) {
      const spec: SettingSpec = SAMPLING_SETTINGS[name];
      const { min, max, step } = spec.control;
      for (let value = min; value <= max + step / 2; value += step) {
        expect(acceptsValue(spec.accepts, clampSetting(name, value)), `${name} ${value}`).toBe(true);
      }
      expect(acceptsValue(spec.accepts, spec.off), `${name} off`).toBe(true);
      expect(acceptsValue(spec.accepts, spec.default), `${name} default`).toBe(true);
      expect(clampToRange(spec.default, spec.control), `${name} default on the grid`).toBe(spec.default);
    }
  });

  it('gives the neutral settings (every stage off) and the playground defaults', () => {
    expect(samplingSettingsAt('off')).toEqual({ temperature: 1, greedy: false, topK: 0, topP: 1, minP: 0, repetitionPenalty: 1, noRepeatNgramSize: 0 });
    expect(NEUTRAL_SAMPLING_SETTINGS).toEqual(samplingSettingsAt('off'));
    expect(samplingSettingsAt('default')).toEqual({ temperature: 0.7, greedy: false, topK: 50, topP: 0.95, minP: 0, repetitionPenalty: 1, noRepeatNgramSize: 0 });
  });
});

describe('validation from the table', () => {
  it('accepts values the controls never reach but the sampler takes', () => {
    expect(firstInvalidSetting({ ...NEUTRAL_SAMPLING_SETTINGS, temperature: 7, topK: 50_000, minP: 0.99, repetitionPenalty: 0.5 })).toBeNull();
  });

  it('names the first setting out of range, in the table order, with the value', () => {
    expect(firstInvalidSetting({ ...NEUTRAL_SAMPLING_SETTINGS, topP: 0, minP: 1 })).toEqual({ name: 'topP', rule: 'Top-p must be in (0, 1] (1 turns it off)', value: 0 });
    expect(() => validateSamplingSettings({ ...NEUTRAL_SAMPLING_SETTINGS, noRepeatNgramSize: 2.5 })).toThrow(
      'No-repeat n-gram size must be a whole number ≥ 0 (0 turns it off); got 2.5.',
    );
  });

  it('refuses NaN and infinities everywhere', () => {
    for (const name of NUMERIC_SETTING_NAMES) {
      for (const value of [Number.NaN, Infinity, -Infinity]) {
        expect(firstInvalidSetting({ ...NEUTRAL_SAMPLING_SETTINGS, [name]: value })?.name, `${name} ${value}`).toBe(name);
      }
    }
  });
});

describe('clamping from the table', () => {
  it('clamps into the control and onto its step grid', () => {
    expect(clampSetting('temperature', 9)).toBe(2);
    expect(clampSetting('topK', 500.4)).toBe(200);
    expect(clampSetting('minP', 0.9)).toBe(0.5);
    expect(clampSetting('repetitionPenalty', 0.5)).toBe(1);
    expect(clampSetting('noRepeatNgramSize', 2.6)).toBe(3);
    expect(clampSetting('temperature', 0.30000000000000004)).toBe(0.3);
  });

  it('sends top-p 0 as 1e-6: the sampler refuses 0, and any positive p keeps only the top token', () => {
    expect(clampSetting('topP', 0)).toBe(1e-6);
    expect(clampSetting('topP', -3)).toBe(1e-6);
  });

  it('clamps only the keys given, and leaves the rest alone', () => {
    expect(clampSettingValues({ temperature: 5, topK: -1, topP: 0 })).toEqual({ temperature: 2, topK: 0, topP: 1e-6 });
    expect(clampSettingValues({ ...NEUTRAL_SAMPLING_SETTINGS, greedy: true, minP: 3 })).toEqual({ ...NEUTRAL_SAMPLING_SETTINGS, greedy: true, minP: 0.5 });
  });
});

describe('seeds', () => {
  it('are whole numbers from 0 to 2^32 − 1', () => {
    expect([0, 42, 4_294_967_295].map(isSeed)).toEqual([true, true, true]);
    expect([-1, 1.5, 4_294_967_296, Number.NaN].map(isSeed)).toEqual([false, false, false, false]);
  });
});
