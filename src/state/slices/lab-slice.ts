import type { StateCreator } from 'zustand';
import type { Store } from '../store.ts';

/** The lab teaching mode's state (being built). */
export interface LabModeState {
  readonly status: 'idle';
}

export interface LabSlice {
  readonly lab: LabModeState;
}

export function initialLabState(): LabSlice {
  return { lab: { status: 'idle' } };
}

export const createLabSlice: StateCreator<Store, [], [], LabSlice> = () => initialLabState();
