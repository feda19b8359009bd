/**
 * The one store, built from typed slices. Actions live in actions.ts as plain functions that call
 * `setState`; components read it with narrow selectors.
 */
import { create } from 'zustand';
import { createAutocompleteSlice, initialAutocompleteState, type AutocompleteSlice } from './slices/autocomplete-slice.ts';
import { createConvertSlice, initialConvertState, type ConvertSlice } from './slices/convert-slice.ts';
import { createLabSlice, initialLabState, type LabSlice } from './slices/lab-slice.ts';
import { createModelSlice, initialModelState, type ModelSlice } from './slices/model-slice.ts';
import { createOfflineSlice, initialOfflineState, type OfflineSlice } from './slices/offline-slice.ts';
import { createPanelsSlice, initialPanelsState, type PanelsSlice } from './slices/panels-slice.ts';
import { createStepSlice, initialStepState, type StepSlice } from './slices/step-slice.ts';
import { createUiSlice, initialUiState, type UiSlice } from './slices/ui-slice.ts';

export type Store = ModelSlice & PanelsSlice & UiSlice & OfflineSlice & StepSlice & AutocompleteSlice & LabSlice & ConvertSlice;

export const useStore = create<Store>()((...args) => ({
  ...createModelSlice(...args),
  ...createPanelsSlice(...args),
  ...createUiSlice(...args),
  ...createOfflineSlice(...args),
  ...createStepSlice(...args),
  ...createAutocompleteSlice(...args),
  ...createLabSlice(...args),
  ...createConvertSlice(...args),
}));

/** Back to the initial state (tests, "reset" in the UI). */
export function resetStore(): void {
  useStore.setState({
    ...initialModelState(),
    ...initialPanelsState(),
    ...initialUiState(),
    ...initialOfflineState(),
    ...initialStepState(),
    ...initialAutocompleteState(),
    ...initialLabState(),
    ...initialConvertState(),
  });
}
