import type { StateCreator } from 'zustand';
import type { ModelDtype } from '../../engine/backend-support.ts';
import type { StoredModel } from '../../engine/stored-files.ts';
import type { Store } from '../store.ts';
import type { LinkHost, LinkNotice } from '../link-safety.ts';

/**
 * The app shell's service worker: `development` on the dev server (none there), `unsupported`
 * where the browser has none, `installing` until the shell is stored, `ready` when a reload
 * works with the network off.
 */
export type ShellStatus = 'development' | 'unsupported' | 'installing' | 'ready' | 'failed';

/** `navigator.storage.persist()`: whether stored models are safe from the browser's clean-ups. */
export type Persistence = 'unknown' | 'persisted' | 'not_persisted' | 'unsupported';

/** A model folder opened from disk and checked: what the next load of its id sends the worker. */
export interface DiskFolder {
  /** The folder as the person knows it: its name, and the path below it when a parent was picked. */
  readonly folder: string;
  /** `disk/<name>`: the id the model bar selects and the worker serves it under. */
  readonly modelId: string;
  /** Its files, with paths relative to the model's folder. */
  readonly files: readonly { readonly path: string; readonly file: File }[];
  /** The dtypes whose weights it has, with their size: the only ones the model bar offers. */
  readonly dtypes: readonly { readonly dtype: ModelDtype; readonly bytes: number }[];
}

/** Why a picked or dropped folder was not opened; `message` is the English, for logs. */
export interface DiskFolderError {
  readonly name: 'DiskFolderError';
  readonly code: 'disk_folder_incomplete' | 'disk_folder_unreadable';
  readonly message: string;
  readonly folder: string;
  /** What the folder lacks (`tokenizer.json`, `onnx/model*.onnx`); empty when nothing could be read. */
  readonly missing: readonly string[];
}

/** Where the last load's files came from, when the page has something to say about it. */
export type LoadSource = { readonly kind: 'disk'; readonly folder: string } | { readonly kind: 'host'; readonly host: string } | null;

export interface OfflineSlice {
  readonly shell: ShellStatus;
  /** Models in the browser's storage; null until read, or where there is no storage. */
  readonly storedModels: readonly StoredModel[] | null;
  /** `navigator.storage.estimate()`, in bytes. */
  readonly storageEstimate: { readonly usage: number; readonly quota: number } | null;
  readonly persistence: Persistence;
  /** The answer to the last request for persistent storage; null before one. */
  readonly persistAnswer: 'granted' | 'refused' | null;
  /** The model host as typed or linked (`?hub=`); empty for the Hugging Face Hub. */
  readonly modelHost: string;
  readonly diskFolder: DiskFolder | null;
  readonly diskFolderError: DiskFolderError | null;
  readonly loadSource: LoadSource;
  /** A model host a link named, waiting for the person's answer; nothing contacts it before (link-safety.ts). */
  readonly linkHost: LinkHost | null;
  /** What the page's link carried that could not be used, said once on the page. */
  readonly linkNotices: readonly LinkNotice[];
}

export function initialOfflineState(): OfflineSlice {
  return {
    shell: 'installing',
    storedModels: null,
    storageEstimate: null,
    persistence: 'unknown',
    persistAnswer: null,
    modelHost: '',
    diskFolder: null,
    diskFolderError: null,
    loadSource: null,
    linkHost: null,
    linkNotices: [],
  };
}

export const createOfflineSlice: StateCreator<Store, [], [], OfflineSlice> = () => initialOfflineState();
