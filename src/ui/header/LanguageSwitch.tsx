import { useId } from 'react';
import { setLanguage } from '../../state/actions.ts';
import type { Language } from '../../state/slices/ui-slice.ts';
import { useStore } from '../../state/store.ts';
import { useT, selectLanguage } from '../i18n/use-t.ts';

const LANGUAGES: readonly Language[] = ['en', 'es'];
const isLanguage = (value: string): value is Language => (LANGUAGES as readonly string[]).includes(value);

/** English or Spanish; starts as the browser's language. */
export function LanguageSwitch() {
  const t = useT();
  const language = useStore(selectLanguage);
  const id = useId();
  return (
    <div className="inline-field">
      <label htmlFor={id}>{t('app.language')}</label>
      <select id={id} value={language} onChange={(event) => isLanguage(event.target.value) && setLanguage(event.target.value)}>
        {/* Each language in its own words, so a reader finds theirs whatever the page's language. */}
        <option value="en" lang="en">
          {t('app.language.en')}
        </option>
        <option value="es" lang="es">
          {t('app.language.es')}
        </option>
      </select>
    </div>
  );
}
