import { useShallow } from 'zustand/react/shallow';
import { useStore, type Store } from '../../state/store.ts';
import { modelHostLabel } from '../../state/model-host-url.ts';
import { useT } from '../i18n/use-t.ts';
import { FileProgressList, FileSummary } from './FileProgressList.tsx';
import { LoadedSummary } from './LoadedSummary.tsx';
import { LoadErrorAlert } from './LoadErrorAlert.tsx';

const selectLoad = (s: Store) => ({ status: s.loadStatus, modelId: s.modelId, loaded: s.loaded, error: s.loadError, source: s.loadSource });

/** Where the load stands: nothing yet, per-file progress, what was loaded, or why it failed. */
export function LoadStatus() {
  const t = useT();
  const { status, modelId, loaded, error, source } = useStore(useShallow(selectLoad));

  return (
    <div className="load-status">
      <div role="status" aria-label={t('modelBar.status')} className="status-line">
        {status === 'idle' && <p className="muted">{t('modelBar.status.idle')}</p>}
        {status === 'loading' && (
          <p>
            <span className="spinner" aria-hidden="true" /> {t('modelBar.status.loading', { model: modelId })}
          </p>
        )}
        {status === 'ready' && loaded && (
          <>
            <p className="status-ready">
              <span className="dot dot-ok" aria-hidden="true" /> {t('modelBar.status.ready', { model: loaded.modelId })}
            </p>
            {source && (
              <p className="load-source" data-testid="load-source">
                {source.kind === 'disk' ? t('offline.disk.source', { folder: source.folder }) : t('offline.host.source', { host: modelHostLabel(source.host) })}
              </p>
            )}
            <LoadedSummary model={loaded} />
          </>
        )}
      </div>
      {status === 'loading' && <FileProgressList />}
      {status === 'ready' && <FileSummary />}
      {status === 'error' && error && <LoadErrorAlert error={error} />}
    </div>
  );
}
