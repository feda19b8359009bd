import type { StateCreator } from 'zustand';
import type { ModelDtype } from '../../engine/backend-support.ts';
import type { GpuProbe } from '../../engine/gpu-probe.ts';
import type { DevicePreference, LoadedModel, RequestId, WorkerErrorInfo } from '../../worker/protocol.ts';
import { DEFAULT_MODEL_ID } from '../defaults.ts';
import type { Store } from '../store.ts';
import type { ModelIdProblem } from '../../engine/model-id.ts';

export interface FileLoad {
  readonly loaded: number;
  readonly total: number | null;
  readonly done: boolean;
}

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';

export interface ModelSlice {
  /** What the model bar has selected (not necessarily loaded). */
  readonly modelId: string;
  readonly dtype: ModelDtype | 'auto';
  readonly device: DevicePreference;
  readonly offline: boolean;
  readonly loadStatus: LoadStatus;
  readonly loadRequestId: RequestId | null;
  /** Bytes per file of the load in progress, in the order files started. */
  readonly files: Readonly<Record<string, FileLoad>>;
  readonly loaded: LoadedModel | null;
  readonly loadError: WorkerErrorInfo | null;
  /** The WebGPU adapter a worker gets (null until probed): decides what `auto` means and which dtypes can run. */
  readonly gpuProbe: GpuProbe | null;
  /** The id Load refused (engine/model-id.ts) and why; shown on the field while that id is selected. */
  readonly modelIdProblem: { readonly modelId: string; readonly problem: ModelIdProblem } | null;
}

export function initialModelState(): ModelSlice {
  return {
    modelId: DEFAULT_MODEL_ID,
    dtype: 'auto',
    device: 'auto',
    offline: false,
    loadStatus: 'idle',
    loadRequestId: null,
    files: {},
    loaded: null,
    loadError: null,
    gpuProbe: null,
    modelIdProblem: null,
  };
}

export const createModelSlice: StateCreator<Store, [], [], ModelSlice> = () => initialModelState();
