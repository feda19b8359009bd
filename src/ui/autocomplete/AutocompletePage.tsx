import { useT } from '../i18n/use-t.ts';

/** The "autocomplete" teaching mode (being built). */
export function AutocompletePage() {
  const t = useT();
  return (
    <section className="mode-page" aria-label={t('mode.autocomplete')}>
      <h2>{t('mode.autocomplete')}</h2>
    </section>
  );
}
