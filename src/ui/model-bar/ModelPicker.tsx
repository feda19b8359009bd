import { useId, useRef } from 'react';
import { CATALOG } from '../../engine/catalog.ts';
import { selectModel } from '../../state/actions.ts';
import { useStore, type Store } from '../../state/store.ts';
import { useT, selectLanguage } from '../i18n/use-t.ts';
import { FAMILY_NAMES } from './catalog-labels.ts';
import { formatParameters } from './format.ts';
import { catalogEntry } from './model-options.ts';
import { ModelIdError, useModelIdProblem } from '../link/ModelIdError.tsx';

/** The select's value for "an id typed by hand"; no Hub id can look like this. */
const CUSTOM = ' custom';

const selectModelId = (s: Store) => s.modelId;
const selectDiskFolder = (s: Store) => s.diskFolder;

const HUB = CATALOG.filter((e) => e.source === 'hub');
const LOCAL = CATALOG.filter((e) => e.source === 'local');

/** The catalog as a select, and a field for any Hub id; both edit the same model id. */
export function ModelPicker() {
  const t = useT();
  const modelId = useStore(selectModelId);
  const language = useStore(selectLanguage);
  const diskFolder = useStore(selectDiskFolder);
  const hubIdField = useRef<HTMLInputElement>(null);
  const selectId = useId();
  const hubId = useId();
  const idErrorId = useId();
  const idProblem = useModelIdProblem();
  const inCatalog = catalogEntry(modelId) !== undefined || diskFolder?.modelId === modelId;

  const option = (e: (typeof CATALOG)[number]) => (
    <option key={e.id} value={e.id}>
      {t(e.randomWeights ? 'modelBar.model.optionRandom' : 'modelBar.model.option', {
        id: e.id,
        family: FAMILY_NAMES[e.family],
        parameters: formatParameters(e.parameters, language),
      })}
    </option>
  );

  return (
    <>
      <div className="field field-model">
        <label htmlFor={selectId}>{t('modelBar.model')}</label>
        <select
          id={selectId}
          value={inCatalog ? modelId : CUSTOM}
          onChange={(event) => {
            if (event.target.value !== CUSTOM) return selectModel(event.target.value);
            selectModel('');
            hubIdField.current?.focus();
          }}
        >
          <optgroup label={t('modelBar.group.hub')}>{HUB.map(option)}</optgroup>
          <optgroup label={t('modelBar.group.local')}>{LOCAL.map(option)}</optgroup>
          {diskFolder && <option value={diskFolder.modelId}>{t('offline.disk.source', { folder: diskFolder.folder })}</option>}
          <option value={CUSTOM}>{t('modelBar.model.custom')}</option>
        </select>
      </div>
      <div className="field field-hub-id">
        <label htmlFor={hubId}>{t('modelBar.hubId')}</label>
        <input
          ref={hubIdField}
          id={hubId}
          type="text"
          value={modelId}
          placeholder={t('modelBar.hubId.placeholder')}
          spellCheck={false}
          autoComplete="off"
          autoCapitalize="off"
          // Hub ids have no spaces; trimming as people type keeps pasted ids clean.
          onChange={(event) => selectModel(event.target.value.trim())}
          aria-invalid={idProblem !== null}
          aria-describedby={idProblem !== null ? idErrorId : undefined}
        />
        <ModelIdError id={idErrorId} />
      </div>
    </>
  );
}
