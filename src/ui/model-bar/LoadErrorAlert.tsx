import type { WorkerErrorInfo } from '../../worker/protocol.ts';
import { useT } from '../i18n/use-t.ts';

/** A failed load: what went wrong and what to do, with the library's own words folded away. */
export function LoadErrorAlert({ error }: { error: WorkerErrorInfo }) {
  const t = useT();
  return (
    <div role="alert" className="alert alert-error">
      <p className="alert-title">{t('modelBar.error.title')}</p>
      <p>{error.message}</p>
      {error.detail && (
        <details>
          <summary>{t('modelBar.error.detail')}</summary>
          <pre>{error.detail}</pre>
        </details>
      )}
    </div>
  );
}
