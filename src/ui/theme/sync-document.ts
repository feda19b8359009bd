import { useStore, type Store } from '../../state/store.ts';

/** Puts the theme on `<html data-theme>` (the CSS variables follow it) and the language on `<html lang>`. */
function apply(state: Pick<Store, 'theme' | 'language'>): void {
  const root = document.documentElement;
  root.dataset.theme = state.theme;
  root.lang = state.language;
}

/** Applies the store's theme and language to the document now and whenever they change. */
export function syncDocumentWithStore(): () => void {
  apply(useStore.getState());
  return useStore.subscribe((state, previous) => {
    if (state.theme !== previous.theme || state.language !== previous.language) apply(state);
  });
}
