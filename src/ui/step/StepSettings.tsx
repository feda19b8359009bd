import { memo, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { newRandomStepSeed, setStepMaxTokens, setStepSeed, updateStepSettings } from '../../state/step-actions.ts';
import { MIN_P_RANGE, RANGES, STEP_MAX_TOKENS_RANGE, type Range } from '../../state/settings-ranges.ts';
import { useStore } from '../../state/store.ts';
import { NumberField } from '../controls/NumberField.tsx';
import { SliderField } from '../controls/SliderField.tsx';
import { Switch } from '../controls/Switch.tsx';
import '../controls/controls.css';
import { useT } from '../i18n/use-t.ts';
import { selectStepControls } from './step-selectors.ts';

/** The step mode's own sampling settings, seed and "Run to end" length, with the playground's controls. */
export const StepSettings = memo(function StepSettings() {
  const t = useT();
  const { settings, seed, maxTokens, contextLength } = useStore(useShallow(selectStepControls));
  const maxRange: Range = useMemo(
    () => ({ ...STEP_MAX_TOKENS_RANGE, max: Math.min(STEP_MAX_TOKENS_RANGE.max, contextLength ?? STEP_MAX_TOKENS_RANGE.max) }),
    [contextLength],
  );
  return (
    <fieldset className="step-settings">
      <legend className="section-label">{t('step.settings')}</legend>
      <div className="greedy-row">
        <Switch label={t('settings.greedy')} checked={settings.greedy} onChange={(greedy) => updateStepSettings({ greedy })} />
        {settings.greedy && <span className="field-hint">{t('settings.greedyHint')}</span>}
      </div>
      <SliderField label={t('settings.temperature')} value={settings.temperature} range={RANGES.temperature} onCommit={(temperature) => updateStepSettings({ temperature })} />
      <SliderField label={t('settings.topK')} hint={t('settings.topKHint')} value={settings.topK} range={RANGES.topK} onCommit={(topK) => updateStepSettings({ topK })} />
      <SliderField label={t('settings.topP')} value={settings.topP} range={RANGES.topP} onCommit={(topP) => updateStepSettings({ topP })} />
      <SliderField label={t('step.minP')} value={settings.minP} range={MIN_P_RANGE} onCommit={(minP) => updateStepSettings({ minP })} />
      <SliderField
        label={t('settings.repetitionPenalty')}
        value={settings.repetitionPenalty}
        range={RANGES.repetitionPenalty}
        onCommit={(repetitionPenalty) => updateStepSettings({ repetitionPenalty })}
      />
      <SliderField
        label={t('settings.noRepeatNgramSize')}
        hint={t('settings.noRepeatNgramSizeHint')}
        value={settings.noRepeatNgramSize}
        range={RANGES.noRepeatNgramSize}
        onCommit={(noRepeatNgramSize) => updateStepSettings({ noRepeatNgramSize })}
      />
      <SliderField label={t('step.maxTokens')} value={maxTokens} range={maxRange} onCommit={setStepMaxTokens} />
      <div className="seed-row">
        <NumberField label={t('settings.seed')} value={seed} range={RANGES.seed} onCommit={setStepSeed} />
        <button type="button" className="button button-small" onClick={newRandomStepSeed}>
          {t('settings.newRandomSeed')}
        </button>
      </div>
    </fieldset>
  );
});
