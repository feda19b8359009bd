import type { StateCreator } from 'zustand';
import type { Store } from '../store.ts';

/** The step teaching mode's state (being built). */
export interface StepModeState {
  readonly status: 'idle';
}

export interface StepSlice {
  readonly stepMode: StepModeState;
}

export function initialStepState(): StepSlice {
  return { stepMode: { status: 'idle' } };
}

export const createStepSlice: StateCreator<Store, [], [], StepSlice> = () => initialStepState();
