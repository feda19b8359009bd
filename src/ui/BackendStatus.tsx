import { useStore, type Store } from '../state/store.ts';
import { gpuUnavailableText } from './i18n/reasons.ts';
import { useT } from './i18n/use-t.ts';

const selectProbe = (s: Store) => s.gpuProbe;

/**
 * Which WebGPU adapter a worker gets (probed once at start, see main.tsx), so people know what
 * their model will run on. The test ids are read by e2e/webgpu-smoke.spec.ts.
 */
export function BackendStatus() {
  const t = useT();
  const probe = useStore(selectProbe);

  return (
    <section aria-label={t('backend.title')} className="backend-status">
      <h2 className="visually-hidden">{t('backend.title')}</h2>
      {probe === null && <p>{t('backend.checking')}</p>}
      {probe?.available === true && (
        <dl aria-label={t('backend.adapter')}>
          <div>
            <dt>{t('backend.webgpu')}</dt>
            <dd data-testid="webgpu-adapter">
              {probe.vendor || t('backend.unknownVendor')} / {probe.architecture || t('backend.unknownArchitecture')}
            </dd>
          </div>
          <div>
            <dt>{t('backend.fallbackAdapter')}</dt>
            <dd data-testid="webgpu-fallback">{probe.isFallbackAdapter ? t('backend.fallbackAdapter.yes') : t('backend.no')}</dd>
          </div>
          <div>
            <dt>{t('backend.f16')}</dt>
            <dd data-testid="webgpu-f16">{probe.shaderF16 ? t('backend.yes') : t('backend.no')}</dd>
          </div>
        </dl>
      )}
      {probe?.available === false && <p data-testid="webgpu-unavailable">{t('backend.unavailable', { reason: gpuUnavailableText(t, probe) })}</p>}
    </section>
  );
}
