/**
 * Converting a checkpoint in the browser (issue 12): a Hub id with no ONNX export, converted by
 * the worker into the browser's storage and then loaded like any stored model; and a checkpoint
 * folder opened from disk, converted into memory and then opened like a model folder.
 */
import { defaultDtype, type ModelDtype } from '../engine/backend-support.ts';
import { checkpointRoot } from '../engine/checkpoint-files.ts';
import { diskModelId } from '../engine/disk-folder-check.ts';
import { autoBackend } from '../engine/gpu-probe.ts';
import type { ConvertPayload, ConvertProgress, ConvertResult, RequestId } from '../worker/protocol.ts';
import { loadModel } from './actions.ts';
import { refreshStoredModels } from './browser-storage.ts';
import { deviceMemoryGb } from './device-memory.ts';
import type { PickedFolder } from './disk-folder-read.ts';
import { checkModelHost } from './model-host-url.ts';
import type { ConvertFile, ConvertState } from './slices/convert-slice.ts';
import { useStore, type Store } from './store.ts';
import { callErrorInfo, workerClient } from './worker-client.ts';

let controller: AbortController | null = null;

/** The dtype a conversion writes: the chosen one, or what `auto` loads on the backend the load will use. */
export function conversionDtype(state: Pick<Store, 'dtype' | 'device' | 'gpuProbe'>): ModelDtype {
  if (state.dtype !== 'auto') return state.dtype;
  const backend = state.device !== 'auto' ? state.device : state.gpuProbe ? autoBackend(state.gpuProbe).backend : 'wasm';
  return defaultDtype(backend);
}

const setConvert = (patch: Partial<ConvertState>) => useStore.setState((s) => ({ convert: { ...s.convert, ...patch } }));

/** Folds one progress event into the list (a file keeps its place; its bytes move on). */
export function withProgress(files: readonly ConvertFile[], event: ConvertProgress): ConvertFile[] {
  const file: ConvertFile = { phase: event.phase, file: event.file, done: event.done, total: event.total };
  const at = files.findIndex((f) => f.phase === event.phase && f.file === event.file);
  return at < 0 ? [...files, file] : files.map((f, i) => (i === at ? file : f));
}

/** Starts a conversion; settles the slice and returns the result (null on failure or when superseded). */
async function run(payload: ConvertPayload, source: 'hub' | 'disk'): Promise<ConvertResult | null> {
  controller?.abort();
  const own = new AbortController();
  controller = own;
  const call = workerClient.call('convert', payload, {
    signal: own.signal,
    onEvent: (event) => {
      if (useStore.getState().convert.requestId === call.requestId) setConvert({ files: withProgress(useStore.getState().convert.files, event) });
    },
  });
  const requestId: RequestId = call.requestId;
  useStore.setState({ convert: { status: 'converting', modelId: payload.modelId, source, dtype: payload.dtypes[0] ?? null, requestId, files: [], error: null } });
  try {
    const result = await call;
    if (useStore.getState().convert.requestId !== requestId) return null;
    setConvert({ status: 'done', requestId: null });
    return result;
  } catch (error) {
    // Cancelled: the worker removed what it had stored; there is nothing to show.
    if (useStore.getState().convert.requestId === requestId) setConvert(own.signal.aborted ? { status: 'idle', requestId: null, files: [] } : { status: 'error', requestId: null, error: callErrorInfo(error) });
    return null;
  } finally {
    if (controller === own) controller = null;
  }
}

/**
 * Converts the selected Hub id in the chosen dtype into the browser's storage, then loads it.
 * The worker checks its size against this device's memory before downloading the weights.
 */
export async function convertSelectedModel(): Promise<void> {
  const state = useStore.getState();
  const host = checkModelHost(state.modelHost);
  const memory = deviceMemoryGb();
  const result = await run(
    {
      modelId: state.modelId,
      dtypes: [conversionDtype(state)],
      ...(host.kind === 'host' ? { modelHost: host.host } : {}),
      ...(memory !== undefined ? { deviceMemoryGb: memory } : {}),
    },
    'hub',
  );
  if (!result) return;
  await refreshStoredModels();
  // The person may have picked another model meanwhile: load only the one converted.
  if (useStore.getState().modelId === result.modelId) loadModel();
}

/** Stops the running conversion; the worker removes what it had stored. */
export function cancelConversion(): void {
  controller?.abort();
}

/**
 * A folder from disk that holds a checkpoint (no ONNX export): converts it in memory in the chosen
 * dtype, then opens the converted files as a model folder and loads them. Returns false, doing
 * nothing, when the folder holds no checkpoint.
 */
export function startDiskConversion(picked: PickedFolder): boolean {
  const root = checkpointRoot(picked.files.map((f) => ({ path: f.path, size: f.file.size })));
  if (root === null) return false;
  const below = root.replace(/\/$/, '');
  const folder = below === '' ? picked.name : `${picked.name}/${below}`;
  const modelId = diskModelId(below === '' ? picked.name : (below.split('/').pop() ?? picked.name));
  const dtype = conversionDtype(useStore.getState());
  const files = picked.files.filter((f) => f.path.startsWith(root)).map((f) => ({ path: f.path.slice(root.length), file: f.file }));
  useStore.setState({ diskFolderError: null, modelId });
  void run({ modelId, dtypes: [dtype], diskFiles: files }, 'disk').then((result) => {
    if (!result?.diskFiles) return;
    const bytes = result.diskFiles.filter((f) => f.path.startsWith('onnx/')).reduce((sum, f) => sum + f.file.size, 0);
    // The worker sends File objects (convert-runner.ts); the protocol types them by what it reads of them.
    const converted = result.diskFiles as readonly { readonly path: string; readonly file: File }[];
    useStore.setState({ diskFolder: { folder, modelId, files: converted, dtypes: [{ dtype, bytes }] }, modelId, dtype: 'auto' });
    loadModel();
  });
  return true;
}
