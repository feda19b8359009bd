import type { StateCreator } from 'zustand';
import type { ModelDtype } from '../../engine/backend-support.ts';
import type { RequestId, WorkerErrorInfo } from '../../worker/protocol.ts';
import type { Store } from '../store.ts';

/** `converting` from the click until the worker's `done` or `error`; `done` once the converted model is stored (then it loads). */
export type ConvertStatus = 'idle' | 'converting' | 'done' | 'error';

/** One file's progress: a checkpoint file being downloaded, or a converted file being written. */
export interface ConvertFile {
  readonly phase: 'download' | 'convert';
  readonly file: string;
  readonly done: number;
  readonly total: number;
}

/** A conversion in the browser (src/state/convert-actions.ts). */
export interface ConvertState {
  readonly status: ConvertStatus;
  /** The Hub id, or the folder's `disk/<name>` id. */
  readonly modelId: string | null;
  /** `hub`: a Hub (or mirror) checkpoint into the browser's storage; `disk`: a folder picked from disk, kept in memory. */
  readonly source: 'hub' | 'disk' | null;
  readonly dtype: ModelDtype | null;
  readonly requestId: RequestId | null;
  /** In the order first seen. */
  readonly files: readonly ConvertFile[];
  readonly error: WorkerErrorInfo | null;
}

export interface ConvertSlice {
  readonly convert: ConvertState;
}

export function initialConvertState(): ConvertSlice {
  return { convert: { status: 'idle', modelId: null, source: null, dtype: null, requestId: null, files: [], error: null } };
}

export const createConvertSlice: StateCreator<Store, [], [], ConvertSlice> = () => initialConvertState();
