import { memo, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { newRandomSeed, setMaxNewTokens, setPanelSeed, setSeed, updateSettings } from '../../state/actions.ts';
import { MAX_NEW_TOKENS_RANGE, rangeWithin } from '../../state/settings-ranges.ts';
import { useStore } from '../../state/store.ts';
import { SamplingSettingsFields } from '../controls/SamplingSettingsFields.tsx';
import { useT } from '../i18n/use-t.ts';
import { panelSettingsSelector } from './selectors.ts';

/** The playground offers every stage but min-p (the step mode shows what min-p does). */
const PANEL_FIELDS = ['temperature', 'topK', 'topP', 'repetitionPenalty', 'noRepeatNgramSize'] as const;

/** The panel's sampling settings. Streaming tokens never re-render this: it reads settings only. */
export const PanelSettings = memo(function PanelSettings({ index }: { readonly index: number }) {
  const t = useT();
  const selector = useMemo(() => panelSettingsSelector(index), [index]);
  const { settings, maxNewTokens, sharedSeed, seed, contextLength } = useStore(useShallow(selector));
  const maxRange = useMemo(() => rangeWithin(MAX_NEW_TOKENS_RANGE, contextLength), [contextLength]);
  if (!settings) return null;

  return (
    <fieldset className="panel-settings">
      <legend className="visually-hidden">{t('settings.label', { n: index + 1 })}</legend>
      <SamplingSettingsFields
        settings={settings}
        fields={PANEL_FIELDS}
        onChange={(change) => updateSettings(index, change)}
        length={{
          label: t('settings.maxNewTokens'),
          hint: contextLength === null ? undefined : t('settings.maxNewTokensHint', { max: contextLength }),
          value: maxNewTokens,
          range: maxRange,
          onCommit: (value) => setMaxNewTokens(index, value),
        }}
        seed={{
          value: seed,
          hint: sharedSeed ? t('settings.seedShared') : undefined,
          onCommit: (value) => (sharedSeed ? setSeed(value) : setPanelSeed(index, value)),
          onRandom: () => newRandomSeed(sharedSeed ? null : index),
        }}
      />
    </fieldset>
  );
});
