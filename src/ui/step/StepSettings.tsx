import { memo, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { NUMERIC_SETTING_NAMES } from '../../engine/settings-schema.ts';
import { newRandomStepSeed, setStepMaxTokens, setStepSeed, updateStepSettings } from '../../state/step-actions.ts';
import { rangeWithin, STEP_MAX_TOKENS_RANGE } from '../../state/settings-ranges.ts';
import { useStore } from '../../state/store.ts';
import { SamplingSettingsFields } from '../controls/SamplingSettingsFields.tsx';
import { useT } from '../i18n/use-t.ts';
import { selectStepControls } from './step-selectors.ts';

/**
 * The step mode's own sampling settings (every stage it walks through), seed and "Run to end"
 * length, with the playground's controls.
 */
export const StepSettings = memo(function StepSettings() {
  const t = useT();
  const { settings, seed, maxTokens, contextLength } = useStore(useShallow(selectStepControls));
  const maxRange = useMemo(() => rangeWithin(STEP_MAX_TOKENS_RANGE, contextLength), [contextLength]);
  return (
    <fieldset className="step-settings">
      <legend className="section-label">{t('step.settings')}</legend>
      <SamplingSettingsFields
        settings={settings}
        fields={NUMERIC_SETTING_NAMES}
        onChange={updateStepSettings}
        length={{ label: t('step.maxTokens'), value: maxTokens, range: maxRange, onCommit: setStepMaxTokens }}
        seed={{ value: seed, onCommit: setStepSeed, onRandom: newRandomStepSeed }}
      />
    </fieldset>
  );
});
