import type { StateCreator } from 'zustand';
import type { Store } from '../store.ts';

/** The autocomplete teaching mode's state (being built). */
export interface AutocompleteModeState {
  readonly status: 'idle';
}

export interface AutocompleteSlice {
  readonly autocomplete: AutocompleteModeState;
}

export function initialAutocompleteState(): AutocompleteSlice {
  return { autocomplete: { status: 'idle' } };
}

export const createAutocompleteSlice: StateCreator<Store, [], [], AutocompleteSlice> = () => initialAutocompleteState();
