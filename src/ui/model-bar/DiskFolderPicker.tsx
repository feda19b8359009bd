import { useEffect, useId, useRef } from 'react';
import { openPickedFiles } from '../../state/disk-folder.ts';
import type { DiskFolderError } from '../../state/slices/offline-slice.ts';
import { useStore, type Store } from '../../state/store.ts';
import { useT, selectLanguage } from '../i18n/use-t.ts';

const selectLoading = (s: Store) => s.loadStatus === 'loading';
const selectError = (s: Store) => s.diskFolderError;
/**
 * "Open model folder": a folder on disk (a USB stick) runs with no server. A plain file input
 * with `webkitdirectory` picks a whole folder in every current browser; the visible button
 * opens it, so the input itself stays out of sight and out of the tab order.
 */
export function DiskFolderPicker() {
  const t = useT();
  const input = useRef<HTMLInputElement>(null);
  const loading = useStore(selectLoading);
  const error = useStore(selectError);
  const hintId = useId();

  useEffect(() => {
    // React does not know `webkitdirectory`; without it the input picks files, not a folder.
    input.current?.setAttribute('webkitdirectory', '');
  }, []);

  return (
    <div className="disk-folder">
      <div className="disk-folder-row">
        <button type="button" className="button" aria-describedby={hintId} disabled={loading} onClick={() => input.current?.click()}>
          {t('offline.disk.open')}
        </button>
        <input
          ref={input}
          type="file"
          multiple
          className="visually-hidden"
          tabIndex={-1}
          aria-label={t('offline.disk.input')}
          onChange={(event) => {
            openPickedFiles(event.target.files ?? []);
            // Picking the same folder again (after fixing it) must fire `change` again.
            event.target.value = '';
          }}
        />
        <p id={hintId} className="field-hint">
          {t('offline.disk.hint')}
        </p>
      </div>
      {error && <DiskFolderAlert error={error} />}
    </div>
  );
}

/** Why a folder was not opened, and what to open instead. */
function DiskFolderAlert({ error }: { error: DiskFolderError }) {
  const t = useT();
  const language = useStore(selectLanguage);
  const missing = new Intl.ListFormat(language, { type: 'conjunction' }).format(error.missing);
  return (
    <div role="alert" className="alert alert-error">
      <p className="alert-title">{t('offline.disk.error.title')}</p>
      <p>{error.code === 'disk_folder_incomplete' ? t('offline.disk.error.disk_folder_incomplete', { folder: error.folder, missing }) : t('offline.disk.error.disk_folder_unreadable')}</p>
    </div>
  );
}
