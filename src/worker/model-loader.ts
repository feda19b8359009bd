/**
 * Loads a causal LM and its tokenizer with transformers.js: picks the backend and dtype, turns the
 * library's progress events into our own messages, and warms the model up once.
 */
import { AutoModelForCausalLM, AutoTokenizer, type PreTrainedModel, type PreTrainedTokenizer, type ProgressInfo } from '@huggingface/transformers';
import { defaultDtype, dtypeSupport, type Backend, type ModelDtype } from '../engine/backend-support.ts';
import { tokenId } from '../engine/types.ts';
import { toWorkerError, WorkerError } from './errors.ts';
import { watchLoadFetches } from './fetch-watch.ts';
import { autoBackend, type FallbackReason, type GpuProbe } from '../engine/gpu-probe.ts';
import type { LoadedModel, LoadRequest } from './protocol.ts';
import { TransformersLm } from './transformers-lm.ts';
import { autoDtypeAmong, checkDiskFolder } from '../engine/disk-folder-check.ts';
import { diskModelHost, type DiskModelHost } from './disk-model-host.ts';
import { allowHub, runtimeStarted, setModelHost, storedFilesSettled } from './transformers-env.ts';
import { singleDownloads } from './single-download.ts';

export interface LoadedSession {
  readonly model: PreTrainedModel;
  readonly tokenizer: PreTrainedTokenizer;
  readonly lm: TransformersLm;
  readonly info: LoadedModel;
}

export interface FileProgress {
  readonly file: string;
  readonly loaded: number;
  readonly total: number | null;
  readonly done: boolean;
}

/**
 * The backend to use and, when it is not the one asked for, why. `auto` takes WebGPU only on a
 * real GPU: a fallback adapter (software, such as SwiftShader) is many times slower than WASM.
 */
export function chooseDevice(request: Pick<LoadRequest, 'device'>, probe: GpuProbe): { device: Backend; fallbackReason: FallbackReason | null } {
  if (request.device === 'wasm') return { device: 'wasm', fallbackReason: null };
  if (request.device === 'webgpu') {
    if (probe.available) return { device: 'webgpu', fallbackReason: null };
    throw new WorkerError('backend_unavailable', { device: 'webgpu' }, probe.detail ?? probe.code);
  }
  const { backend, fallback } = autoBackend(probe);
  return { device: backend, fallbackReason: fallback };
}

/** transformers.js calls ONNX Runtime's CPU backend `cpu` in Node (tests, benchmarks) and `wasm` in browsers. */
function libraryDevice(device: Backend): Backend | 'cpu' {
  const inNode = typeof globalThis.process?.versions?.node === 'string';
  return device === 'wasm' && inNode ? 'cpu' : device;
}

/** `auto` → {@link defaultDtype}: q8 on WASM, fp32 on WebGPU. */
export function chooseDtype(dtype: LoadRequest['dtype'], device: Backend, probe: GpuProbe): ModelDtype {
  const chosen: ModelDtype = dtype !== 'auto' ? dtype : defaultDtype(device);
  const support = dtypeSupport(chosen, device, probe.available ? { shaderF16: probe.shaderF16 } : null);
  if (!support.ok) throw new WorkerError('unsupported_dtype', { reason: support.code, dtype: chosen, device });
  return chosen;
}

interface ModelConfigShape {
  readonly n_positions?: number;
  readonly max_position_embeddings?: number;
  readonly vocab_size?: number;
  readonly eos_token_id?: number | number[];
}

function shapeOf(config: ModelConfigShape): { contextLength: number; vocabSize: number; eosTokenId: number } {
  const contextLength = config.n_positions ?? config.max_position_embeddings;
  const vocabSize = config.vocab_size;
  const eos = Array.isArray(config.eos_token_id) ? config.eos_token_id[0] : config.eos_token_id;
  if (!contextLength || !vocabSize || eos === undefined) {
    throw new WorkerError('corrupt_model', { reason: 'config_incomplete' });
  }
  return { contextLength, vocabSize, eosTokenId: eos };
}

/** Translates transformers.js progress events into per-file byte counts. */
function progressAdapter(onProgress: (p: FileProgress) => void): (info: ProgressInfo) => void {
  return (info) => {
    switch (info.status) {
      case 'progress':
        onProgress({ file: info.file, loaded: info.loaded, total: info.total || null, done: false });
        break;
      case 'done':
        onProgress({ file: info.file, loaded: -1, total: null, done: true });
        break;
      default:
        break; // initiate / download / ready / progress_total carry nothing per file that we show
    }
  };
}

/** A folder from disk as transformers.js will be asked for it: its export and the dtype to load. */
interface DiskChoice {
  readonly modelFileName: string;
  readonly dtype: ModelDtype;
}

/**
 * Checks a folder opened from disk and serves it to transformers.js through `host`. The page
 * checked it already; a request that skipped the page still gets a message that says what to do.
 */
export function serveDiskFolder(request: LoadRequest & { diskFiles: NonNullable<LoadRequest['diskFiles']> }, device: Backend, probe: GpuProbe, host: DiskModelHost = diskModelHost): DiskChoice {
  const check = checkDiskFolder(request.diskFiles.map((f) => ({ path: f.path, size: f.file.size })));
  if (!check.ok) {
    throw new WorkerError('disk_folder_incomplete', { missing: check.missing });
  }
  const available = check.dtypes.map((d) => d.dtype);
  const adapter = probe.available ? { shaderF16: probe.shaderF16 } : null;
  const dtype = request.dtype === 'auto' ? autoDtypeAmong(available, device, adapter) : request.dtype;
  if (dtype === null) {
    throw new WorkerError('unsupported_dtype', { reason: 'folder_no_runnable_dtype', available, device });
  }
  if (!available.includes(dtype)) {
    throw new WorkerError('unsupported_dtype', { reason: 'folder_lacks_dtype', available, dtype });
  }
  const files = request.diskFiles.map(({ path, file }) => {
    if (!(file instanceof Blob)) throw new WorkerError('invalid_request', { reason: 'not_a_file', value: path });
    return { path: path.slice(check.root.length), file };
  });
  host.serve(request.modelId, files);
  return { modelFileName: check.modelFileName, dtype: chooseDtype(dtype, device, probe) };
}

/** Error codes that say nothing about the backend: loading on the other one would fail the same way. */
const NOT_THE_BACKEND: readonly string[] = ['model_not_found', 'offline_unavailable', 'network', 'corrupt_model', 'not_a_model_file', 'server_unreachable', 'file_download_failed', 'disk_folder_incomplete', 'invalid_request'];

export async function loadSession(
  request: LoadRequest,
  probe: GpuProbe,
  onProgress: (p: FileProgress) => void,
  now: () => number,
): Promise<LoadedSession> {
  const started = now();
  const choice = chooseDevice(request, probe);
  // A web page instead of a file, a server that cannot be reached: said as such (fetch-watch.ts).
  const fetches = watchLoadFetches();
  // Each file of this load is requested once, however often transformers.js asks for it.
  singleDownloads.begin();
  try {
    return await loadOn(request, probe, choice, onProgress, now, started);
  } catch (thrown) {
    const error = fetches.explain(thrown, request.modelId);
    // `auto` picked WebGPU and it could not run the model (a driver, an operator, its memory):
    // WASM runs everything, so the person gets a model, and a badge that says why it is on WASM.
    const info = toWorkerError(error, { modelId: request.modelId, dtype: request.dtype, device: 'webgpu' });
    if (request.device !== 'auto' || choice.device !== 'webgpu' || NOT_THE_BACKEND.includes(info.code)) {
      // A damaged file may still be being written: let it land, so that removing it (load-runner.ts) is not undone.
      await storedFilesSettled();
      throw error;
    }
    const fallbackReason: FallbackReason = { code: 'webgpu_failed', error: info.code, detail: info.detail };
    return await loadOn(request, probe, { device: 'wasm', fallbackReason }, onProgress, now, started);
  } finally {
    singleDownloads.end();
  }
}

async function loadOn(
  request: LoadRequest,
  probe: GpuProbe,
  { device, fallbackReason }: { device: Backend; fallbackReason: FallbackReason | null },
  onProgress: (p: FileProgress) => void,
  now: () => number,
  started: number,
): Promise<LoadedSession> {
  const disk = request.diskFiles ? serveDiskFolder({ ...request, diskFiles: request.diskFiles }, device, probe) : null;
  const dtype = disk?.dtype ?? chooseDtype(request.dtype, device, probe);
  // A folder from disk never needs the network: a file it lacks must fail, not be looked for online.
  allowHub(!request.offline && !disk);
  setModelHost(request.modelHost);
  const progress_callback = progressAdapter(onProgress);
  const modelFileName = disk?.modelFileName ?? request.modelFileName;
  // ONNX Runtime may be starting (transformers-env.ts startRuntime); WebGPU's setup must come after.
  if (device === 'webgpu') await runtimeStarted();
  // The model first: its config.json is the clearest "not found" when an id is wrong.
  const model = await AutoModelForCausalLM.from_pretrained(request.modelId, {
    device: libraryDevice(device),
    dtype,
    progress_callback,
    // `model` is the library's default; naming it anyway would change nothing.
    ...(modelFileName && modelFileName !== 'model' ? { model_file_name: modelFileName } : {}),
  });
  try {
    const tokenizer = await AutoTokenizer.from_pretrained(request.modelId, { progress_callback });
    const shape = shapeOf(model.config as ModelConfigShape);
    const lm = new TransformersLm(model, { ...shape, eosTokenId: tokenId(shape.eosTokenId) });
    const loaded = now();
    // One token through the whole network: WebGPU compiles its shaders here, not on the first real token.
    await lm.prefill([lm.eosTokenId], 1);
    await lm.release();
    const info: LoadedModel = {
      modelId: request.modelId,
      dtype,
      device,
      fallbackReason,
      adapter: probe,
      ...shape,
      loadMs: loaded - started,
      warmupMs: now() - loaded,
      // The handler knows what the browser's storage did; Node has none.
      storage: 'not_cached',
    };
    return { model, tokenizer, lm, info };
  } catch (error) {
    await model.dispose();
    throw error;
  }
}
