/**
 * Every sampling setting once: what the sampler accepts, the control's range and step, the value
 * that turns its stage off, and the playground's default. The sampler's validation
 * (`validateSamplingSettings`), the controls' clamping and slider ranges, the link codec and the
 * step and autocomplete modes all read this table, so a range changed here changes everywhere.
 */
import type { SamplingSettings } from './types.ts';

/** A control's range: values outside are clamped, and values between are rounded onto the step grid. */
export interface Range {
  readonly min: number;
  readonly max: number;
  readonly step: number;
}

/** The values the sampler accepts: always finite, within these bounds (an absent bound is no bound). */
export interface AcceptedValues {
  readonly atLeast?: number;
  readonly above?: number;
  readonly atMost?: number;
  readonly below?: number;
  readonly integer?: boolean;
}

/** The sampling settings that are numbers (`greedy` is the one switch). */
export type NumericSettingName = Exclude<keyof SamplingSettings, 'greedy'>;

/** One row of {@link SAMPLING_SETTINGS}. */
export interface SettingSpec {
  /** The slider's range: narrower than what the sampler accepts, to what is useful to see. */
  readonly control: Range;
  readonly accepts: AcceptedValues;
  /** The rule, as an error states it when a value breaks it. */
  readonly rule: string;
  /** The value that makes the stage a no-op. */
  readonly off: number;
  /** The playground's default. */
  readonly default: number;
  /**
   * What the control's minimum is sent as when the sampler refuses the minimum itself: top-p 0 on
   * the slider means "only the most probable token", which any positive p gives.
   */
  readonly floor?: number;
}

/** The table. Validation checks the rows in this order and names the first it refuses. */
export const SAMPLING_SETTINGS = {
  temperature: {
    control: { min: 0, max: 2, step: 0.01 },
    accepts: { atLeast: 0 },
    rule: 'Temperature must be a finite number ≥ 0',
    off: 1,
    default: 0.7,
  },
  topK: {
    control: { min: 0, max: 200, step: 1 },
    accepts: { atLeast: 0, integer: true },
    rule: 'Top-k must be a whole number ≥ 0 (0 turns it off)',
    off: 0,
    default: 50,
  },
  topP: {
    control: { min: 0, max: 1, step: 0.01 },
    accepts: { above: 0, atMost: 1 },
    rule: 'Top-p must be in (0, 1] (1 turns it off)',
    off: 1,
    default: 0.95,
    floor: 1e-6,
  },
  minP: {
    control: { min: 0, max: 0.5, step: 0.01 },
    accepts: { atLeast: 0, below: 1 },
    rule: 'Min-p must be in [0, 1) (0 turns it off)',
    off: 0,
    default: 0,
  },
  repetitionPenalty: {
    control: { min: 1, max: 2, step: 0.01 },
    accepts: { above: 0 },
    rule: 'Repetition penalty must be a finite number > 0 (1 turns it off)',
    off: 1,
    default: 1,
  },
  noRepeatNgramSize: {
    control: { min: 0, max: 5, step: 1 },
    accepts: { atLeast: 0, integer: true },
    rule: 'No-repeat n-gram size must be a whole number ≥ 0 (0 turns it off)',
    off: 0,
    default: 0,
  },
} as const satisfies Record<NumericSettingName, SettingSpec>;

/** The numeric settings, in the table's order. */
export const NUMERIC_SETTING_NAMES = Object.keys(SAMPLING_SETTINGS) as NumericSettingName[];

/** A panel's seed: a 32-bit unsigned integer, as the PRNG takes it. */
export const SEED_RANGE = { min: 0, max: 0xffff_ffff, step: 1 } as const satisfies Range;

/** Whether `seed` is a seed the PRNG takes. */
export function isSeed(seed: number): boolean {
  return Number.isInteger(seed) && seed >= SEED_RANGE.min && seed <= SEED_RANGE.max;
}

/** Whether the sampler accepts `value`. */
export function acceptsValue(accepts: AcceptedValues, value: number): boolean {
  if (!Number.isFinite(value)) return false;
  if (accepts.integer && !Number.isInteger(value)) return false;
  if (accepts.atLeast !== undefined && !(value >= accepts.atLeast)) return false;
  if (accepts.above !== undefined && !(value > accepts.above)) return false;
  if (accepts.atMost !== undefined && !(value <= accepts.atMost)) return false;
  if (accepts.below !== undefined && !(value < accepts.below)) return false;
  return true;
}

/** The first setting the sampler refuses, or null when it accepts them all. */
export function firstInvalidSetting(settings: SamplingSettings): { name: NumericSettingName; rule: string; value: number } | null {
  for (const name of NUMERIC_SETTING_NAMES) {
    const spec: SettingSpec = SAMPLING_SETTINGS[name];
    if (!acceptsValue(spec.accepts, settings[name])) return { name, rule: spec.rule, value: settings[name] };
  }
  return null;
}

/** Clamps into the range and onto its step grid; NaN becomes the minimum. */
export function clampToRange(value: number, range: Range): number {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? range.min : value > 0 ? range.max : range.min;
  const clamped = Math.min(range.max, Math.max(range.min, value));
  const stepped = Math.round((clamped - range.min) / range.step) * range.step + range.min;
  // Rounding to the step's decimals avoids 0.30000000000000004.
  const decimals = Math.max(0, -Math.floor(Math.log10(range.step)));
  return Number(Math.min(range.max, stepped).toFixed(decimals));
}

/** `value` clamped to the setting's control, then lifted to its floor where the sampler needs one. */
export function clampSetting(name: NumericSettingName, value: number): number {
  const spec: SettingSpec = SAMPLING_SETTINGS[name];
  const clamped = clampToRange(value, spec.control);
  return spec.floor === undefined ? clamped : Math.max(spec.floor, clamped);
}

/** The numeric settings in `values` clamped as their controls clamp them; other keys untouched. */
export function clampSettingValues<T extends Partial<Record<NumericSettingName, number>>>(values: T): T {
  const clamped: Partial<Record<NumericSettingName, number>> = { ...values };
  for (const name of NUMERIC_SETTING_NAMES) {
    const value = values[name];
    if (value !== undefined) clamped[name] = clampSetting(name, value);
  }
  return clamped as T;
}

/** Settings whose every value is the table's `off` or `default` column; `greedy` is off in both. */
export function samplingSettingsAt(column: 'off' | 'default'): SamplingSettings {
  const at = (name: NumericSettingName): number => SAMPLING_SETTINGS[name][column];
  return {
    temperature: at('temperature'),
    greedy: false,
    topK: at('topK'),
    topP: at('topP'),
    minP: at('minP'),
    repetitionPenalty: at('repetitionPenalty'),
    noRepeatNgramSize: at('noRepeatNgramSize'),
  };
}
