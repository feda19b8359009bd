import { useId } from 'react';
import { deviceMemoryGb } from '../../state/device-memory.ts';
import { useStore } from '../../state/store.ts';
import { selectLanguage, useT } from '../i18n/use-t.ts';
import { formatBytes } from '../model-bar/format.ts';
import type { SizeCheck } from './use-size-check.ts';
import './link.css';

/**
 * "This model may not fit": next to Load, before any download, when the chosen dtype's size is
 * large for the memory the browser reports. Load waits for "Load anyway".
 */
export function SizeWarning({ check, modelId }: { check: SizeCheck; modelId: string }) {
  const t = useT();
  const language = useStore(selectLanguage);
  const titleId = useId();
  if (check.fit.fits) return null;
  const memory = `${new Intl.NumberFormat(language, { maximumFractionDigits: 2 }).format(deviceMemoryGb() ?? check.fit.deviceBytes / 1e9)} GB`;
  return (
    <div role="status" aria-labelledby={titleId} className="alert size-warning">
      <p id={titleId} className="alert-title">
        {t('size.title')}
      </p>
      <p>
        {t('size.body', {
          model: modelId,
          dtype: check.dtype,
          size: formatBytes(check.fit.weightBytes, language),
          need: formatBytes(check.fit.needBytes, language),
          memory,
        })}
      </p>
      <label className="size-warning-accept">
        <input type="checkbox" checked={check.accepted} onChange={(event) => check.setAccepted(event.target.checked)} /> {t('size.loadAnyway')}
      </label>
    </div>
  );
}
