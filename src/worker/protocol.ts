/**
 * The messages between the page and the model worker: one union per direction, keyed on `type`.
 * Every request carries a `requestId` and ends with exactly one `done` or `error`; `load_progress`,
 * `ready` and `tokens` stream in between. Types only.
 */
import type { StorageOutcome } from './recording-cache.ts';
import type { DiskFileRef } from './disk-model-host.ts';
import type { ModelDtype, Support } from '../engine/backend-support.ts';
import type { DecodeReport, FinishReason, PanelSpec } from '../engine/decode-loop.ts';
import type { StepStages } from '../engine/stepper/pipeline-stages.ts';
import type { PrefillKind } from '../engine/autocomplete/shared-prefix.ts';
import type { SamplingSettings, SamplingStep } from '../engine/types.ts';
import type { GpuProbe } from './gpu-probe.ts';

export type RequestId = string;

/** `auto`: WebGPU when the browser offers an adapter, else WASM. */
export type DevicePreference = 'auto' | 'webgpu' | 'wasm';

export interface LoadRequest {
  readonly type: 'load';
  readonly requestId: RequestId;
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

export interface GenerateRequest {
  readonly type: 'generate';
  readonly requestId: RequestId;
  readonly prompt: string;
  /** 1 to 4 panels; they share the prompt and the model and run as one batch. */
  readonly panels: readonly PanelSpec[];
}

export interface StopRequest {
  readonly type: 'stop';
  readonly requestId: RequestId;
  /** The generate request to stop. */
  readonly target: RequestId;
  /** One panel's index, or null for all of them. */
  readonly panel: number | null;
}

export interface DisposeRequest {
  readonly type: 'dispose';
  readonly requestId: RequestId;
}

/** Splits a text into the loaded model's tokens (the step-by-step mode starts from the prompt's ids). */
export interface TokenizeRequest {
  readonly type: 'tokenize';
  readonly requestId: RequestId;
  readonly text: string;
}

// --- step by step (teaching mode "Paso a paso") ---
/** One step of the loop: a forward pass over `ids` (cropped to the context), then every pipeline stage. */
export interface StepRequest {
  readonly type: 'step';
  readonly requestId: RequestId;
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
// --- end step by step ---

// --- autocomplete (teaching mode "Autocompletar") ---
/** A few tokens of continuation for `text`, one alternative per seed, all in one batch. */
export interface SuggestRequest {
  readonly type: 'suggest';
  readonly requestId: RequestId;
  readonly text: string;
  readonly settings: SamplingSettings;
  /** One seed per alternative (1 to 4 rows of one batch). */
  readonly seeds: readonly number[];
  readonly maxNewTokens: number;
}
// --- end autocomplete ---

// --- quantization lab (teaching mode "Cuantización") ---
/** Loads each dtype of a model in turn and measures it against the first (the fp32 baseline). */
export interface LabRequest {
  readonly type: 'lab';
  readonly requestId: RequestId;
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
  /** ONNX file stem when not `model` (older Xenova exports: `decoder_model_merged`), as in `LoadRequest`. */
  readonly modelFileName?: string;
}
// --- end quantization lab ---

export type ToWorker = LoadRequest | GenerateRequest | StopRequest | DisposeRequest | TokenizeRequest | StepRequest | SuggestRequest | LabRequest;

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
  readonly device: 'webgpu' | 'wasm';
  /** Why the preferred backend was not used; null when it was. */
  readonly fallbackReason: string | null;
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

// --- step by step: results ---
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
// --- end step by step: results ---

// --- autocomplete: results ---
export interface SuggestResult {
  /** One continuation per seed, aligned with the request's seeds (shorter when cancelled). */
  readonly alternatives: readonly string[];
  /** Tokens of the text. */
  readonly promptTokens: number;
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
// --- end autocomplete: results ---

// --- quantization lab: messages ---
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
  readonly device: 'webgpu' | 'wasm';
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
// --- end quantization lab: messages ---

export type Done =
  | { readonly type: 'done'; readonly requestId: RequestId; readonly request: 'load' | 'stop' | 'dispose' | 'lab' }
  | { readonly type: 'done'; readonly requestId: RequestId; readonly request: 'generate'; readonly result: GenerationResult }
  | { readonly type: 'done'; readonly requestId: RequestId; readonly request: 'tokenize'; readonly result: TokenizeResult }
  | { readonly type: 'done'; readonly requestId: RequestId; readonly request: 'step'; readonly result: StepResult }
  | { readonly type: 'done'; readonly requestId: RequestId; readonly request: 'suggest'; readonly result: SuggestResult };

export const ERROR_CODES = [
  'model_not_found',
  'offline_unavailable',
  'unsupported_dtype',
  'backend_unavailable',
  'out_of_memory',
  'network',
  'corrupt_model',
  'disk_folder_incomplete',
  'context_exceeded',
  'no_model_loaded',
  'invalid_request',
  'nan_logits',
  'sampling_failed',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** An error as it crosses the boundary: a code to branch on and a message a person can act on. */
export interface WorkerErrorInfo {
  readonly name: string;
  readonly code: ErrorCode;
  readonly message: string;
  /** The library's own words, for the curious and for bug reports. */
  readonly detail: string | null;
  /** What was being loaded, so the page can name it in its own language. */
  readonly context?: ErrorContext;
}

/** The request an error belongs to. */
export interface ErrorContext {
  readonly modelId?: string;
  readonly dtype?: string;
  readonly device?: string;
  /** The load was kept off the Hub (offline mode, or a model the page serves). */
  readonly offline?: boolean;
}

export interface ErrorMessage {
  readonly type: 'error';
  readonly requestId: RequestId;
  readonly error: WorkerErrorInfo;
}

export type FromWorker = LoadProgress | Ready | Tokens | PanelDone | LabProgress | LabRowMessage | Done | ErrorMessage;

/** For the `default:` of every switch over a message union: a new member is a compile error. */
export function exhaustiveSwitchError(value: never): never {
  throw new Error(`Unhandled message: ${JSON.stringify(value)}`);
}
