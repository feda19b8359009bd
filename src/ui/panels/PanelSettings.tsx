import { memo, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { newRandomSeed, setMaxNewTokens, setPanelSeed, setSeed, updateSettings } from '../../state/actions.ts';
import { RANGES, type Range } from '../../state/settings-ranges.ts';
import { useStore } from '../../state/store.ts';
import { NumberField } from '../controls/NumberField.tsx';
import { SliderField } from '../controls/SliderField.tsx';
import { Switch } from '../controls/Switch.tsx';
import '../controls/controls.css';
import { useT } from '../i18n/use-t.ts';
import { panelSettingsSelector } from './selectors.ts';

/** The panel's sampling settings. Streaming tokens never re-render this: it reads settings only. */
export const PanelSettings = memo(function PanelSettings({ index }: { readonly index: number }) {
  const t = useT();
  const selector = useMemo(() => panelSettingsSelector(index), [index]);
  const { settings, maxNewTokens, sharedSeed, seed, contextLength } = useStore(useShallow(selector));
  const maxRange: Range = useMemo(() => ({ ...RANGES.maxNewTokens, max: contextLength ?? RANGES.maxNewTokens.max }), [contextLength]);
  if (!settings) return null;

  return (
    <fieldset className="panel-settings">
      <legend className="visually-hidden">{t('settings.label', { n: index + 1 })}</legend>
      <div className="greedy-row">
        <Switch label={t('settings.greedy')} checked={settings.greedy} onChange={(greedy) => updateSettings(index, { greedy })} />
        {settings.greedy && <span className="field-hint">{t('settings.greedyHint')}</span>}
      </div>
      <SliderField label={t('settings.temperature')} value={settings.temperature} range={RANGES.temperature} onCommit={(temperature) => updateSettings(index, { temperature })} />
      <SliderField label={t('settings.topK')} hint={t('settings.topKHint')} value={settings.topK} range={RANGES.topK} onCommit={(topK) => updateSettings(index, { topK })} />
      <SliderField label={t('settings.topP')} value={settings.topP} range={RANGES.topP} onCommit={(topP) => updateSettings(index, { topP })} />
      <SliderField
        label={t('settings.maxNewTokens')}
        hint={contextLength === null ? undefined : t('settings.maxNewTokensHint', { max: contextLength })}
        value={maxNewTokens}
        range={maxRange}
        onCommit={(value) => setMaxNewTokens(index, value)}
      />
      <SliderField
        label={t('settings.repetitionPenalty')}
        value={settings.repetitionPenalty}
        range={RANGES.repetitionPenalty}
        onCommit={(repetitionPenalty) => updateSettings(index, { repetitionPenalty })}
      />
      <SliderField
        label={t('settings.noRepeatNgramSize')}
        hint={t('settings.noRepeatNgramSizeHint')}
        value={settings.noRepeatNgramSize}
        range={RANGES.noRepeatNgramSize}
        onCommit={(noRepeatNgramSize) => updateSettings(index, { noRepeatNgramSize })}
      />
      <div className="seed-row">
        <NumberField
          label={t('settings.seed')}
          hint={sharedSeed ? t('settings.seedShared') : undefined}
          value={seed}
          range={RANGES.seed}
          onCommit={(value) => (sharedSeed ? setSeed(value) : setPanelSeed(index, value))}
        />
        <button type="button" className="button button-small" onClick={() => newRandomSeed(sharedSeed ? null : index)}>
          {t('settings.newRandomSeed')}
        </button>
      </div>
    </fieldset>
  );
});
