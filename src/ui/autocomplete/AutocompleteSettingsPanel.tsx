import { useShallow } from 'zustand/react/shallow';
import { PAUSE_RANGE, setAutocompleteSettings, setPauseMs, setSuggestionTokens, SUGGESTION_TOKENS_RANGE } from '../../state/autocomplete-actions.ts';
import { useStore } from '../../state/store.ts';
import { SamplingSettingsFields } from '../controls/SamplingSettingsFields.tsx';
import { SliderField } from '../controls/SliderField.tsx';
import { useT } from '../i18n/use-t.ts';
import { selectMaxNewTokens, selectPauseMs, selectSettings } from './selectors.ts';

/** The three knobs the alternatives are sampled with; every other stage stays off. */
const AUTOCOMPLETE_FIELDS = ['temperature', 'topK', 'topP'] as const;

/** Temperature, top-k and top-p of the three alternatives, their length, and the pause. */
export function AutocompleteSettingsPanel() {
  const t = useT();
  const settings = useStore(useShallow(selectSettings));
  const maxNewTokens = useStore(selectMaxNewTokens);
  const pauseMs = useStore(selectPauseMs);
  return (
    <section className="card autocomplete-settings" aria-labelledby="autocomplete-settings-title">
      <h3 id="autocomplete-settings-title" className="section-label">
        {t('autocomplete.settings')}
      </h3>
      <div className="autocomplete-settings-grid">
        <SamplingSettingsFields
          settings={settings}
          fields={AUTOCOMPLETE_FIELDS}
          onChange={setAutocompleteSettings}
          length={{ label: t('autocomplete.tokens'), value: maxNewTokens, range: SUGGESTION_TOKENS_RANGE, onCommit: setSuggestionTokens }}
        >
          <SliderField label={t('autocomplete.pause')} value={pauseMs} range={PAUSE_RANGE} onCommit={setPauseMs} hint={t('autocomplete.pauseHint')} />
        </SamplingSettingsFields>
      </div>
    </section>
  );
}
