import { useStore, type Store } from '../../state/store.ts';
import { en, type MessageKey } from './en.ts';
import { es } from './es.ts';

/** The page's language, for components that format numbers or pick words in it. */
export const selectLanguage = (s: Store) => s.language;

/** Every string of the page, per language. */
export const CATALOGS = { en, es } as const;

/** `{name}` placeholders are replaced by `values[name]`. */
export function format(template: string, values: Readonly<Record<string, string | number>> = {}): string {
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in values ? String(values[name]) : match));
}

/** The translate function of the current language. */
export function useT(): (key: MessageKey, values?: Readonly<Record<string, string | number>>) => string {
  const language = useStore(selectLanguage);
  const catalog = CATALOGS[language];
  return (key, values) => format(catalog[key], values);
}
