import type { LoadedModel } from '../../worker/protocol.ts';
import { useStore } from '../../state/store.ts';
import { fallbackText } from '../i18n/reasons.ts';
import { useT, selectLanguage } from '../i18n/use-t.ts';
import { BACKEND_NAMES } from './catalog-labels.ts';
import { formatInteger, formatMs } from './format.ts';

/** The backend actually in use, the dtype, and what loading cost; a badge when WebGPU fell back to WASM. */
export function LoadedSummary({ model }: { model: LoadedModel }) {
  const t = useT();
  const language = useStore(selectLanguage);
  const fallback = fallbackText(t, model);
  return (
    <>
      <dl className="loaded-summary">
        <div>
          <dt>{t('modelBar.loaded.backend')}</dt>
          <dd data-testid="loaded-backend">{BACKEND_NAMES[model.device]}</dd>
        </div>
        <div>
          <dt>{t('modelBar.loaded.dtype')}</dt>
          <dd>{model.dtype}</dd>
        </div>
        <div>
          <dt>{t('modelBar.loaded.loadTime')}</dt>
          <dd data-testid="loaded-load-time">{formatMs(model.loadMs, language)}</dd>
        </div>
        <div>
          <dt>{t('modelBar.loaded.warmup')}</dt>
          <dd>{formatMs(model.warmupMs, language)}</dd>
        </div>
        <div>
          <dt>{t('modelBar.loaded.context')}</dt>
          <dd>{t('modelBar.loaded.tokens', { count: formatInteger(model.contextLength, language) })}</dd>
        </div>
      </dl>
      {model.storage === 'memory_only' && (
        <p role="note" className="fallback-note">
          {t('modelBar.memoryOnly')}
        </p>
      )}
      {fallback && (
        <p className="fallback-note">
          <span className="badge badge-warning">{t('modelBar.fallback')}</span> {fallback}
        </p>
      )}
    </>
  );
}
