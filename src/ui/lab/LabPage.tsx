import { useT } from '../i18n/use-t.ts';

/** The "lab" teaching mode (being built). */
export function LabPage() {
  const t = useT();
  return (
    <section className="mode-page" aria-label={t('mode.lab')}>
      <h2>{t('mode.lab')}</h2>
    </section>
  );
}
