import type { ReactNode } from 'react';
import { SAMPLING_SETTINGS, SEED_RANGE, type NumericSettingName, type Range } from '../../engine/settings-schema.ts';
import type { SamplingSettings } from '../../engine/types.ts';
import type { MessageKey } from '../i18n/en.ts';
import { useT } from '../i18n/use-t.ts';
import { NumberField } from './NumberField.tsx';
import { SliderField } from './SliderField.tsx';
import { Switch } from './Switch.tsx';
import './controls.css';

/** Each setting's label and hint; the ranges come from the engine's settings table. */
const FIELD_TEXT: Readonly<Record<NumericSettingName, { readonly label: MessageKey; readonly hint?: MessageKey }>> = {
  temperature: { label: 'settings.temperature' },
  topK: { label: 'settings.topK', hint: 'settings.topKHint' },
  topP: { label: 'settings.topP' },
  minP: { label: 'step.minP' },
  repetitionPenalty: { label: 'settings.repetitionPenalty' },
  noRepeatNgramSize: { label: 'settings.noRepeatNgramSize', hint: 'settings.noRepeatNgramSizeHint' },
};

/** A run-length slider: max new tokens, "Run to end", tokens per suggestion. */
export interface LengthFieldProps {
  readonly label: string;
  readonly value: number;
  readonly range: Range;
  readonly hint?: string;
  readonly onCommit: (value: number) => void;
}

/** The seed input and its "New random seed" button. */
export interface SeedFieldProps {
  readonly value: number;
  readonly hint?: string;
  readonly onCommit: (seed: number) => void;
  readonly onRandom: () => void;
}

export interface SamplingSettingsFieldsProps {
  /** The mode's settings: with `greedy`, the Greedy switch comes first. */
  readonly settings: Partial<SamplingSettings>;
  /** The sliders the mode offers, in order. */
  readonly fields: readonly NumericSettingName[];
  readonly onChange: (change: Partial<SamplingSettings>) => void;
  readonly length?: LengthFieldProps;
  readonly seed?: SeedFieldProps;
  /** Mode-specific controls after the rest. */
  readonly children?: ReactNode;
}

/**
 * The sampling controls every mode shares: Greedy, one slider per setting, the run length and the
 * seed. Rendered inside the mode's own container (fieldset or grid), so each mode keeps its layout.
 */
export function SamplingSettingsFields({ settings, fields, onChange, length, seed, children }: SamplingSettingsFieldsProps) {
  const t = useT();
  return (
    <>
      {settings.greedy !== undefined && (
        <div className="greedy-row">
          <Switch label={t('settings.greedy')} checked={settings.greedy} onChange={(greedy) => onChange({ greedy })} />
          {settings.greedy && <span className="field-hint">{t('settings.greedyHint')}</span>}
        </div>
      )}
      {fields.map((name) => {
        const text = FIELD_TEXT[name];
        return (
          <SliderField
            key={name}
            label={t(text.label)}
            hint={text.hint && t(text.hint)}
            value={settings[name] ?? SAMPLING_SETTINGS[name].default}
            range={SAMPLING_SETTINGS[name].control}
            onCommit={(value) => onChange({ [name]: value })}
          />
        );
      })}
      {length && <SliderField {...length} />}
      {seed && (
        <div className="seed-row">
          <NumberField label={t('settings.seed')} hint={seed.hint} value={seed.value} range={SEED_RANGE} onCommit={seed.onCommit} />
          <button type="button" className="button button-small" onClick={seed.onRandom}>
            {t('settings.newRandomSeed')}
          </button>
        </div>
      )}
      {children}
    </>
  );
}
