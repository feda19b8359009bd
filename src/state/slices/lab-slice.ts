import type { StateCreator } from 'zustand';
import type { ModelDtype } from '../../engine/backend-support.ts';
import type { ReferenceTextLanguage } from '../../engine/lab/reference-texts.ts';
import type { DevicePreference, LabProgress, LabRow, RequestId, WorkerErrorInfo } from '../../worker/protocol.ts';
import type { FileLoad } from './model-slice.ts';
import type { Store } from '../store.ts';

/** Which reference text the lab evaluates: one of the project's paragraphs, or the person's own. */
export type LabTextChoice = ReferenceTextLanguage | 'custom';

/**
 * Where a run is: `stopping` between the Stop press and the worker's `done`; `stopped` when it
 * ended after a stop (its rows are partial); `error` when the whole request failed.
 */
export type LabStatus = 'idle' | 'running' | 'stopping' | 'done' | 'stopped' | 'error';

/** What a run was asked to measure, kept so the results say what they are about. */
export interface LabRun {
  readonly modelId: string;
  readonly device: DevicePreference;
  readonly dtypes: readonly ModelDtype[];
  readonly textChoice: LabTextChoice;
}

/** The dtype being worked on, its phase, and the bytes of its files while it loads. */
export interface LabCurrent {
  readonly dtype: ModelDtype;
  readonly phase: LabProgress['phase'];
  readonly files: Readonly<Record<string, FileLoad>>;
}

/** The quantization lab teaching mode's state. */
export interface LabModeState {
  /** null: the text in the page's language. */
  readonly textChoice: LabTextChoice | null;
  readonly customText: string;
  readonly status: LabStatus;
  readonly requestId: RequestId | null;
  readonly run: LabRun | null;
  readonly current: LabCurrent | null;
  /** One per dtype finished, measured or skipped, in the order of `run.dtypes`. */
  readonly rows: readonly LabRow[];
  readonly error: WorkerErrorInfo | null;
}

export interface LabSlice {
  readonly lab: LabModeState;
}

export function initialLabModeState(): LabModeState {
  return { textChoice: null, customText: '', status: 'idle', requestId: null, run: null, current: null, rows: [], error: null };
}

export function initialLabState(): LabSlice {
  return { lab: initialLabModeState() };
}

export const createLabSlice: StateCreator<Store, [], [], LabSlice> = () => initialLabState();
