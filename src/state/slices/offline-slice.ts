import type { StateCreator } from 'zustand';
import type { StoredModel } from '../../engine/stored-files.ts';
import type { Store } from '../store.ts';

/**
 * The app shell's service worker: `development` on the dev server (none there), `unsupported`
 * where the browser has none, `installing` until the shell is stored, `ready` when a reload
 * works with the network off.
 */
export type ShellStatus = 'development' | 'unsupported' | 'installing' | 'ready' | 'failed';

/** `navigator.storage.persist()`: whether stored models are safe from the browser's clean-ups. */
export type Persistence = 'unknown' | 'persisted' | 'not_persisted' | 'unsupported';

export interface OfflineSlice {
  readonly shell: ShellStatus;
  /** Models in the browser's storage; null until read, or where there is no storage. */
  readonly storedModels: readonly StoredModel[] | null;
  /** `navigator.storage.estimate()`, in bytes. */
  readonly storageEstimate: { readonly usage: number; readonly quota: number } | null;
  readonly persistence: Persistence;
  /** The answer to the last request for persistent storage; null before one. */
  readonly persistAnswer: 'granted' | 'refused' | null;
}

export function initialOfflineState(): OfflineSlice {
  return { shell: 'installing', storedModels: null, storageEstimate: null, persistence: 'unknown', persistAnswer: null };
}

export const createOfflineSlice: StateCreator<Store, [], [], OfflineSlice> = () => initialOfflineState();
