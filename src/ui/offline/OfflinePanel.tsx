import { useId } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { isStoredForOffline } from '../../engine/stored-files.ts';
import { setOffline } from '../../state/actions.ts';
import { deleteStoredModel, requestPersistentStorage } from '../../state/browser-storage.ts';
import { useStore, type Store } from '../../state/store.ts';
import { Switch } from '../controls/Switch.tsx';
import { useT } from '../i18n/use-t.ts';
import { formatBytes } from '../model-bar/format.ts';
import { resolvedDtype } from '../model-bar/model-options.ts';
import { useFolderDrop } from '../model-bar/use-folder-drop.ts';
import { useModelChoice } from '../model-bar/use-model-choice.ts';
import { ModelHostField } from './ModelHostField.tsx';
import './offline.css';

const selectOffline = (s: Store) => ({
  shell: s.shell,
  storedModels: s.storedModels,
  estimate: s.storageEstimate,
  persistence: s.persistence,
  persistAnswer: s.persistAnswer,
  language: s.language,
  offline: s.offline,
});

/**
 * Offline use: the model host, whether the app shell is stored, which models the browser keeps (per dtype, with
 * sizes) and how much room there is, persistent storage, and deleting a stored model.
 */
export function OfflinePanel() {
  const t = useT();
  const headingId = useId();
  const { shell, storedModels, estimate, persistence, persistAnswer, language, offline } = useStore(useShallow(selectOffline));
  const { modelId, dtype, backend, autoDtype } = useModelChoice();
  const chosenDtype = resolvedDtype(dtype, backend, autoDtype);
  const readyOffline = shell === 'ready' && storedModels !== null && isStoredForOffline(storedModels, modelId, chosenDtype);
  const { dragging, dropProps } = useFolderDrop();

  return (
    // A model folder dropped here opens as it does on the model bar.
    <section aria-labelledby={headingId} className={dragging ? 'offline-panel card drop-target' : 'offline-panel card'} {...dropProps}>
      {dragging && (
        <p className="drop-hint" aria-hidden="true">
          {t('offline.disk.dropHere')}
        </p>
      )}
      <h2 id={headingId} className="section-label">
        {t('offline.title')}
        {readyOffline && (
          <span role="status" className="badge badge-ok">
            {t('offline.ready', { model: modelId, dtype: chosenDtype })}
          </span>
        )}
      </h2>
      <Switch label={t('offline.mode')} checked={offline} onChange={setOffline} />
      <ModelHostField />
      <p className="field-hint">{t(`offline.shell.${shell}`)}</p>
      {estimate && (
        <p className="field-hint">
          {t('offline.estimate', { used: formatBytes(estimate.usage, language), available: formatBytes(Math.max(0, estimate.quota - estimate.usage), language) })}
        </p>
      )}
      <p className="field-hint">
        {t(`offline.persistence.${persistence}`)}{' '}
        {persistence === 'not_persisted' && (
          <button type="button" className="button" onClick={() => void requestPersistentStorage()}>
            {t('offline.persist')}
          </button>
        )}
        {persistAnswer && <span role="status"> {t(`offline.persistAnswer.${persistAnswer}`)}</span>}
      </p>
      {storedModels === null ? (
        <p className="field-hint">{t('offline.noStorage')}</p>
      ) : storedModels.length === 0 ? (
        <p className="field-hint">{t('offline.none')}</p>
      ) : (
        <ul className="stored-models" aria-label={t('offline.list')}>
          {storedModels.map((m) => (
            <li key={m.modelId}>
              <span className="stored-model-id" translate="no">
                {m.modelId}
              </span>{' '}
              <span className="muted">
                {m.dtypes.map((d) => `${d.dtype} ${formatBytes(d.bytes, language)}`).join(' · ') || t('offline.noWeights')} ·{' '}
                {t('offline.total', { bytes: formatBytes(m.totalBytes, language) })}
              </span>{' '}
              <button type="button" className="button" aria-label={t('offline.delete', { model: m.modelId })} onClick={() => void deleteStoredModel(m.modelId)}>
                {t('offline.deleteShort')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
