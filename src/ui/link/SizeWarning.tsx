import { useId } from 'react';
import { deviceMemoryGb } from '../../state/device-memory.ts';
import { useStore } from '../../state/store.ts';
import { selectLanguage, useT } from '../i18n/use-t.ts';
import { formatBytes } from '../model-bar/format.ts';
import type { SizeCheck } from './use-size-check.ts';
import './link.css';

/**
 * "This model may not fit": next to Load, before any download, when the chosen dtype's size is
 * large for the memory the browser reports, or (on WebGPU) its largest tensor is larger than the
 * adapter's largest buffer. Load waits for "Load anyway".
 */
export function SizeWarning({ check, modelId }: { check: SizeCheck; modelId: string }) {
  const t = useT();
  const language = useStore(selectLanguage);
  const titleId = useId();
  const { fit, buffer } = check;
  if (fit.fits && buffer.fits) return null;
  return (
    <div role="status" aria-labelledby={titleId} className="alert size-warning">
      <p id={titleId} className="alert-title">
        {t(fit.fits ? 'size.gpuTitle' : 'size.title')}
      </p>
      {!fit.fits && (
        <p>
          {t('size.body', {
            model: modelId,
            dtype: check.dtype,
            size: formatBytes(fit.weightBytes, language),
            need: formatBytes(fit.needBytes, language),
            memory: `${new Intl.NumberFormat(language, { maximumFractionDigits: 2 }).format(deviceMemoryGb() ?? fit.deviceBytes / 1e9)} GB`,
          })}
        </p>
      )}
      {!buffer.fits && (
        <p>
          {t('size.gpuBody', {
            model: modelId,
            dtype: check.dtype,
            tensor: formatBytes(buffer.tensorBytes, language),
            limit: buffer.limit,
            limitSize: formatBytes(buffer.limitBytes, language),
          })}
        </p>
      )}
      <label className="size-warning-accept">
        <input type="checkbox" checked={check.accepted} onChange={(event) => check.setAccepted(event.target.checked)} /> {t('size.loadAnyway')}
      </label>
    </div>
  );
}
