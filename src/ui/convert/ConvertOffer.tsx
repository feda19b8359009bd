import { useShallow } from 'zustand/react/shallow';
import { isLocalModelId } from '../../engine/catalog.ts';
import { isDiskModelId } from '../../engine/disk-folder-check.ts';
import { isStoredForOffline } from '../../engine/stored-files.ts';
import { cancelConversion, convertSelectedModel } from '../../state/convert-actions.ts';
import type { ConvertFile } from '../../state/slices/convert-slice.ts';
import { useStore, type Store } from '../../state/store.ts';
import { errorText } from '../i18n/reasons.ts';
import { selectLanguage, useT } from '../i18n/use-t.ts';
import { formatBytes } from '../model-bar/format.ts';
import { resolvedDtype } from '../model-bar/model-options.ts';
import { useModelChoice } from '../model-bar/use-model-choice.ts';
import './convert.css';

const selectConvert = (s: Store) => s.convert;
const selectOffer = (s: Store) => ({ loadError: s.loadError, loading: s.loadStatus === 'loading', storedModels: s.storedModels });

/**
 * "Convert in the browser": offered for a catalog checkpoint the page converts, and for a Hub id
 * whose load found no ONNX export; then the conversion's progress per file, its outcome, or why
 * it failed. A folder from disk that holds a checkpoint shows its conversion here too.
 */
export function ConvertOffer() {
  const t = useT();
  const language = useStore(selectLanguage);
  const { modelId, entry, dtype, backend, autoDtype } = useModelChoice();
  const { loadError, loading, storedModels } = useStore(useShallow(selectOffer));
  const convert = useStore(selectConvert);
  const chosen = resolvedDtype(dtype, backend, autoDtype);

  const hubId = modelId !== '' && !isLocalModelId(modelId) && !isDiskModelId(modelId);
  const notFound = loadError?.code === 'model_not_found' && loadError.params.modelId === modelId;
  // Converted before (stored in this browser in this dtype): a plain Load runs it.
  const stored = isStoredForOffline(storedModels ?? [], modelId, chosen);
  const offered = hubId && !stored && (entry?.conversion === 'browser' || (notFound && entry === undefined));
  const shown = convert.status !== 'idle' && convert.modelId === modelId;
  if (!offered && !shown) return null;

  const converting = shown && convert.status === 'converting';
  const model = t('error.modelName', { id: modelId });
  const size = entry?.dtypes.find((d) => d.dtype === chosen)?.bytes ?? null;
  const written = convert.files.filter((f) => f.phase === 'convert' && f.file.startsWith('onnx/')).reduce((sum, f) => sum + f.done, 0);

  return (
    <section aria-label={t('convert.region')} className="convert-offer">
      {convert.source === 'disk' && shown ? (
        <p>{t('convert.disk', { folder: modelId.slice('disk/'.length), dtype: convert.dtype ?? chosen })}</p>
      ) : (
        offered && (
          <p>{size !== null ? t('convert.offerSized', { model, dtype: chosen, size: `≈ ${formatBytes(size, language)}` }) : t('convert.offer', { model, dtype: chosen })}</p>
        )
      )}
      {offered && (
        <div className="convert-actions">
          <button type="button" className="button" onClick={() => void convertSelectedModel()} disabled={converting || loading}>
            {t('convert.button')}
          </button>
          {converting && (
            <button type="button" className="button" onClick={cancelConversion}>
              {t('convert.cancel')}
            </button>
          )}
        </div>
      )}
      {converting && (
        <p role="status" className="convert-status">
          {t('convert.converting', { model, dtype: convert.dtype ?? chosen })}
        </p>
      )}
      {shown && convert.files.length > 0 && <ConvertProgressList files={convert.files} />}
      {shown && convert.status === 'done' && (
        <p role="status" className="convert-status">
          {t(convert.source === 'disk' ? 'convert.doneDisk' : 'convert.done', { model, dtype: convert.dtype ?? chosen, size: formatBytes(written, language) })}
        </p>
      )}
      {shown && convert.status === 'error' && convert.error && (
        <div role="alert" className="alert alert-error">
          <p className="alert-title">{t('convert.error.title')}</p>
          <p>{errorText(t, convert.error)}</p>
          {convert.error.detail && (
            <details>
              <summary>{t('modelBar.error.detail')}</summary>
              <pre translate="no">{[convert.error.code, convert.error.detail].join('\n\n')}</pre>
            </details>
          )}
        </div>
      )}
    </section>
  );
}

/** One bar per file: the checkpoint's files as they download, the converted files as they are written. */
function ConvertProgressList({ files }: { files: readonly ConvertFile[] }) {
  const t = useT();
  const language = useStore(selectLanguage);
  return (
    <ul className="file-progress" aria-label={t('convert.files')}>
      {files.map((f) => {
        const percent = f.total > 0 ? Math.min(100, Math.floor((f.done / f.total) * 100)) : 100;
        const name = t(f.phase === 'download' ? 'convert.phase.download' : 'convert.phase.convert', { file: f.file });
        const text = t('modelBar.file.progress', { loaded: formatBytes(f.done, language), total: formatBytes(f.total, language), percent });
        return (
          <li key={`${f.phase}:${f.file}`}>
            <span className="file-name">{name}</span>
            <div role="progressbar" aria-label={name} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} aria-valuetext={text} className="bar">
              <div className="bar-fill" style={{ width: `${percent}%` }} />
            </div>
            <span className="file-bytes">{text}</span>
          </li>
        );
      })}
    </ul>
  );
}
