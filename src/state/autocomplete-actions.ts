/**
 * What the autocomplete editor can ask for: typing, accepting (Tab), dismissing (Esc), cycling
 * the alternatives (Alt+] / Alt+[), and the settings. Requests themselves: autocomplete-requests.ts.
 */
import { cancelSuggestion, scheduleSuggestion } from './autocomplete-requests.ts';
import { clampSettingValues, clampToRange, type Range } from '../engine/settings-schema.ts';
import type { AutocompleteModeState, AutocompleteSettings } from './slices/autocomplete-slice.ts';
import { useStore } from './store.ts';

/** Tokens per suggestion: a few, so a suggestion stays a suggestion and arrives fast. */
export const SUGGESTION_TOKENS_RANGE: Range = { min: 1, max: 16, step: 1 };
/** Pause before suggesting, in ms. */
export const PAUSE_RANGE: Range = { min: 0, max: 2000, step: 50 };

function update(change: (state: AutocompleteModeState) => Partial<AutocompleteModeState>): void {
  useStore.setState((s) => ({ autocomplete: { ...s.autocomplete, ...change(s.autocomplete) } }));
}

/**
 * The editor's text changed. Any suggestion on screen and any request in flight belong to the old
 * text: both go. A new one is asked for after the pause, when the caret is at the end (ghost text
 * continues the text; it has no place in the middle of it) and there is text to continue.
 */
export function setAutocompleteText(text: string, caretAtEnd = true): void {
  cancelSuggestion();
  update(() => ({ text, suggestion: null }));
  if (caretAtEnd && text.length > 0) scheduleSuggestion(text);
}

/** The caret moved without an edit: a suggestion only makes sense at the end of the text. */
export function setCaretAtEnd(atEnd: boolean): void {
  if (atEnd) return;
  dismissSuggestion();
}

/** Appends the alternative on screen to the text; returns whether there was one (Tab then moves no focus). */
export function acceptSuggestion(): boolean {
  const { suggestion, text } = useStore.getState().autocomplete;
  const alternative = suggestion?.alternatives[suggestion.index];
  if (!suggestion || alternative === undefined || suggestion.text !== text) return false;
  setAutocompleteText(text + alternative);
  return true;
}

/** Hides the suggestion and stops asking until the next edit; returns whether anything was hidden or stopped. */
export function dismissSuggestion(): boolean {
  const { suggestion, status } = useStore.getState().autocomplete;
  cancelSuggestion();
  update(() => ({ suggestion: null }));
  return suggestion !== null || status !== 'idle';
}

/** Shows the next (`+1`) or previous (`-1`) alternative, wrapping around. */
export function cycleAlternative(delta: 1 | -1): boolean {
  const { suggestion } = useStore.getState().autocomplete;
  const count = suggestion?.alternatives.length ?? 0;
  if (!suggestion || count < 2) return false;
  update(() => ({ suggestion: { ...suggestion, index: (suggestion.index + delta + count) % count } }));
  return true;
}

/** Changes temperature, top-k or top-p, clamped; the next suggestion uses them (their own cache entries). */
export function setAutocompleteSettings(change: Partial<AutocompleteSettings>): void {
  update((a) => ({ settings: clampSettingValues({ ...a.settings, ...change }) }));
}

export function setSuggestionTokens(tokens: number): void {
  update(() => ({ maxNewTokens: clampToRange(tokens, SUGGESTION_TOKENS_RANGE) }));
}

export function setPauseMs(ms: number): void {
  update(() => ({ pauseMs: clampToRange(ms, PAUSE_RANGE) }));
}
