import type { WorkerErrorInfo } from '../../worker/protocol.ts';
import { errorText } from '../i18n/reasons.ts';
import { useT } from '../i18n/use-t.ts';

/** The whole lab request failed: what went wrong and what to do, the worker's own words folded away. */
export function LabErrorAlert({ error }: { error: WorkerErrorInfo }) {
  const t = useT();
  return (
    <div role="alert" className="alert alert-error">
      <p className="alert-title">{t('lab.error.title')}</p>
      <p>{errorText(t, error)}</p>
      <details>
        <summary>{t('error.details')}</summary>
        <pre translate="no">{[error.code, error.detail].filter(Boolean).join('\n\n')}</pre>
      </details>
    </div>
  );
}
