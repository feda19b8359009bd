/**
 * Keeps the address bar on the page's setup: once a person changes the prompt, the model or a
 * panel, the URL's hash carries it (the same link the Share dialog gives), so a reload, a bookmark
 * or a copied address restores the page instead of losing it.
 */
import { shareUrl } from './url-state.ts';
import { useStore, type Store } from './store.ts';

/** Typing stays cheap: the address is rewritten once the changes pause. */
export const ADDRESS_BAR_DELAY_MS = 400;

/** Whether anything a link carries differs; streamed tokens change `panels` but none of these. */
export function linkedSetupChanged(a: Store, b: Store): boolean {
  if (
    a.prompt !== b.prompt ||
    a.modelId !== b.modelId ||
    a.dtype !== b.dtype ||
    a.device !== b.device ||
    a.sharedSeed !== b.sharedSeed ||
    a.seed !== b.seed ||
    a.tokenView !== b.tokenView ||
    a.panels.length !== b.panels.length ||
    a.stepMode.prompt !== b.stepMode.prompt ||
    a.stepMode.settings !== b.stepMode.settings ||
    a.stepMode.seed !== b.stepMode.seed ||
    a.stepMode.maxTokens !== b.stepMode.maxTokens
  ) {
    return true;
  }
  return a.panels.some((p, i) => {
    const q = b.panels[i];
    return !q || p.settings !== q.settings || p.seed !== q.seed || p.maxNewTokens !== q.maxNewTokens;
  });
}

/**
 * Starts rewriting the address (with `history.replaceState`, so Back is not filled with versions)
 * whenever the linked setup changes. Returns the function that stops it.
 */
export function keepAddressBarInSync(delayMs = ADDRESS_BAR_DELAY_MS): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const write = () => {
    timer = null;
    history.replaceState(history.state, '', shareUrl(useStore.getState(), window.location.href));
  };
  const unsubscribe = useStore.subscribe((state, previous) => {
    if (!linkedSetupChanged(state, previous)) return;
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(write, delayMs);
  });
  return () => {
    unsubscribe();
    if (timer !== null) clearTimeout(timer);
  };
}
