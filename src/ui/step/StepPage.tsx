import { useT } from '../i18n/use-t.ts';

/** The "step" teaching mode (being built). */
export function StepPage() {
  const t = useT();
  return (
    <section className="mode-page" aria-label={t('mode.step')}>
      <h2>{t('mode.step')}</h2>
    </section>
  );
}
