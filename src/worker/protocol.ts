/**
 * The page ↔ model worker boundary, types only, built around one map: {@link RequestMap} names
 * every request kind with its payload, the events it streams and its result. The wire messages
 * ({@link ToWorker}, {@link FromWorker}) are derived from it, so a new kind is one entry here, one
 * runner in the worker (handler.ts dispatches through the map) and one `workerClient.call` in
 * src/state (worker-client.ts). Every request carries a `requestId` and ends in exactly one
 * terminal message, `done` (with the kind's result) or `error`; its events stream in between.
 *
 * Imports engine types only: the page may import this file (type-only), and nothing else of
 * src/worker (eslint.config.js and src/layers.test.ts hold that).
 */
import type { Backend, ModelDtype, Support } from '../engine/backend-support.ts';
import type { DecodeReport, FinishReason, PanelSpec } from '../engine/decode-loop.ts';
import type { BackendChoice, FallbackReason, GpuProbe } from '../engine/gpu-probe.ts';
import type { StepStages } from '../engine/stepper/pipeline-stages.ts';
import type { PrefillKind } from '../engine/autocomplete/shared-prefix.ts';
import type { SamplingSettings, SamplingStep } from '../engine/types.ts';

export type { Backend, BackendChoice, FallbackReason, GpuProbe };

export type RequestId = string;

/** `auto`: WebGPU when the worker has a real (not software) adapter, else WASM (engine/gpu-probe.ts `autoBackend`). */
export type DevicePreference = 'auto' | Backend;

/** Whether the browser kept a loaded model's files for the next visit. */
export type StorageOutcome =
  /** Every file is in the browser's storage (downloaded now, or found there). */
  | 'stored'
  /** Some file could not be stored: the model runs from memory for this visit only. */
  | 'memory_only'
  /** No browser storage here (Node, tests, a folder from disk): nothing to report. */
  | 'not_cached';

/**
 * A file of a model folder opened from disk, as it crosses to the worker. `file` is a `File` in
 * the browser; it is typed by what the page reads of it, not as a `Blob`, whose overloaded methods
 * the e2e harnesses' message types cannot carry; the worker checks that it is a Blob before serving it.
 */
export interface DiskFileRef {
  readonly path: string;
  readonly file: { readonly size: number };
}

// --- payloads ---------------------------------------------------------------------------------

export interface LoadPayload {
  /** Hub id (`onnx-community/gpt2-ONNX`) or a model served by the app (`local/gpt2-tiny`). */
  readonly modelId: string;
  /** `auto`: the model's default for the backend (q8 on WASM, fp32 on WebGPU; never fp16 without shader-f16). */
  readonly dtype: ModelDtype | 'auto';
  readonly device: DevicePreference;
  /** ONNX file stem when not `model` (older Xenova exports: `decoder_model_merged`). */
  readonly modelFileName?: string;
  /** Never contact the Hub: only models served by the app. */
  readonly offline?: boolean;
  /**
   * A model folder opened from disk (`modelId` is then `disk/<name>`): its files, paths relative
   * to the folder. The worker serves them to transformers.js itself; nothing is fetched.
   */
  readonly diskFiles?: readonly DiskFileRef[];
  /** Download Hub ids from this host (a classroom mirror, the Hub's URL layout) instead of the Hub. */
  readonly modelHost?: string;
}

export interface GeneratePayload {
  readonly prompt: string;
  /** 1 to 4 panels; they share the prompt and the model and run as one batch. */
  readonly panels: readonly PanelSpec[];
}

export interface StopPayload {
  /** The request to stop. */
  readonly target: RequestId;
  /** One panel's index (a generation), or null for the whole request. */
  readonly panel: number | null;
}

/** Splits a text into the loaded model's tokens (the step-by-step mode starts from the prompt's ids). */
export interface TokenizePayload {
  readonly text: string;
}

/** One step of the step-by-step loop: a forward pass over `ids` (cropped to the context), then every pipeline stage. */
export interface StepPayload {
  /** The whole sequence so far (prompt and taken tokens); the worker feeds its context window. */
  readonly ids: readonly number[];
  /**
   * How many of `ids` are the prompt (≥ 1). When it cannot extend the previous step's cache, the
   * worker prefills the prompt in one pass and feeds the rest one token at a time, as the
   * playground's loop does, so the logits (and a greedy run) are the playground's bit for bit.
   */
  readonly promptLength: number;
  readonly settings: SamplingSettings;
  /** The draw's uniform number in [0, 1), from the step history. */
  readonly uniform: number;
  /** How many top candidates to follow through the stages (default 10). */
  readonly count?: number;
}

/** Autocomplete: a few tokens of continuation for `text`, one alternative per seed, all in one batch. */
export interface SuggestPayload {
  readonly text: string;
  readonly settings: SamplingSettings;
  /** One seed per alternative (1 to 4 rows of one batch). */
  readonly seeds: readonly number[];
  readonly maxNewTokens: number;
}

/** The quantization lab: loads each dtype of a model in turn and measures it against the first (the fp32 baseline). */
export interface LabPayload {
  readonly modelId: string;
  /** In order; the first one is the baseline (fp32). */
  readonly dtypes: readonly ModelDtype[];
  readonly device: DevicePreference;
  /** The reference text for perplexity and the comparisons against the baseline. */
  readonly text: string;
  /** The prompt and length of the greedy decode-speed run. */
  readonly decodePrompt: string;
  readonly decodeTokens: number;
  readonly offline?: boolean;
  /** ONNX file stem when not `model`, as in {@link LoadPayload}. */
  readonly modelFileName?: string;
}

/**
 * Converts a GPT-2 / GPT-Neo checkpoint to ONNX in the worker (src/worker/convert): a Hub id (or a
 * mirror's) into the browser's storage, where the next load of the id finds it; or a checkpoint
 * folder opened from disk into memory, sent back for the page to open as a model folder.
 */
export interface ConvertPayload {
  /** The Hub id, or `disk/<name>` for a folder from disk. */
  readonly modelId: string;
  readonly dtypes: readonly ModelDtype[];
  /** Download the Hub id from this host (a classroom mirror) instead of the Hub. */
  readonly modelHost?: string;
  /** A checkpoint folder from disk (paths inside it); absent for a Hub id. */
  readonly diskFiles?: readonly DiskFileRef[];
  /** `navigator.deviceMemory`: a model that would not fit is refused before its weights are downloaded. */
  readonly deviceMemoryGb?: number;
}

// --- events -----------------------------------------------------------------------------------

/** Bytes of one file of a model being loaded. */
export interface LoadProgress {
  readonly type: 'load_progress';
  readonly requestId: RequestId;
  readonly file: string;
  /** Bytes so far; on the `done` message, the file's size as last reported. */
  readonly loaded: number;
  /** null while the server has not said. */
  readonly total: number | null;
  readonly done: boolean;
}

export interface LoadedModel {
  readonly modelId: string;
  readonly dtype: ModelDtype;
  /** The backend actually in use. */
  readonly device: Backend;
  /** Why the preferred backend was not used, as a code for the page to word; null when it was. */
  readonly fallbackReason: FallbackReason | null;
  /** The WebGPU adapter the worker sees, whatever the device. */
  readonly adapter: GpuProbe;
  readonly contextLength: number;
  readonly vocabSize: number;
  readonly eosTokenId: number;
  readonly loadMs: number;
  /** The warm-up forward pass, so the first real token does not pay for shader compilation. */
  readonly warmupMs: number;
  /** Whether the browser kept the model's files for the next visit. */
  readonly storage: StorageOutcome;
}

/** The model is loaded (sent just before the load's `done`). */
export interface Ready {
  readonly type: 'ready';
  readonly requestId: RequestId;
  readonly model: LoadedModel;
}

/** A generated token with everything the UI shows about it. */
export interface TokenSnapshot {
  readonly index: number;
  readonly step: SamplingStep;
  readonly tokenText: string;
  readonly textDelta: string;
  /** Each of `step.topCandidates` decoded alone, aligned with it, for the token popover. */
  readonly candidateTexts: readonly string[];
  /** When it was sampled, in ms since the generation started. */
  readonly atMs: number;
}

/** Tokens of one or more panels, batched so a fast model does not send a message per token. */
export interface Tokens {
  readonly type: 'tokens';
  readonly requestId: RequestId;
  readonly panels: readonly { readonly panel: number; readonly tokens: readonly TokenSnapshot[] }[];
}

/** How one panel of a generation ended, with its own timings. */
export interface PanelOutcome {
  readonly finishReason: FinishReason;
  readonly generatedTokens: number;
  readonly text: string;
  /** null when the panel was stopped before its first token. */
  readonly timeToFirstTokenMs: number | null;
  readonly decodeTokensPerSecond: number;
}

/** One panel has finished while the others of its batch may go on (sent after its last tokens). */
export interface PanelDone {
  readonly type: 'panel_done';
  readonly requestId: RequestId;
  readonly panel: number;
  readonly outcome: PanelOutcome;
}

/** Which dtype the lab is on, and what it is doing. */
export interface LabProgress {
  readonly type: 'lab_progress';
  readonly requestId: RequestId;
  readonly dtype: ModelDtype;
  readonly phase: 'loading' | 'decoding' | 'evaluating';
  /** While loading: bytes of one file, as in `load_progress`. */
  readonly file?: { readonly name: string; readonly loaded: number; readonly total: number | null; readonly done: boolean };
}

/** Where a measured row's download size comes from. */
export type LabDownloadSource =
  /** The byte totals of the weight files (`onnx/…`) as the load read them. */
  | 'files'
  /** The catalog's measured size: the load reported no byte totals (files already in memory or cache). */
  | 'catalog'
  /** Neither: a model outside the catalog whose load reported no sizes. */
  | 'unknown';

/** One dtype's measurements. */
export interface LabMeasuredRow {
  readonly dtype: ModelDtype;
  readonly status: 'measured';
  /** The first dtype of the request, which every other row is compared against. */
  readonly baseline: boolean;
  readonly device: Backend;
  /** Bytes of the weight files; null when {@link LabMeasuredRow.downloadSource} is `unknown`. */
  readonly downloadBytes: number | null;
  readonly downloadSource: LabDownloadSource;
  /** Reading the files and creating the session, without the warm-up pass. */
  readonly loadMs: number;
  /** Greedy decoding of the request's prompt, tokens after the first per second. */
  readonly decodeTokensPerSecond: number;
  readonly decodedTokens: number;
  /** exp(mean negative log-likelihood) of the reference text's tokens. */
  readonly perplexity: number;
  /** Tokens of the reference text fed to the model (after cropping to the lab's limit). */
  readonly evaluatedTokens: number;
  /** Tokens cut from the end of the reference text to fit the lab's limit. */
  readonly droppedTokens: number;
  /** Mean KL(baseline ‖ this) over the text's positions, in nats; 0 for the baseline; null without a baseline. */
  readonly meanKl: number | null;
  /** Share of positions whose most probable next token equals the baseline's, 0–1; null without a baseline. */
  readonly top1Agreement: number | null;
  /** Largest |baseline − this| over every raw logit of the text; null without a baseline. */
  readonly maxLogitDiff: number | null;
}

/** A dtype the lab did not measure, and why. */
export interface LabSkippedRow {
  readonly dtype: ModelDtype;
  readonly status: 'skipped';
  readonly reason: WorkerErrorInfo;
  /** Set when the backend cannot run the dtype at all (checked before loading), for the page to word. */
  readonly unsupported: Extract<Support, { ok: false }>['code'] | null;
}

/** One dtype's measurements, or why it was skipped. */
export type LabRow = LabMeasuredRow | LabSkippedRow;

export interface LabRowMessage {
  readonly type: 'lab_row';
  readonly requestId: RequestId;
  readonly row: LabRow;
}

// --- results ----------------------------------------------------------------------------------

/** What the worker's WebGPU probe found, and the backend `auto` stands for there. */
export interface BackendReport {
  readonly probe: GpuProbe;
  readonly auto: BackendChoice;
}

export interface GenerationResult extends Omit<DecodeReport, 'panels'> {
  /** Each prompt token decoded alone, aligned with `promptIds`, for showing the prompt as chips. */
  readonly promptTokenTexts: readonly string[];
  readonly panels: readonly PanelOutcome[];
}

export interface TokenizeResult {
  readonly ids: readonly number[];
  /** Each id decoded alone, aligned with `ids`. */
  readonly texts: readonly string[];
}

export interface StepResult {
  readonly stages: StepStages;
  /** Each of `stages.candidates` decoded alone, aligned with it. */
  readonly candidateTexts: readonly string[];
  /**
   * Everything after the prompt with the drawn token appended, decoded whole: byte-level BPE may
   * need two tokens for one character, so joining the tokens' own texts can differ.
   */
  readonly generatedText: string;
  /** How many ids at the start of the sequence were cropped away to fit the context. */
  readonly cropStart: number;
  /** Positions run through the model in this step (the new ones, when the cache was reused). */
  readonly fedTokens: number;
  /** Positions of the window whose keys and values came from the previous step's cache. */
  readonly cachedTokens: number;
  /** The forward passes of this step (0 when the previous step's logits still held). */
  readonly forwardMs: number;
}

export interface SuggestResult {
  /** One continuation per seed, aligned with the request's seeds (shorter when cancelled). */
  readonly alternatives: readonly string[];
  /** Tokens of the text the model saw (after any crop). */
  readonly promptTokens: number;
  /**
   * Leading tokens of the text left out so the suggestion has room in the context: the model sees
   * the last `contextLength − maxNewTokens` tokens. 0 when the whole text fits.
   */
  readonly droppedTokens: number;
  /** Leading tokens whose keys and values came from the previous request's cache. */
  readonly reusedTokens: number;
  /** `extend`: the text only grew; `crop`: it was edited, the cache was cut back; `fresh`: nothing reused. */
  readonly prefillKind: PrefillKind;
  /** Cropping the kept cache, the forward pass over the new tokens, and keeping the prompt's cache. */
  readonly prefillMs: number;
  /** The latest prefill of a whole text (nothing reused) on this model, to compare with; null before the first. */
  readonly fullPrefill: { readonly tokens: number; readonly ms: number } | null;
  /** From the request's start to the last token. */
  readonly totalMs: number;
  /** A newer request (or a stop) ended it early; the page shows nothing from it. */
  readonly cancelled: boolean;
}

/** Bytes of one file of a conversion: a checkpoint file downloading, or a converted file being written. */
export interface ConvertProgress {
  readonly type: 'convert_progress';
  readonly requestId: RequestId;
  readonly phase: 'download' | 'convert';
  /** `model.safetensors` (download), `onnx/model_quantized.onnx` (convert). */
  readonly file: string;
  readonly done: number;
  readonly total: number;
}

export interface ConvertResult {
  readonly modelId: string;
  /** The checkpoint's format. */
  readonly format: 'safetensors' | 'pytorch';
  /** What was written, path and bytes, config.json last. */
  readonly files: readonly { readonly path: string; readonly bytes: number }[];
  /** A folder from disk: the converted files (File objects), to open as a model folder; null for a Hub id (stored). */
  readonly diskFiles: readonly DiskFileRef[] | null;
}

// --- the map ----------------------------------------------------------------------------------

/**
 * Every request kind: its payload, the events it streams before its terminal message, and the
 * result its `done` carries (`void`: a `done` without a result).
 */
export interface RequestMap {
  /** The worker's WebGPU adapter and what `auto` resolves to; answered at once (not queued). */
  readonly probe: { readonly request: Record<never, never>; readonly events: never; readonly result: BackendReport };
  /** Loads the playground's model (replacing the one loaded); `ready` carries it. */
  readonly load: { readonly request: LoadPayload; readonly events: LoadProgress | Ready; readonly result: void };
  readonly generate: { readonly request: GeneratePayload; readonly events: Tokens | PanelDone; readonly result: GenerationResult };
  /** Stops a request (or one panel of a generation); answered at once (not queued). */
  readonly stop: { readonly request: StopPayload; readonly events: never; readonly result: void };
  /** Frees the loaded model. */
  readonly dispose: { readonly request: Record<never, never>; readonly events: never; readonly result: void };
  readonly tokenize: { readonly request: TokenizePayload; readonly events: never; readonly result: TokenizeResult };
  readonly step: { readonly request: StepPayload; readonly events: never; readonly result: StepResult };
  readonly suggest: { readonly request: SuggestPayload; readonly events: never; readonly result: SuggestResult };
  readonly lab: { readonly request: LabPayload; readonly events: LabProgress | LabRowMessage; readonly result: void };
  /** Converts a checkpoint to ONNX (convert-runner.ts). */
  readonly convert: { readonly request: ConvertPayload; readonly events: ConvertProgress; readonly result: ConvertResult };
}

export type RequestKind = keyof RequestMap;

/** The wire form of a request of kind `K`. */
export type Request<K extends RequestKind> = { readonly type: K; readonly requestId: RequestId } & RequestMap[K]['request'];
/** The events a request of kind `K` streams. */
export type EventOf<K extends RequestKind> = RequestMap[K]['events'];
/** The result a request of kind `K` resolves with. */
export type ResultOf<K extends RequestKind> = RequestMap[K]['result'];

/** The terminal message of a request of kind `K` that succeeded. */
export type DoneOf<K extends RequestKind> = { readonly type: 'done'; readonly requestId: RequestId; readonly request: K } & ([ResultOf<K>] extends [void]
  ? { readonly result?: undefined }
  : { readonly result: ResultOf<K> });

export type LoadRequest = Request<'load'>;
export type GenerateRequest = Request<'generate'>;
export type StopRequest = Request<'stop'>;
export type DisposeRequest = Request<'dispose'>;
export type ProbeRequest = Request<'probe'>;
export type TokenizeRequest = Request<'tokenize'>;
export type StepRequest = Request<'step'>;
export type SuggestRequest = Request<'suggest'>;
export type LabRequest = Request<'lab'>;
export type ConvertRequest = Request<'convert'>;

export type ToWorker = { [K in RequestKind]: Request<K> }[RequestKind];
export type Done = { [K in RequestKind]: DoneOf<K> }[RequestKind];
export type WorkerEvent = { [K in RequestKind]: EventOf<K> }[RequestKind];
export type FromWorker = WorkerEvent | Done | ErrorMessage;

// --- errors -----------------------------------------------------------------------------------

export const ERROR_CODES = [
  'model_not_found',
  'offline_unavailable',
  'unsupported_dtype',
  'backend_unavailable',
  'out_of_memory',
  'network',
  'corrupt_model',
  /** A server answered a model file with a web page (an app's index.html for an unknown path). */
  'not_a_model_file',
  /** The page's own server (local/… models) could not be reached: not "not found". */
  'server_unreachable',
  /** A model file's download broke off part way (`value`: the file; `detail`: what the browser said). */
  'file_download_failed',
  'disk_folder_incomplete',
  /** A checkpoint could not be converted (`reason`: the converter's check that failed). */
  'convert_failed',
  /** A checkpoint would not fit this device's memory once converted (`value`: MB it needs; `max`: the device's MB); nothing was downloaded. */
  'convert_too_large',
  'context_exceeded',
  /**
   * The model worker ended or failed outside any request (`reason`: `worker_stopped` — killed, or
   * aborted for lack of memory; `worker_error` — an uncaught error). The page started a new one.
   */
  'worker_crashed',
  /** The WebGPU device was lost (destroyed, driver reset, GPU out of memory). The page started a new worker. */
  'gpu_device_lost',
  'no_model_loaded',
  'invalid_request',
  'nan_logits',
  'sampling_failed',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * Which check failed, where one code covers several (`invalid_request`, `unsupported_dtype`,
 * `internal`…); the catalogs have a sentence per reason (`error.<code>.<reason>`).
 */
export type ErrorReason =
  | 'empty_sequence'
  | 'token_out_of_vocab'
  | 'bad_prompt_length'
  | 'bad_uniform'
  | 'bad_settings'
  | 'bad_count'
  | 'no_dtypes'
  | 'empty_text'
  | 'bad_decode_tokens'
  | 'text_too_short'
  | 'not_a_file'
  | 'folder_no_runnable_dtype'
  | 'folder_lacks_dtype'
  | 'no_shader_f16'
  | 'config_incomplete'
  // corrupt_model: the ONNX file this load downloaded (named in `value`) could not be read
  | 'onnx_file'
  | 'tokenizer_mismatch'
  | 'no_logits'
  // worker_crashed: how the page learnt of it (src/state/worker-supervisor.ts)
  | 'worker_stopped'
  | 'worker_error'
  // convert_failed: the converter's codes (src/convert/errors.ts)
  | 'unsupported_model'
  | 'missing_weights'
  | 'damaged_file'
  | 'unsafe_pickle'
  | 'bad_tensor'
  | 'missing_tokenizer'
  | 'write_failed';

/** What the page needs to word an error: the request's model, and the failed check's values. */
export interface ErrorParams {
  readonly modelId?: string;
  readonly dtype?: string;
  readonly device?: string;
  /** The load was kept off the Hub (offline mode, or a model the page serves). */
  readonly offline?: boolean;
  readonly reason?: ErrorReason;
  /** The value that was refused (a token id, a length, a count). */
  readonly value?: number | string;
  /** The largest value allowed. */
  readonly max?: number;
  /** Files a folder lacks. */
  readonly missing?: readonly string[];
  /** The dtypes a folder has. */
  readonly available?: readonly string[];
}

/** An error as it crosses the boundary: a code and its parameters; the sentence is the page's (src/ui/i18n). */
export interface WorkerErrorInfo {
  readonly name: string;
  readonly code: ErrorCode;
  readonly params: ErrorParams;
  /** The library's own words, for the curious and for bug reports; null when we raised it ourselves. */
  readonly detail: string | null;
}

export interface ErrorMessage {
  readonly type: 'error';
  readonly requestId: RequestId;
  readonly error: WorkerErrorInfo;
}
