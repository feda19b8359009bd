/** Narrow selectors of the autocomplete page, declared once so components subscribe to little. */
import type { Store } from '../../state/store.ts';

export const selectText = (s: Store) => s.autocomplete.text;
export const selectSuggestion = (s: Store) => s.autocomplete.suggestion;
export const selectStatus = (s: Store) => s.autocomplete.status;
export const selectError = (s: Store) => s.autocomplete.error;
export const selectSettings = (s: Store) => s.autocomplete.settings;
export const selectMaxNewTokens = (s: Store) => s.autocomplete.maxNewTokens;
export const selectPauseMs = (s: Store) => s.autocomplete.pauseMs;
export const selectHistory = (s: Store) => s.autocomplete.history;
export const selectCacheStats = (s: Store) => s.autocomplete.cache;
export const selectDevice = (s: Store) => s.loaded?.device ?? null;
export const selectModelReady = (s: Store) => s.loadStatus === 'ready' && s.loaded !== null;

/** The alternative on screen, when it continues the editor's current text; else null. */
export const selectGhost = (s: Store): string | null => {
  const { suggestion, text } = s.autocomplete;
  if (!suggestion || suggestion.text !== text) return null;
  return suggestion.alternatives[suggestion.index] ?? null;
};

/** Leading tokens of the text the shown suggestion's model did not see (0 when none is shown or all fit). */
export const selectDroppedTokens = (s: Store): number => (selectGhost(s) === null ? 0 : (s.autocomplete.suggestion?.droppedTokens ?? 0));
