import { useStore, type Store } from '../../state/store.ts';
import { CATALOGS } from '../i18n/use-t.ts';

/**
 * Puts the theme on `<html data-theme>` (the CSS variables follow it), the language on
 * `<html lang>`, and the page's description in that language.
 */
function apply(state: Pick<Store, 'theme' | 'language'>): void {
  const root = document.documentElement;
  root.dataset.theme = state.theme;
  root.lang = state.language;
  document.querySelector('meta[name="description"]')?.setAttribute('content', CATALOGS[state.language]['app.tagline']);
}

/** Applies the store's theme and language to the document now and whenever they change. */
export function syncDocumentWithStore(): () => void {
  apply(useStore.getState());
  return useStore.subscribe((state, previous) => {
    if (state.theme !== previous.theme || state.language !== previous.language) apply(state);
  });
}
