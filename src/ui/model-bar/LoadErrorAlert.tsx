import type { WorkerErrorInfo } from '../../worker/protocol.ts';
import { errorText } from '../i18n/reasons.ts';
import { useT } from '../i18n/use-t.ts';
import { LoadHostNote } from '../link/LoadHostNote.tsx';

/** A failed load: what went wrong and what to do, with the worker's and the library's own (English, technical) words folded away. */
export function LoadErrorAlert({ error }: { error: WorkerErrorInfo }) {
  const t = useT();
  return (
    <div role="alert" className="alert alert-error">
      <p className="alert-title">{t('modelBar.error.title')}</p>
      <p>{errorText(t, error)}</p>
      <LoadHostNote />
      <details>
        <summary>{t('modelBar.error.detail')}</summary>
        <pre translate="no">{[error.code, error.detail].filter(Boolean).join('\n\n')}</pre>
      </details>
    </div>
  );
}
