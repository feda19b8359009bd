import { useStore, type Store } from '../../state/store.ts';
import { en, type MessageKey } from './en.ts';
import { es } from './es.ts';
import { format } from './format.ts';

/** The page's language, for components that format numbers or pick words in it. */
export const selectLanguage = (s: Store) => s.language;

/** Every string of the page, per language. */
export const CATALOGS = { en, es } as const;

export { format };

/** The translate function of the current language. */
export function useT(): (key: MessageKey, values?: Readonly<Record<string, string | number>>) => string {
  const language = useStore(selectLanguage);
  const catalog = CATALOGS[language];
  return (key, values) => format(catalog[key], values);
}
