import { useShallow } from 'zustand/react/shallow';
import type { FileLoad } from '../../state/slices/model-slice.ts';
import { useStore, type Store } from '../../state/store.ts';
import { useT, selectLanguage } from '../i18n/use-t.ts';
import { formatBytes } from './format.ts';
import { filePercent } from './model-options.ts';

const selectFiles = (s: Store) => s.files;
/** One progress bar per file of the load, named by the file, in the order the files started. */
export function FileProgressList() {
  const t = useT();
  const files = useStore(useShallow(selectFiles));
  const language = useStore(selectLanguage);

  const describe = (file: FileLoad, percent: number | null): string => {
    const loaded = formatBytes(file.loaded, language);
    if (file.total !== null && percent !== null) return t('modelBar.file.progress', { loaded, total: formatBytes(file.total, language), percent });
    if (file.done) return file.loaded > 0 ? `${loaded} · ${t('modelBar.file.done')}` : t('modelBar.file.done');
    return t('modelBar.file.unknownTotal', { loaded });
  };

  return (
    <ul className="file-progress" aria-label={t('modelBar.files')}>
      {Object.entries(files).map(([name, file]) => {
        const percent = filePercent(file);
        return (
          <li key={name}>
            <span className="file-name">{name}</span>
            <div
              role="progressbar"
              aria-label={name}
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={percent ?? undefined}
              aria-valuetext={describe(file, percent)}
              className={percent === null ? 'bar bar-indeterminate' : 'bar'}
            >
              <div className="bar-fill" style={{ width: `${percent ?? 100}%` }} />
            </div>
            <span className="file-bytes">{describe(file, percent)}</span>
          </li>
        );
      })}
    </ul>
  );
}

/** After a load: how many files and bytes it took, with the list folded away. */
export function FileSummary() {
  const t = useT();
  const files = useStore(useShallow(selectFiles));
  const language = useStore(selectLanguage);
  const entries = Object.values(files);
  if (entries.length === 0) return null;
  const bytes = entries.reduce((sum, f) => sum + (f.total ?? f.loaded), 0);
  return (
    <details className="file-summary">
      <summary>{t('modelBar.files.summary', { count: entries.length, bytes: formatBytes(bytes, language) })}</summary>
      <FileProgressList />
    </details>
  );
}
