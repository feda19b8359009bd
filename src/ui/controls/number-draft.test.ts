import { describe, expect, it } from 'vitest';
import { SAMPLING_SETTINGS, SEED_RANGE } from '../../engine/settings-schema.ts';
import { committedValue, formatForInput, liveValue, parseDraft } from './number-draft.ts';

describe('parseDraft', () => {
  it('reads numbers and rejects half-typed text', () => {
    expect(parseDraft(' 0.7 ')).toBe(0.7);
    expect(parseDraft('')).toBeNull();
    expect(parseDraft('-')).toBeNull();
    expect(parseDraft('abc')).toBeNull();
  });
});

describe('liveValue', () => {
  it('sends values inside the range, snapped to the step', () => {
    expect(liveValue('1.5', SAMPLING_SETTINGS.temperature.control)).toBe(1.5);
    expect(liveValue('0.555', SAMPLING_SETTINGS.topP.control)).toBe(0.56);
  });
  // Typing "3" on the way to nothing must not push temperature 3 to the worker.
  it('holds back values outside the range', () => {
    expect(liveValue('3', SAMPLING_SETTINGS.temperature.control)).toBeNull();
    expect(liveValue('-1', SAMPLING_SETTINGS.topK.control)).toBeNull();
    expect(liveValue('0', SAMPLING_SETTINGS.repetitionPenalty.control)).toBeNull();
  });
});

describe('committedValue', () => {
  it('clamps out-of-range values on blur', () => {
    expect(committedValue('5', SAMPLING_SETTINGS.temperature.control, 0.7)).toBe(2);
    expect(committedValue('-3', SAMPLING_SETTINGS.topK.control, 50)).toBe(0);
    expect(committedValue('999', SAMPLING_SETTINGS.noRepeatNgramSize.control, 0)).toBe(5);
    expect(committedValue('2.6', SAMPLING_SETTINGS.noRepeatNgramSize.control, 0)).toBe(3);
  });
  it('keeps the last value when the text is not a number', () => {
    expect(committedValue('', SAMPLING_SETTINGS.temperature.control, 0.7)).toBe(0.7);
  });
  it('clamps to a range built from the model context', () => {
    expect(committedValue('500', { min: 1, max: 256, step: 1 }, 50)).toBe(256);
  });
});

describe('formatForInput', () => {
  it('writes the step’s decimals at most', () => {
    expect(formatForInput(0.7000000001, SAMPLING_SETTINGS.temperature.control)).toBe('0.7');
    expect(formatForInput(1, SAMPLING_SETTINGS.repetitionPenalty.control)).toBe('1');
    expect(formatForInput(4294967295, SEED_RANGE)).toBe('4294967295');
  });
});
