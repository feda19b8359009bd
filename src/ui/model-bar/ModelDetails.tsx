import { useStore, type Store } from '../../state/store.ts';
import { useT, selectLanguage } from '../i18n/use-t.ts';
import { FAMILY_NAMES, modelNoteKey } from './catalog-labels.ts';
import { formatParameters } from './format.ts';
import { catalogEntry } from './model-options.ts';

const selectModelId = (s: Store) => s.modelId;
/** What the selected model is: family, size, language, license, and whether its weights mean anything. */
export function ModelDetails({ id }: { id: string }) {
  const t = useT();
  const entry = catalogEntry(useStore(selectModelId));
  const language = useStore(selectLanguage);

  if (!entry) {
    return (
      <div id={id} className="model-details">
        <p>{t('modelBar.details.custom')}</p>
      </div>
    );
  }
  return (
    <div id={id} className="model-details">
      <p>
        {t('modelBar.details', {
          family: FAMILY_NAMES[entry.family],
          parameters: formatParameters(entry.parameters, language),
          language: entry.language,
          license: entry.license,
        })}
        {entry.randomWeights && <span className="badge badge-warning">{t('modelBar.randomWeights')}</span>}
      </p>
      <p className="model-note">{t(modelNoteKey(entry.id))}</p>
    </div>
  );
}
