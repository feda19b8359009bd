import { useT } from '../i18n/use-t.ts';
import { AutocompleteSettingsPanel } from './AutocompleteSettingsPanel.tsx';
import { AutocompleteStats } from './AutocompleteStats.tsx';
import { GhostEditor } from './GhostEditor.tsx';
import './autocomplete.css';

/**
 * The "autocomplete" teaching mode: type, pause, and the model loaded in the model bar suggests a
 * continuation; the page shows what the cache and the reused KV cache save on every suggestion.
 */
export function AutocompletePage() {
  const t = useT();
  return (
    <section className="mode-page autocomplete-page" aria-labelledby="autocomplete-title">
      <h2 id="autocomplete-title">{t('mode.autocomplete')}</h2>
      <p className="autocomplete-intro">{t('autocomplete.intro')}</p>
      <div className="autocomplete-layout">
        <div className="card autocomplete-editor-card">
          <GhostEditor />
        </div>
        <AutocompleteSettingsPanel />
        <AutocompleteStats />
      </div>
    </section>
  );
}
